"""The ``flags`` table and flag steps: set a flag on many articles, record it, revert it.

A flag step remembers only the keys whose flag it changed (``step_keys``), so undoing
"mark all read" leaves the articles that were read before as they were. Nothing here
opens a transaction: :class:`~tui_reader.data.triage.state.TriageState` calls these
inside the one transaction of each action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tui_reader.data.triage.flags import Flag
from tui_reader.data.triage.steps import Step


def read_bits(connection: sqlite3.Connection, feed: str) -> dict[str, int]:
    """The flag bits of every flagged article of ``feed``, by key."""
    rows = connection.execute("SELECT key, bits FROM flags WHERE feed = ? AND bits != 0", (feed,))
    return dict(rows)


def write_flag(
    connection: sqlite3.Connection, feed: str, keys: Iterable[str], mask: int, target: int
) -> list[str]:
    """Set the bits ``mask`` of ``keys`` to ``target``; the keys whose flag changed, in
    key order (only those are written, and only those are the step's)."""
    db = connection
    db.execute("CREATE TEMP TABLE IF NOT EXISTS batch (key TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.batch")
    db.executemany("INSERT OR IGNORE INTO temp.batch VALUES (?)", ((k,) for k in keys))
    changed = [
        row[0]
        for row in db.execute(
            "SELECT b.key FROM temp.batch b "
            "LEFT JOIN flags f ON f.feed = ? AND f.key = b.key "
            "WHERE (COALESCE(f.bits, 0) & ?) != ? ORDER BY b.key",
            (feed, mask, target),
        )
    ]
    db.execute("DELETE FROM temp.batch")
    db.executemany(
        "INSERT INTO flags (feed, key, bits) VALUES (?, ?, ?) "
        "ON CONFLICT (feed, key) DO UPDATE SET bits = (bits & ~?) | ?",
        ((feed, key, target, mask, target) for key in changed),
    )
    return changed


def record_flag_step(connection: sqlite3.Connection, step_id: int, keys: Iterable[str]) -> None:
    """Keep the keys a flag step changed."""
    connection.executemany(
        "INSERT INTO step_keys (step, key) VALUES (?, ?)", ((step_id, key) for key in keys)
    )


def read_flag_step(connection: sqlite3.Connection, step_id: int, mask: int, value: bool) -> Step:
    """A flag step as the log holds it."""
    keys = tuple(
        row[0]
        for row in connection.execute(
            "SELECT key FROM step_keys WHERE step = ? ORDER BY key", (step_id,)
        )
    )
    return Step(step_id, "flag", Flag(mask), value, keys)


def revert_flag_step(
    connection: sqlite3.Connection, feed: str, step_id: int, flag: Flag, value: bool
) -> dict[str, int]:
    """Undo a step that set ``flag`` to ``value``, on the keys that still hold that value
    (another instance may have changed some since); the bits each of the step's keys
    holds now, for the copy in memory."""
    mask = flag.value
    target = mask if value else 0
    connection.execute(
        "UPDATE flags SET bits = (bits & ~?) | ? WHERE feed = ? AND (bits & ?) = ? "
        "AND key IN (SELECT key FROM step_keys WHERE step = ?)",
        (mask, target ^ mask, feed, mask, target, step_id),
    )
    return dict(
        connection.execute(
            "SELECT s.key, COALESCE(f.bits, 0) FROM step_keys s "
            "LEFT JOIN flags f ON f.feed = ? AND f.key = s.key WHERE s.step = ?",
            (feed, step_id),
        ).fetchall()
    )
