"""The reader's own tags and notes, and saved searches, in the triage database: committed
as they change, undoable step by step, surviving a restart, and a version 2 database
migrated with its undo log intact.

State is checked through a fresh ``TriageState`` on the same database: what was committed,
not what one instance keeps in memory.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from old_triage_schemas import VERSION_2_SCHEMA

from tui_reader.data.triage import (
    Flag,
    TagEdit,
    TagError,
    TriageState,
    parse_tag_edit,
    saved_searches_in,
)
from tui_reader.data.triage.database import SCHEMA_VERSION
from tui_reader.data.triage.searches import SearchNameError


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


def test_tags_are_added_removed_and_kept(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as state:
        step = state.edit_tags(["a", "b"], TagEdit(add=("policing", "follow-up")))
        assert step is not None and step.kind == "tag" and step.keys == ("a", "b")
        assert step.added == ("follow-up", "policing") and step.removed == ()
        state.edit_tags("a", TagEdit(remove=("policing",)))
    with TriageState(feed, db) as state:
        assert state.tags("a") == ("follow-up",)
        assert state.tags("b") == ("follow-up", "policing")
        assert state.tag_counts() == {"follow-up": 2, "policing": 1}
        assert set(state.keys_with_tag("policing")) == {"b"}
        assert state.flags("b").tags == ("follow-up", "policing")


def test_a_tag_edit_that_changes_nothing_is_no_step(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as state:
        state.edit_tags("a", TagEdit(add=("x",)))
        assert state.edit_tags("a", TagEdit(add=("x",), remove=("y",))) is None
        assert state.undo_depth() == 1


def test_undo_steps_back_through_tags_and_notes_in_order(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as state:
        state.set_flag(Flag.STARRED, "a", True)
        state.edit_tags(["a", "b"], TagEdit(add=("keep",)))
        state.edit_tags("a", TagEdit(add=("more",), remove=("keep",)))
        state.set_note("a", "first draft")
        state.set_note("a", "second\nline two")
        generation = state.generation
        undone = state.undo()
        assert undone is not None and undone.kind == "note"
        assert state.generation > generation and state.changed_since(generation) == {"a"}
    with TriageState(feed, db) as state:
        assert state.note("a") == "first draft"
        state.undo()  # the first note
        assert state.note("a") == ""
        step = state.undo()  # +more -keep on a
        assert step is not None and step.added == ("more",) and step.removed == ("keep",)
        assert state.tags("a") == ("keep",)
        state.undo()  # +keep on a and b
        assert state.tags("a") == state.tags("b") == ()
        state.undo()
        assert not state.is_starred("a")
        assert state.undo() is None


def test_notes_are_cleaned_and_an_empty_note_removes_it(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as state:
        step = state.set_note("a", "  watch \x1b[31mthis\x1b[0m\r\nclosely\n\n")
        assert step is not None and step.value is True
        assert state.note("a") == "watch this\nclosely"
        assert state.set_note("a", "watch this\nclosely") is None  # unchanged: no step
        removed = state.set_note("a", "   ")
        assert removed is not None and removed.value is False and removed.describe()
    with TriageState(feed, db) as state:
        assert state.note("a") == "" and not state.keys_with_note()


def test_two_instances_see_each_others_tags_after_refresh(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as one, TriageState(feed, db) as two:
        one.edit_tags("a", TagEdit(add=("shared",)))
        one.set_note("a", "from one")
        assert two.refresh()
        assert two.tags("a") == ("shared",) and two.note("a") == "from one"


def test_tags_are_per_feed(tmp_path: Path, db: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    with TriageState(one, db) as state:
        state.edit_tags("a", TagEdit(add=("mine",)))
    with TriageState(two, db) as state:
        assert state.tags("a") == ()


@pytest.mark.parametrize(
    ("text", "add", "remove"),
    [
        ("policing", ("policing",), ()),
        ("+Policing, follow-up -draft", ("policing", "follow-up"), ("draft",)),
        ("a -a", (), ("a",)),
        ("-a a", ("a",), ()),
        ("  ", (), ()),
    ],
)
def test_tag_edits_are_parsed(text: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    assert parse_tag_edit(text) == TagEdit(add, remove)


@pytest.mark.parametrize("text", ["--x", "+", "!x", "x" * 65])
def test_bad_tags_are_refused(text: str) -> None:
    with pytest.raises(TagError):
        parse_tag_edit(text)


def test_saved_searches_are_global_and_read_without_creating(tmp_path: Path, db: Path) -> None:
    assert saved_searches_in(db) == {} and not db.exists()
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    with TriageState(one, db) as state:
        state.save_search("Policing", "topic:policing is:unread")
        state.save_search("ring", "ring")
        state.save_search("ring", "ring police")  # replaced
        with pytest.raises(SearchNameError):
            state.save_search("two words", "x")
    with TriageState(two, db) as state:
        assert state.saved_searches() == {
            "policing": "topic:policing is:unread",
            "ring": "ring police",
        }
        assert state.forget_search("ring") and not state.forget_search("ring")
        assert state.undo_depth() == 0  # saving a search is not triage
    assert saved_searches_in(db) == {"policing": "topic:policing is:unread"}


def test_a_version_2_database_keeps_its_undo_log(feed: Path, db: Path) -> None:
    db.parent.mkdir(parents=True)
    old = sqlite3.connect(db)
    old.executescript(VERSION_2_SCHEMA)
    root = str(feed.resolve())
    old.execute("INSERT INTO flags VALUES (?, 'a', ?)", (root, Flag.READ.value))
    old.execute("INSERT INTO steps VALUES (7, ?, 'flag', ?, 1, 0)", (root, Flag.READ.value))
    old.execute("INSERT INTO step_keys VALUES (7, 'a')")
    old.commit()
    old.close()
    with TriageState(feed, db) as state:
        assert state.is_read("a") and state.undo_depth() == 1
        state.edit_tags("a", TagEdit(add=("new",)))
        assert state.undo_depth() == 2
        state.undo()
        step = state.undo()  # the version 2 step, still there and still undoable
        assert step is not None and step.id == 7 and not state.is_read("a")
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
        # New step ids go on after the copied ones (no id is given twice).
        check.execute("INSERT INTO steps (feed, kind, value, created) VALUES ('f', 'tag', 1, 0)")
        assert check.execute("SELECT MAX(id) FROM steps").fetchone()[0] > 7
    finally:
        check.close()


def test_pruned_steps_take_their_tag_rows_with_them(
    feed: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.data.triage import state as state_module

    monkeypatch.setattr(state_module, "UNDO_DEPTH", 2)
    with TriageState(feed, db) as state:
        for name in ("a", "b", "c", "d"):
            state.edit_tags(name, TagEdit(add=("t",)))
    check = sqlite3.connect(db)
    try:
        assert check.execute("SELECT COUNT(*) FROM step_tags").fetchone()[0] == 2
    finally:
        check.close()
