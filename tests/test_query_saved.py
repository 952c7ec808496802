"""The query language's own-annotation terms and saved searches: ``tag:`` over the
reader's tags and the file's topics, ``note:``, ``has:``, ``search:NAME`` (with cycles
named), and the counts a saved search shows; all following the triage state as it
changes, like ``is:``."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_fixtures import small_store

from tui_reader.data.store import SortKey
from tui_reader.data.triage import FixedTriage, Flag, TagEdit, TriageFlags, TriageState
from tui_reader.query import Matcher, QueryError, parse
from tui_reader.query.parsed_query import SearchTerm


def keys(matcher: Matcher, text: str, triage: FixedTriage | TriageState) -> list[str]:
    store = matcher.store
    return [store[uid].key for uid in matcher.run(text, SortKey.DATE, triage).uids]


def annotated() -> FixedTriage:
    return FixedTriage(
        {
            "heat": TriageFlags(read=True, tags=("follow-up", "newsletter")),
            "cafe": TriageFlags(tags=("newsletter",), note="Call the owners' association"),
            "amazon": TriageFlags(note="Compare with the Ring story"),
        }
    )


def test_tag_matches_the_readers_tags_and_the_files_topics() -> None:
    matcher = Matcher(small_store())
    triage = annotated()
    assert keys(matcher, "tag:newsletter", triage) == ["cafe", "heat"]
    assert keys(matcher, "tag:policing", triage) == ["ring"]  # a topic of the file
    assert keys(matcher, "tag:follow", triage) == ["heat"]  # a part of the tag
    assert keys(matcher, "topic:newsletter", triage) == []  # topic: is the file's only
    assert keys(matcher, "!tag:newsletter", triage) == ["ring", "amazon", "undated"]


def test_note_and_has() -> None:
    matcher = Matcher(small_store())
    triage = annotated()
    assert keys(matcher, "note:ring", triage) == ["amazon"]
    assert keys(matcher, "note:OWNERS", triage) == ["cafe"]  # case folded
    assert keys(matcher, 'note:"the ring story"', triage) == ["amazon"]
    assert keys(matcher, "has:note", triage) == ["cafe", "amazon"]
    assert keys(matcher, "has:tag", triage) == ["cafe", "heat"]
    assert keys(matcher, "has:tag !is:read", triage) == ["cafe"]


@pytest.mark.parametrize(
    ("text", "incomplete"),
    [("note:", True), ("has:", True), ("has:no", True), ("has:everything", False)],
)
def test_half_typed_terms(text: str, incomplete: bool) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.incomplete is incomplete


def test_terms_follow_tags_and_notes_as_they_change(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    matcher = Matcher(small_store())
    with TriageState(feed, tmp_path / "t.sqlite3") as state:
        assert keys(matcher, "tag:keep", state) == []
        state.edit_tags(["ring", "cafe"], TagEdit(add=("keep",)))
        assert keys(matcher, "tag:keep", state) == ["cafe", "ring"]
        state.edit_tags("cafe", TagEdit(remove=("keep",)))
        assert keys(matcher, "tag:keep", state) == ["ring"]
        state.set_note("heat", "Union statement due Friday")
        assert keys(matcher, "note:friday", state) == ["heat"]
        assert keys(matcher, "has:note", state) == ["heat"]
        state.undo()
        assert keys(matcher, "has:note", state) == []
        assert keys(matcher, "tag:keep", state) == ["ring"]


SEARCHES = {
    "dreams": "provider:dreams",
    "hot": "heat:>=30",
    "hot-dreams": "search:dreams search:hot",
    "either": "search:dreams | tag:labor",
}


def test_a_search_reference_selects_what_the_saved_query_does() -> None:
    matcher = Matcher(small_store(), searches=SEARCHES)
    triage = FixedTriage({})
    assert keys(matcher, "search:dreams", triage) == ["ring", "amazon"]
    assert keys(matcher, "search:hot-dreams quality:>=50", triage) == ["ring"]
    assert keys(matcher, "search:either", triage) == ["heat", "ring", "amazon"]
    assert keys(matcher, "!search:dreams", triage) == ["cafe", "heat", "undated"]
    assert keys(matcher, "search:DREAMS", triage) == ["ring", "amazon"]  # names in lower case


def test_a_search_named_in_a_saved_query_brings_its_triage_terms() -> None:
    matcher = Matcher(small_store(), searches={"gone": "is:archived", "fresh": "is:unread"})
    triage = FixedTriage({"cafe": TriageFlags(archived=True), "ring": TriageFlags(read=True)})
    query = parse("search:fresh", matcher.searches)
    assert query.depends_on(Flag.READ) and not query.depends_on(Flag.STARRED)
    # The view "all" leaves archived articles out, unless the search names is:archived.
    assert matcher.count("search:gone", triage) == (1, 1)
    assert matcher.count("search:fresh", triage) == (3, 3)
    assert matcher.count("", triage) == (4, 3)


def test_a_cycle_is_an_error_naming_it() -> None:
    searches = {"a": "search:b ring", "b": "is:unread search:c", "c": "search:a", "d": "search:d"}
    with pytest.raises(QueryError) as caught:
        parse("search:a", searches)
    assert "search:a → search:b → search:c → search:a" in caught.value.message
    with pytest.raises(QueryError) as caught:
        parse(searches["d"], searches, within=["d"])
    assert "search:d → search:d" in caught.value.message
    # Referring to a search twice, side by side, is no cycle.
    query = parse("search:e search:e", {"e": "ring"})
    assert all(isinstance(t.atom, SearchTerm) for c in query.clauses for t in c.terms)


def test_unknown_searches() -> None:
    with pytest.raises(QueryError) as caught:
        parse("search:pol", {"policing": "topic:policing"})
    assert caught.value.incomplete  # still being typed
    with pytest.raises(QueryError) as caught:
        parse("search:xyz ", {"policing": "topic:policing"})
    assert not caught.value.incomplete and "policing" in caught.value.message
    with pytest.raises(QueryError) as caught:
        parse("search:bad", {"bad": "quality:>>"})
    assert "does not run" in caught.value.message


def test_counts_are_total_and_unread_and_follow_the_state(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    matcher = Matcher(small_store(), searches={"dreams": "provider:dreams"})
    with TriageState(feed, tmp_path / "t.sqlite3") as state:
        assert matcher.count("search:dreams", state) == (2, 2)
        state.set_flag(Flag.READ, "ring", True)
        assert matcher.count("search:dreams", state) == (2, 1)
        state.set_flag(Flag.ARCHIVED, "amazon", True)
        assert matcher.count("search:dreams", state) == (1, 0)
        # The same numbers as the list in view "all" and "unread".
        from tui_reader.query.views import View

        assert len(matcher.run("search:dreams", triage=state, view=View.ALL).uids) == 1
        assert len(matcher.run("search:dreams", triage=state, view=View.UNREAD).uids) == 0
