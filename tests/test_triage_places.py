"""Where the reader was, per feed, in the triage database; and the schema migration that
added it (a database written by the previous version opens and keeps everything)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from old_triage_schemas import VERSION_1_SCHEMA

from tui_reader.data.triage import Flag, Place, TriageState
from tui_reader.data.triage.database import SCHEMA_VERSION


def test_a_place_is_kept_per_feed(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    with TriageState(one, db) as state:
        assert state.place() is None
        state.remember_place(Place("a.md", "ring", "unread", "heat"))
        state.remember_place(Place("b.md", "ring police", "unread", "heat"))
    with TriageState(two, db) as state:
        assert state.place() is None
        state.remember_place(Place("z.md"))
    with TriageState(one, db) as state:
        assert state.place() == Place("b.md", "ring police", "unread", "heat")
        assert state.undo_depth() == 0  # not a step of the undo log


def test_a_version_1_database_is_migrated_and_keeps_its_flags(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    db = tmp_path / "triage.sqlite3"
    old = sqlite3.connect(db)
    old.executescript(VERSION_1_SCHEMA)
    old.execute(
        "INSERT INTO flags VALUES (?, 'a.md', ?)", (str(feed.resolve()), Flag.STARRED.value)
    )
    old.commit()
    old.close()
    with TriageState(feed, db) as state:
        assert state.is_starred("a.md")
        state.remember_place(Place("a.md"))
        assert state.place() == Place("a.md")
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    finally:
        check.close()


def test_a_database_from_a_newer_version_is_not_downgraded(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    db = tmp_path / "triage.sqlite3"
    with TriageState(feed, db):
        pass
    newer = sqlite3.connect(db)
    newer.execute("PRAGMA user_version = 99")
    newer.close()
    with TriageState(feed, db) as state:
        state.remember_place(Place("a.md"))
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 99
    finally:
        check.close()


def test_read_only_states_have_no_place(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    db = tmp_path / "triage.sqlite3"
    with TriageState(feed, db) as state:
        state.remember_place(Place("a.md"))
    with TriageState(feed, db, read_only=True) as state:
        assert state.place() is None
