"""Filtering, ranking and highlight spans of ``Matcher.run``."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_fixtures import Flags, article, small_store

from tui_reader.data.loader import load_feed
from tui_reader.data.store import SortKey, Store
from tui_reader.data.tokens import folded_with_origin
from tui_reader.query import Matcher, QueryError
from tui_reader.resources import sample_feed_dir


def keys(
    store: Store, text: str, sort: SortKey = SortKey.DATE, triage: Flags | None = None
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
    flags = Flags(read={"ring", "cafe"}, starred={"heat"}, archived={"amazon"})
    assert keys(store, "is:read", triage=flags) == ["cafe", "ring"]
    assert keys(store, "is:unread", triage=flags) == ["heat", "amazon", "undated"]
    assert keys(store, "is:starred", triage=flags) == ["heat"]
    assert keys(store, "is:archived", triage=flags) == ["amazon"]
    assert keys(store, "!is:archived is:unread", triage=flags) == ["heat", "undated"]


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


def test_invalidate_sees_new_articles(store: Store) -> None:
    matcher = Matcher(store)
    assert keys(store, "'metro") == []
    matcher.run("metro")
    store.add([article("metro", "Metro Fares Frozen", day=28)])
    matcher.invalidate()
    assert [store[uid].key for uid in matcher.run("'metro").uids] == ["metro"]


def test_malformed_query_raises_query_error(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        Matcher(store).run("dreams after:yesterdayish")
    assert caught.value.term == "after:yesterdayish"


@pytest.fixture
def sample_store() -> Store:
    try:
        feed = sample_feed_dir()
    except FileNotFoundError:
        pytest.skip("no bundled sample feed in this checkout")
    if not any(Path(feed).glob("000_*")):
        pytest.skip("the seed files are not in the sample feed yet")
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
