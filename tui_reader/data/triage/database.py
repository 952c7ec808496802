"""The SQLite plumbing of the triage state: where it lives, its schema, transactions.

Every database failure leaves this package as :class:`TriageError`, so callers never
see ``sqlite3`` types.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui_reader.data.sqlite_files import enable_wal

APP_NAME = "tui-reader"
DB_NAME = "triage.sqlite3"
BUSY_TIMEOUT_MS = 10_000
"""How long an action waits for another instance's transaction before failing."""
SCHEMA_VERSION = 2
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
}
"""Schema changes by the version they bring a database to. A database of version N
(``PRAGMA user_version``; a new one is 0, then gets ``SCHEMA``, version 1) runs every
migration above N, in order, in the transaction that opens it. A database from a newer
version is left as it is: migrations only add."""


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
            connection.execute("PRAGMA foreign_keys = ON")
            with transaction(connection):
                _migrate(connection)
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
            connection.execute(MIGRATIONS[target])
    if version < SCHEMA_VERSION:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def has_schema(connection: sqlite3.Connection) -> bool:
    """Whether the database has been created by a writer yet."""
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flags'"
    ).fetchone()
    return row is not None


@contextmanager
def transaction(connection: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` (or a deferred read) ... ``COMMIT``; ROLLBACK on any error.

    IMMEDIATE takes the write lock at the start, so two instances never deadlock
    upgrading a read lock; ``busy_timeout`` makes the second one wait its turn.
    """
    connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
