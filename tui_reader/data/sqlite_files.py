"""What every SQLite file of ours needs (the triage state, the full-text index of the
bodies): WAL, waiting its turn when opened, and one way to run a transaction."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

WAL_WAIT_SECONDS = 10.0


def enable_wal(connection: sqlite3.Connection, wait: float = WAL_WAIT_SECONDS) -> None:
    """Switch to WAL, waiting for another connection that is creating the database.

    Changing the journal mode does not go through the busy handler: two connections
    opening a new database at once (two instances, or two threads of one) would
    otherwise fail with "database is locked".
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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
