"""The SQLite plumbing of the triage state: where it lives, its schema, transactions.

Every database failure leaves this package as :class:`TriageError`, so callers never
see ``sqlite3`` types.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui_reader.data.sqlite_files import enable_wal, transaction

APP_NAME = "tui-reader"
DB_NAME = "triage.sqlite3"
BUSY_TIMEOUT_MS = 10_000
"""How long an action waits for another instance's transaction before failing."""
SCHEMA_VERSION = 3
"""The newest schema this code knows; see ``MIGRATIONS``."""


class TriageError(Exception):
    """The triage database cannot be opened, read or written; ``str()`` says why."""


def default_db_path() -> Path:
    """The state database in the user state directory (created on first write)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME)) / DB_NAME


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn ``sqlite3`` failures into :class:`TriageError`."""
    try:
        yield
    except sqlite3.Error as error:
        raise TriageError(str(error)) from error


SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    bits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feed TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flag', 'publish')),
    mask INTEGER NOT NULL DEFAULT 0,
    value INTEGER NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS steps_by_feed ON steps (feed, id);
CREATE TABLE IF NOT EXISTS step_keys (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (step, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS step_files (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    path TEXT NOT NULL,
    previous BLOB NOT NULL,
    previous_sha256 TEXT NOT NULL,
    written_sha256 TEXT NOT NULL,
    PRIMARY KEY (step, path)
);
"""
"""The tables of schema version 1; later versions add theirs in ``MIGRATIONS``."""

MIGRATIONS: dict[int, str] = {
    2: """
    CREATE TABLE IF NOT EXISTS places (
        feed TEXT PRIMARY KEY,
        article TEXT NOT NULL,
        query TEXT NOT NULL,
        view TEXT NOT NULL,
        sort TEXT NOT NULL,
        saved REAL NOT NULL
    ) WITHOUT ROWID
    """,
    # The reader's own tags and notes on articles, their undo steps, and saved searches.
    # ``steps`` is rebuilt to allow the new kinds in its CHECK (SQLite cannot alter a
    # constraint); its rows and ids are copied, so older undo steps still undo.
    3: """
    CREATE TABLE steps_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        feed TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('flag', 'publish', 'tag', 'note')),
        mask INTEGER NOT NULL DEFAULT 0,
        value INTEGER NOT NULL,
        created REAL NOT NULL
    );
    INSERT INTO steps_v3 (id, feed, kind, mask, value, created)
        SELECT id, feed, kind, mask, value, created FROM steps;
    DROP TABLE steps;
    ALTER TABLE steps_v3 RENAME TO steps;
    CREATE INDEX IF NOT EXISTS steps_by_feed ON steps (feed, id);
    CREATE TABLE IF NOT EXISTS tags (
        feed TEXT NOT NULL,
        key TEXT NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (feed, key, tag)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS notes (
        feed TEXT NOT NULL,
        key TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (feed, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS step_tags (
        step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        tag TEXT NOT NULL,
        added INTEGER NOT NULL,
        PRIMARY KEY (step, key, tag)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS step_notes (
        step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        previous TEXT,
        written TEXT,
        PRIMARY KEY (step, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS searches (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        saved REAL NOT NULL
    ) WITHOUT ROWID
    """,
}
"""Schema changes by the version they bring a database to (statements separated by
``;``). A database of version N (``PRAGMA user_version``; a new one is 0, then gets
``SCHEMA``, version 1) runs every migration above N, in order, in the transaction that
opens it. A database from a newer version is left as it is: migrations only add (tables,
and kinds of undo steps: version 3 copies ``steps`` to widen its CHECK)."""


def connect(db_path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Open the database (creating it and its schema unless ``read_only``)."""
    with database_errors():
        if read_only:
            # Never creates the file; fails if it does not exist.
            uri = f"{db_path.resolve().as_uri()}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return connection
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise TriageError(f"cannot create {db_path.parent}: {error.strerror}") from error
        # isolation_level=None: no implicit transactions; each action opens its own.
        connection = sqlite3.connect(db_path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            enable_wal(connection, BUSY_TIMEOUT_MS / 1000)
            # FULL: a commit is on disk before the action returns, even across a power
            # cut (NORMAL in WAL mode would only survive process crashes).
            connection.execute("PRAGMA synchronous = FULL")
            with transaction(connection):
                _migrate(connection)
            # After migrating: copying a table that others reference (version 3's
            # ``steps``) must not cascade. The pragma cannot change inside a transaction.
            connection.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            connection.close()
            raise
        return connection


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    for target in sorted(MIGRATIONS):
        if target > version:
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    connection.execute(statement)
    if version < SCHEMA_VERSION:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def has_schema(connection: sqlite3.Connection) -> bool:
    """Whether the database has been created by a writer yet."""
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flags'"
    ).fetchone()
    return row is not None
