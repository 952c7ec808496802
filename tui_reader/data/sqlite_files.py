"""What every SQLite file of ours needs when it is opened: WAL, waiting its turn."""

from __future__ import annotations

import sqlite3
import time

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
