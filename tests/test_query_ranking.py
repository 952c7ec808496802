"""Filtering, ranking and highlight spans of ``Matcher.run``."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_fixtures import DREAMS, WIRE, ZURICH, article, flags, small_store

from tui_reader.data import store as store_module
from tui_reader.data.model import Article, Provider
from tui_reader.data.session import load_feed
from tui_reader.data.store import SortKey, Store
from tui_reader.data.tokens import folded_with_origin
from tui_reader.data.triage import TriageView
from tui_reader.query import Matcher, QueryError
from tui_reader.query.views import View
from tui_reader.resources import sample_feed_dir


def keys(
    store: Store, text: str, sort: SortKey = SortKey.DATE, triage: TriageView | None = None
) -> list[str]:
    result = Matcher(store).run(text, sort, triage)
    return [store[uid].key for uid in result.uids]


@pytest.fixture
def store() -> Store:
    return small_store()


def test_empty_query_is_the_sort_order(store: Store) -> None:
    assert keys(store, "") == ["cafe", "heat", "ring", "amazon", "undated"]
    assert keys(store, "", SortKey.QUALITY)[0] == "cafe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'ring", ["ring"]),
        ("^warehouse", ["heat"]),
        ("^common", ["ring", "amazon"]),  # provider name starts with it
        ("org$", ["ring", "amazon"]),  # the domain ends with it
        ('"corporate surveillance"', ["amazon"]),
        ("provider:dreams", ["ring", "amazon"]),
        ("provider:comon", ["ring", "amazon"]),  # fuzzy on the value
        ("domain:zz", ["cafe"]),
        ("topic:privacy", ["ring"]),
        ("category:opinion", ["cafe"]),
        ("type:video", ["ring"]),
        ("quality:>=55", ["cafe", "ring"]),
        ("quality:<30", ["heat"]),
        ("quality:=30", ["amazon"]),
        ("heat:>50", ["ring"]),
        ("heat:<=5", ["cafe"]),
        ("after:2021-06-12", ["cafe", "heat", "ring"]),
        ("before:2021-06-12", ["amazon"]),
        ("after:2021-06-11 before:2021-06-21", ["heat", "ring"]),
        ("published:yes", ["cafe", "ring"]),
        ("published:no", ["amazon"]),
        ("published:unset", ["heat", "undated"]),
    ],
)
def test_each_term_selects(store: Store, text: str, expected: list[str]) -> None:
    assert keys(store, text) == expected


def test_negation(store: Store) -> None:
    assert keys(store, "!ring") == ["cafe", "heat", "amazon", "undated"]
    assert keys(store, "!provider:dreams") == ["cafe", "heat", "undated"]
    assert keys(store, "!quality:>=30") == ["heat", "undated"]
    assert keys(store, "!^new") == ["cafe", "heat", "ring", "undated"]


def test_or_and_combinations(store: Store) -> None:
    assert sorted(keys(store, "warehouse | zurich")) == ["cafe", "heat"]
    assert keys(store, "provider:dreams quality:>40") == ["ring"]
    assert keys(store, "provider:dreams | topic:housing !ring") == ["cafe", "amazon"]


def test_case_and_accents_do_not_matter(store: Store) -> None:
    assert keys(store, "ZURICH") == ["cafe"]
    assert keys(store, "'cafe") == ["cafe"]
    assert keys(store, "'ZÜRCHER") == ["cafe"]


def test_triage_terms(store: Store) -> None:
    assert len(keys(store, "is:unread")) == 5  # no triage: nothing is read
    assert keys(store, "is:starred") == []
    triage = flags(read={"ring", "cafe"}, starred={"heat"}, archived={"amazon"})
    assert keys(store, "is:read", triage=triage) == ["cafe", "ring"]
    assert keys(store, "is:unread", triage=triage) == ["heat", "amazon", "undated"]
    assert keys(store, "is:starred", triage=triage) == ["heat"]
    assert keys(store, "is:archived", triage=triage) == ["amazon"]
    assert keys(store, "!is:archived is:unread", triage=triage) == ["heat", "undated"]


def test_typos_and_abbreviations(store: Store) -> None:
    assert keys(store, "amzn surveil") == ["amazon"]
    assert keys(store, "comon dreams")[:2] == ["ring", "amazon"]
    assert keys(store, "warehuose") == ["heat"]


def test_nonsense_matches_nothing(store: Store) -> None:
    assert keys(store, "xqzvkj") == []
    assert keys(store, "qqq") == []


def test_best_match_first_then_newest(store: Store) -> None:
    # "dreams" is a whole word of the two Common Dreams providers and of the undated
    # article's title: the title ranks first, then, at equal scores, newest first.
    assert keys(store, "dreams") == ["undated", "ring", "amazon"]
    # Free words match tokens from their start: "rin" is in "Bring" but does not match it.
    extra = Store(
        [
            article("inside", "Bring the noise", day=30),
            article("start", "Ring the bell", day=1),
        ]
    )
    assert keys(extra, "rin") == ["start"]
    assert keys(extra, "'rin") == ["start", "inside"]  # the exact operator still does


def test_ranked_result_is_a_lazy_sequence(store: Store) -> None:
    uids = Matcher(store).run("c").uids
    assert len(uids) == 5
    everything = list(uids)
    assert uids[:2] == everything[:2]
    assert uids[-1] == everything[-1]
    with pytest.raises(IndexError):
        uids[5]


def test_highlights_index_the_original_strings(store: Store) -> None:
    result = Matcher(store).run("amzn surveil dreams")
    amazon = next(uid for uid in result.uids if store[uid].key == "amazon")
    highlight = result.highlight(amazon)
    assert highlight is not None
    title = store[amazon].title
    # A subsequence is lit up to its last letter, a prefix as far as it was typed.
    assert [title[a:b] for a, b in highlight.title] == ["Amazon", "Surveil"]
    assert [store[amazon].provider.name[a:b] for a, b in highlight.provider] == ["Dreams"]


def test_highlights_map_back_through_folding() -> None:
    store = Store([article("lig", "Die Straße der ﬁnanzen in Zürich", day=3)])
    result = Matcher(store).run("strasse finanzen zurich")
    (uid,) = result.uids
    highlight = result.highlight(uid)
    assert highlight is not None
    title = store[uid].title
    assert [title[a:b] for a, b in highlight.title] == ["Straße", "ﬁnanzen", "Zürich"]


def test_folded_with_origin_lengths() -> None:
    folded, origin = folded_with_origin("Straße ﬁ É")
    assert folded == "strasse fi e"
    assert len(origin) == len(folded)
    assert origin[:7] == [0, 1, 2, 3, 4, 4, 5]


def test_highlight_of_unmatched_uid_is_none(store: Store) -> None:
    result = Matcher(store).run("ring")
    outside = next(a.uid for a in store if a.key == "cafe")
    assert result.highlight(outside) is None


def test_refinement_gives_the_same_result_as_a_fresh_query(store: Store) -> None:
    typing = Matcher(store)
    for end in range(1, len("comon dreams !ring") + 1):
        text = "comon dreams !ring"[:end]
        if text.endswith("!"):
            continue
        assert list(typing.run(text).uids) == list(Matcher(store).run(text).uids), text


def test_a_changed_store_is_seen_without_being_told(store: Store) -> None:
    matcher = Matcher(store)
    assert keys(store, "'metro") == []
    matcher.run("metro")
    store.add([article("metro", "Metro Fares Frozen", day=28)])
    assert [store[uid].key for uid in matcher.run("'metro").uids] == ["metro"]


def test_malformed_query_raises_query_error(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        Matcher(store).run("dreams after:yesterdayish")
    assert caught.value.term == "after:yesterdayish"


@pytest.fixture
def sample_store() -> Store:
    feed = sample_feed_dir()
    assert any(Path(feed).glob("000_*")), "the seeds belong in the sample feed"
    return Store(load_feed([str(feed)], use_cache=False).articles)


def test_sample_feed_amzn_surveil_finds_the_amazon_surveillance_reports(
    sample_store: Store,
) -> None:
    # The two seeds and the third report of the same campaign; the one whose title has
    # "Amazon’s Surveillance" side by side ranks first.
    result = Matcher(sample_store).run("amzn surveil")
    found = [sample_store[uid].rel_path[:4] for uid in result.uids]
    assert found == ["002_", "000_", "001_"]


def test_sample_feed_comon_dreams_finds_common_dreams_first(sample_store: Store) -> None:
    result = Matcher(sample_store).run("comon dreams")
    dreams = sum(1 for a in sample_store if a.provider.name == "Common Dreams")
    first = [sample_store[uid].provider.name for uid in result.uids[:dreams]]
    assert dreams and first == ["Common Dreams"] * dreams


# -- the match definition of issue 11: ranking and highlights ------------------------------


def test_exact_then_prefix_then_typo_then_subsequence_then_fields() -> None:
    store = Store(
        [
            article("exact", "Amazon workers strike", day=1),
            article("provider", "Daily briefing", Provider("Amazon Wire", "aw.example"), day=2),
            article("topic", "Forest fires spread", day=3, topics=("Amazon",)),
            article("prefix", "Amazonian forests shrink", day=20),
            article("typo", "Amazom outage ends", day=25),  # "amazon" is one edit away
            article("subsequence", "Amazzoonn rocket launch", day=28),  # 2 edits off
            article("other", "Nothing to see", day=29),
        ]
    )
    # Tier first (exact > prefix > typo > subsequence), then title > provider > topic,
    # dates only between equals.
    assert keys(store, "amazon") == [
        "exact", "provider", "topic", "prefix", "typo", "subsequence",
    ]  # fmt: skip


def test_words_next_to_each_other_in_query_order_rank_higher() -> None:
    store = Store(
        [
            article("adjacent", "Rent cap approved", day=1),
            article("reversed", "Cap rent hikes, tenants say", day=10),
            article("apart", "Rent rises despite cap", day=20),
        ]
    )
    assert keys(store, "rent cap") == ["adjacent", "apart", "reversed"]
    assert keys(store, "cap rent") == ["reversed", "apart", "adjacent"]


def test_adjacency_counts_inside_a_provider_name() -> None:
    store = Store(
        [
            article("title", "Dreams of a common market", WIRE, day=20),
            article("provider", "Budget vote", DREAMS, day=1),
        ]
    )
    # Same tiers (exact, exact) but "Common Dreams" holds the words side by side.
    assert keys(store, "common dreams") == ["provider", "title"]


def test_equal_matches_come_newest_first() -> None:
    store = Store([article(f"d{day}", "Ring changes", day=day) for day in (3, 9, 1, 5)])
    assert keys(store, "ring") == ["d9", "d5", "d3", "d1"]


@pytest.mark.parametrize(
    ("query", "lit"),
    [
        ("amaz", ["Amaz"]),  # a prefix, as far as it was typed
        ("amazon", ["Amazon"]),  # the possessive: "Amazon's" holds the token "amazon"
        ("amazno", ["Amazon"]),  # a typo: the token's prefix of the word's length
        ("amzn", ["Amazon"]),  # an abbreviation: up to its last letter
        ("surveil push", ["Push", "Surveil"]),
    ],
)
def test_highlights_come_from_the_matched_tokens(query: str, lit: list[str]) -> None:
    store = Store([article("a", "Amazon's Push for Total Surveillance", DREAMS)])
    result = Matcher(store).run(query)
    (uid,) = result.uids
    highlight = result.highlight(uid)
    assert highlight is not None
    assert [store[uid].title[a:b] for a, b in highlight.title] == lit


def test_free_words_search_topics_and_authors(store: Store) -> None:
    assert keys(store, "policing") == ["ring"]  # a topic only
    assert keys(store, "zeitung") == ["cafe"]  # the provider name (which stands in for authors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tag:privacy", ["ring"]),
        ("tag:ai", ["amazon"]),
        ("author:dreams", ["ring", "amazon"]),
        ("url:https://example.org/cafe", ["cafe"]),
        ("url:http://www.example.org/cafe/", ["cafe"]),  # same page: scheme, www., slash
        ("https://example.org/cafe", ["cafe"]),  # a pasted URL as a free word
        ("url:example.org/ring", ["ring"]),  # part of a URL
        ("!url:example.org", ["heat", "amazon", "undated"]),
    ],
)
def test_tag_author_and_url_terms(text: str, expected: list[str]) -> None:
    store = small_store()
    store.add(
        [
            article("cafe", "Café Owners in Zürich", ZURICH, day=25, web_url="https://example.org/cafe"),
            article("ring", "Ring Changes", DREAMS, day=12, original_url="https://example.org/ring",
                    topics=("Privacy",)),
        ]
    )  # fmt: skip
    for uid in list(store.uids())[:4]:
        if store[uid].key in ("cafe", "ring"):
            store.remove([uid])
    assert keys(store, text) == expected


def test_a_word_of_several_tokens_needs_them_all() -> None:
    store = Store(
        [
            article("att", "AT&T outage hits millions", Provider(), day=1),
            article("at", "At a border crossing", Provider(), day=2),
        ]
    )
    assert keys(store, "at&t") == ["att"]
    assert keys(store, "at") == ["at", "att"]


def test_half_typed_field_term_is_an_incomplete_error(store: Store) -> None:
    matcher = Matcher(store)
    assert keys(store, "ring") == ["ring"]
    for text in ("ring provider:", "ring quality:>=", "ring is:un", "ring after:2021-0"):
        with pytest.raises(QueryError) as caught:
            matcher.run(text)
        assert caught.value.incomplete, text
    with pytest.raises(QueryError) as caught:
        matcher.run("ring colour:red")
    assert not caught.value.incomplete


def test_index_prepared_ahead_is_not_used_after_the_store_changed(store: Store) -> None:
    matcher = Matcher(store)
    matcher.prepare()  # a worker, after loading
    store.add([article("metro", "Metro Fares Frozen", day=28)])
    # The index prepared before the change is of the old store: not handed over.
    assert [store[uid].key for uid in matcher.run("metro").uids] == ["metro"]
    matcher.prepare()
    assert [store[uid].key for uid in matcher.run("metr").uids] == ["metro"]


def test_index_read_while_the_store_changes_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker builds the index while the UI thread adds a batch (here: in the middle
    of sorting): the index is of the store as it ended up, and the store does not keep
    the order it was sorting when the change came."""
    store = Store([article("early", "Early Bird", day=1), article("mid", "Mid Term", day=5)])
    by_date, reverse = store_module._SORTS[SortKey.DATE]
    calls = 0

    def key_that_lets_a_batch_land(article_: Article) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            store.add([article("late", "Late Arrival", day=30)])
        return by_date(article_)

    monkeypatch.setitem(store_module._SORTS, SortKey.DATE, (key_that_lets_a_batch_land, reverse))
    matcher = Matcher(store)
    matcher.prepare()
    index = matcher.index
    assert [store[uid].key for uid in index.uids] == ["late", "mid", "early"]
    assert [store[uid].key for uid in store.sorted_uids()] == ["late", "mid", "early"]


def test_views_alone_and_with_words_agree(store: Store) -> None:
    """A view alone is answered without the text index; with a word, through it: the
    articles must be the same either way."""
    triage = flags(read={"ring", "cafe"}, starred={"heat", "ring"}, archived={"amazon"})
    matcher = Matcher(store)
    everything = {store[uid].key for uid in matcher.run("").uids}
    for view in View:
        alone = {store[uid].key for uid in matcher.run("", triage=triage, view=view).uids}
        # "!zzzz" holds for every article, but makes the engine take the indexed path.
        indexed = matcher.run("!'zzzz", triage=triage, view=view).uids
        assert alone == {store[uid].key for uid in indexed} and alone <= everything, view
