"""Where the reader was, per feed, in the triage database; and the schema migration that
added it (a database written by the previous version opens and keeps everything)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui_reader.data.triage import Flag, Place, TriageState
from tui_reader.data.triage.database import SCHEMA_VERSION

VERSION_1_SCHEMA = """
CREATE TABLE flags (
    feed TEXT NOT NULL, key TEXT NOT NULL, bits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
CREATE TABLE steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT, feed TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flag', 'publish')), mask INTEGER NOT NULL DEFAULT 0,
    value INTEGER NOT NULL, created REAL NOT NULL
);
CREATE INDEX steps_by_feed ON steps (feed, id);
CREATE TABLE step_keys (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE, key TEXT NOT NULL,
    PRIMARY KEY (step, key)
) WITHOUT ROWID;
CREATE TABLE step_files (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE, key TEXT NOT NULL,
    path TEXT NOT NULL, previous BLOB NOT NULL, previous_sha256 TEXT NOT NULL,
    written_sha256 TEXT NOT NULL, PRIMARY KEY (step, path)
);
PRAGMA user_version = 1;
"""


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
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
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
