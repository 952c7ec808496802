"""The database side of publish steps: each file's previous bytes, kept for its undo.

A publish step is committed before any file is written (see
:meth:`~tui_reader.data.triage.state.TriageState.publish`), holding each file's bytes
before and the hash of the bytes about to be written (``step_files``); the files that
then fail to be written are dropped from it. Its undo puts the previous bytes back
(:func:`.publish.restore`, which refuses a file changed since). Nothing here opens a
transaction: the state calls these inside the one transaction of each action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from tui_reader.data.sanitize import text_for_storage
from tui_reader.data.triage.publish import PlannedWrite, restore
from tui_reader.data.triage.steps import PublishTarget, Step
from tui_reader.data.writeback import sha256_hex


def record_publish_step(
    connection: sqlite3.Connection, step_id: int, writes: Iterable[PlannedWrite]
) -> None:
    """Keep, for the step ``step_id``, what each planned file holds and will hold."""
    connection.executemany(
        "INSERT INTO step_files VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                step_id,
                w.target.key,
                text_for_storage(w.target.path),
                w.old,
                sha256_hex(w.old),
                sha256_hex(w.new),
            )
            for w in writes
        ),
    )


def forget_unwritten(
    connection: sqlite3.Connection, step_id: int, failed: Iterable[PublishTarget]
) -> None:
    """Drop the files that could not be written from the step (nothing to restore)."""
    connection.executemany(
        "DELETE FROM step_files WHERE step = ? AND path = ?", ((step_id, t.path) for t in failed)
    )


def publish_step(step_id: int, value: bool, files: Sequence[tuple[str, str]]) -> Step:
    """The step that wrote ``published: value`` into ``files`` (key, path)."""
    return Step(
        step_id,
        "publish",
        None,
        value,
        tuple(key for key, _ in files),
        tuple(path for _, path in files),
    )


def read_publish_step(connection: sqlite3.Connection, step_id: int, mask: int, value: bool) -> Step:
    """A publish step as the log holds it (its files in path order)."""
    found = connection.execute(
        "SELECT key, path FROM step_files WHERE step = ? ORDER BY path", (step_id,)
    ).fetchall()
    return publish_step(step_id, value, found)


def revert_publish_step(connection: sqlite3.Connection, step_id: int) -> None:
    """Put every file of the step back as it was, or raise ``WriteBackError`` and change
    none. Run inside the undo's transaction, so another instance cannot undo the same
    step at the same time."""
    restore(
        connection.execute(
            "SELECT path, previous, previous_sha256, written_sha256 "
            "FROM step_files WHERE step = ? ORDER BY path",
            (step_id,),
        ).fetchall()
    )
