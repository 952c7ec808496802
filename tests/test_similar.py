"""'More like this': shared topics count double, title words once, and the index follows
the store as articles come, change and go."""

from __future__ import annotations

import threading
from dataclasses import replace

from test_store import article

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.ui.similar import SimilarArticles


def titles(found: list[Article]) -> list[str]:
    return [a.title for a in found]


def test_shared_topics_count_double_and_ties_go_to_the_first_loaded() -> None:
    shown = article("a", title="Transit budget vote", topics=("Transit", "Budget"))
    topic_and_word = article("b", title="Transit fares", topics=("Transit",))
    both_topics = article("c", title="Something else", topics=("budget", "transit"))
    one_word = article("d", title="Budget hearings")
    one_word_later = article("e", title="Budget overruns")
    unrelated = article("f", title="Gardening tips", topics=("Home",))
    store = Store([shown, topic_and_word, both_topics, one_word, one_word_later, unrelated])
    similar = SimilarArticles(store)
    # c: two topics (4); b: a topic and "transit" (3); d, e: "budget" once each (1).
    assert titles(similar.like(shown)) == [
        "Something else",
        "Transit fares",
        "Budget hearings",
        "Budget overruns",
    ]
    assert titles(similar.like(shown, limit=2, exclude={both_topics.uid})) == [
        "Transit fares",
        "Budget hearings",
    ]


def test_the_same_page_saved_twice_and_short_words_are_not_similar() -> None:
    shown = article("a", title="City council approves plan")
    copy = article("a2", title="City council approves plan", key=shown.key)
    short = article("b", title="City plan")  # "city" and "plan" are four letters: shared
    tiny = article("c", title="Big day for a cat")  # nothing of four letters in common
    store = Store([shown, copy, short, tiny])
    assert titles(SimilarArticles(store).like(shown)) == ["City plan"]


def test_the_index_follows_additions_edits_and_removals() -> None:
    shown = article("a", title="Harbour dredging resumes", topics=("Ports",))
    other = article("b", title="Airport expansion")
    store = Store([shown, other])
    similar = SimilarArticles(store)
    similar.prepare()
    assert similar.like(shown) == []
    added = store.add([article("c", title="Dredging contract signed")])
    assert titles(similar.like(shown)) == ["Dredging contract signed"]
    store.replace(other.uid, replace(other, title="Harbour pilots strike", topics=("ports",)))
    assert titles(similar.like(shown)) == ["Harbour pilots strike", "Dredging contract signed"]
    store.replace(other.uid, replace(other, title="Airport expansion again"))
    store.remove(added)
    assert similar.like(shown) == []


def test_prepared_in_a_thread_while_the_store_grows() -> None:
    shown = article("a", title="Wildfire season outlook", topics=("Climate",))
    store = Store([shown, *(article(f"n{i}", title=f"Noise {i}") for i in range(200))])
    similar = SimilarArticles(store)
    worker = threading.Thread(target=similar.prepare)
    worker.start()
    store.add([article("late", title="Wildfire smoke", topics=("climate",))])
    worker.join()
    assert titles(similar.like(shown)) == ["Wildfire smoke"]
