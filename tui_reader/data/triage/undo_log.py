"""The undo log of one feed: the ``steps`` table, newest step first.

Each kind of step keeps what it changed in a table of its own (``step_keys``,
``step_tags``, ``step_notes``, ``step_files``: gone with the step by ``ON DELETE
CASCADE``), and the module of that kind records, reads and reverts those rows
(:mod:`.flag_steps`, :mod:`.annotation_steps`, :mod:`.publish_steps`); the log adds,
finds, counts, drops and prunes the steps themselves. It opens no transaction: the state
calls it inside the transaction of the action a step belongs to, so an action and its
step are committed together or not at all.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from tui_reader.data.triage.annotation_steps import read_note_step, read_tag_step
from tui_reader.data.triage.flag_steps import read_flag_step
from tui_reader.data.triage.publish_steps import read_publish_step
from tui_reader.data.triage.steps import Step

StepReader = Callable[[sqlite3.Connection, int, int, bool], Step]
"""Reads a step of one kind from its rows: (connection, step id, mask, value)."""

_READERS: dict[str, StepReader] = {
    "flag": read_flag_step,
    "tag": read_tag_step,
    "note": read_note_step,
    "publish": read_publish_step,
}


class UndoLog:
    """The steps of ``feed`` in the database of ``connection``."""

    def __init__(self, connection: sqlite3.Connection, feed: str) -> None:
        self._connection = connection
        self.feed = feed

    def add(self, kind: str, mask: int, value: bool) -> int:
        """A new step (its own rows are the caller's to write); its id."""
        cursor = self._connection.execute(
            "INSERT INTO steps (feed, kind, mask, value, created) VALUES (?, ?, ?, ?, ?)",
            (self.feed, kind, mask, int(value), time.time()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def newest(self) -> Step | None:
        """The step an undo would revert (None: the log is empty)."""
        row = self._connection.execute(
            "SELECT id, kind, mask, value FROM steps WHERE feed = ? ORDER BY id DESC LIMIT 1",
            (self.feed,),
        ).fetchone()
        if row is None:
            return None
        step_id, kind, mask, value = row
        # A kind this version does not know (a newer version's database) reads as a
        # publish step with no files of its own, as it always has: nothing to restore.
        reader = _READERS.get(kind, read_publish_step)
        return reader(self._connection, step_id, mask, bool(value))

    def count(self) -> int:
        """How many steps the feed has (how many can be undone)."""
        row = self._connection.execute(
            "SELECT COUNT(*) FROM steps WHERE feed = ?", (self.feed,)
        ).fetchone()
        return int(row[0])

    def drop(self, step_id: int) -> None:
        """Delete a step and its rows (undone, or not to be undone)."""
        self._connection.execute("DELETE FROM steps WHERE id = ?", (step_id,))

    def prune(self, keep: int) -> None:
        """Delete the feed's steps older than the newest ``keep``, with their rows (after
        a new step's rows are written: the new step is never pruned before them)."""
        self._connection.execute(
            "DELETE FROM steps WHERE feed = ? AND id <= (SELECT id FROM steps WHERE feed = ? "
            "ORDER BY id DESC LIMIT 1 OFFSET ?)",
            (self.feed, self.feed, keep),
        )
