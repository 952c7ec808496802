"""Filtering, ranking and highlight spans of ``Matcher.run``."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_fixtures import article, flags, small_store

from tui_reader.data.session import load_feed
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import TriageView
from tui_reader.query import Matcher, QueryError
from tui_reader.query.results import folded_with_origin
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
    # "dreams" is a whole word of the two Common Dreams providers and of "undated";
    # at equal scores the newest comes first and the undated one last.
    assert keys(store, "dreams") == ["ring", "amazon", "undated"]
    # A word start outranks a match inside a word, whatever the dates.
    extra = Store(
        [
            article("inside", "Bring the noise", day=30),
            article("start", "Ring the bell", day=1),
        ]
    )
    assert keys(extra, "rin") == ["start", "inside"]


def test_ranked_result_is_a_lazy_sequence(store: Store) -> None:
    uids = Matcher(store).run("e").uids
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
    assert [title[a:b] for a, b in highlight.title] == ["Amaz", "Surveil"]
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


def test_sample_feed_amzn_surveil_finds_seed_000(sample_store: Store) -> None:
    result = Matcher(sample_store).run("amzn surveil")
    assert sample_store[result.uids[0]].rel_path.startswith("000_")


def test_sample_feed_comon_dreams_finds_common_dreams_first(sample_store: Store) -> None:
    result = Matcher(sample_store).run("comon dreams")
    dreams = sum(1 for a in sample_store if a.provider.name == "Common Dreams")
    first = [sample_store[uid].provider.name for uid in result.uids[:dreams]]
    assert dreams and first == ["Common Dreams"] * dreams


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
