"""The triage database as earlier versions of the reader wrote it: for the tests that
open an old database and check what the migrations keep (frozen: never edited)."""

VERSION_1_TABLES = """
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
"""
"""Flags and the undo log (schema version 1)."""

VERSION_1_SCHEMA = VERSION_1_TABLES + "PRAGMA user_version = 1;\n"

VERSION_2_SCHEMA = (
    VERSION_1_TABLES
    + """CREATE TABLE places (
    feed TEXT PRIMARY KEY, article TEXT NOT NULL, query TEXT NOT NULL, view TEXT NOT NULL,
    sort TEXT NOT NULL, saved REAL NOT NULL
) WITHOUT ROWID;
"""
    + "PRAGMA user_version = 2;\n"
)
"""Version 1 and the reader's place per feed."""
