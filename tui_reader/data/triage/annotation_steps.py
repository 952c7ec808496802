"""Changing the reader's tags and notes: every change is an undo step, recorded here.

A tag step keeps each (article, tag) it added or removed (``step_tags``), so its undo
touches only those; a note step keeps the note before and after (``step_notes``), and
its undo puts the old note back only where the note is still what the step wrote (a
later edit from another instance stays). Nothing here opens a transaction:
:class:`~tui_reader.data.triage.state.TriageState` calls these inside the one
transaction of each action. Reading tags and notes is :mod:`.annotations`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

from tui_reader.data.triage.annotations import TagEdit, distinct, note_of
from tui_reader.data.triage.steps import Step

TagChange = tuple[str, str, bool]
"""(key, tag, added): one tag added to (True) or removed from (False) one article."""


def tag_changes(
    keys: Iterable[str], edit: TagEdit, tags_of: Callable[[str], Iterable[str]]
) -> list[TagChange]:
    """What ``edit`` changes on ``keys``, given each key's tags now: a tag it has is not
    added again, a tag it lacks is not removed."""
    changes: list[TagChange] = []
    for key in keys:
        present = set(tags_of(key))
        changes += [(key, tag, True) for tag in edit.add if tag not in present]
        changes += [(key, tag, False) for tag in edit.remove if tag in present]
    return changes


def write_tag_step(
    connection: sqlite3.Connection, feed: str, step_id: int, changes: Sequence[TagChange]
) -> None:
    """Make ``changes`` and keep them as the step ``step_id``."""
    for key, tag, added in changes:
        _set_tag(connection, feed, key, tag, added)
    connection.executemany(
        "INSERT INTO step_tags (step, key, tag, added) VALUES (?, ?, ?, ?)",
        ((step_id, key, tag, int(added)) for key, tag, added in changes),
    )


def tag_step(step_id: int, changes: Sequence[TagChange]) -> Step:
    """The step that made ``changes``: its value says whether it added any tag."""
    return Step(
        step_id,
        "tag",
        None,
        any(added for _, _, added in changes),
        tuple(sorted({key for key, _, _ in changes})),
        added=distinct(tag for _, tag, added in changes if added),
        removed=distinct(tag for _, tag, added in changes if not added),
    )


def read_tag_step(connection: sqlite3.Connection, step_id: int, mask: int, value: bool) -> Step:
    """A tag step as the log holds it (``mask`` and ``value`` follow from its rows)."""
    return tag_step(step_id, _tag_rows(connection, step_id))


def revert_tag_step(connection: sqlite3.Connection, feed: str, step_id: int) -> list[str]:
    """Undo a tag step's changes; its keys, in order."""
    changes = _tag_rows(connection, step_id)
    for key, tag, added in changes:
        _set_tag(connection, feed, key, tag, not added)
    return sorted({key for key, _, _ in changes})


def _tag_rows(connection: sqlite3.Connection, step_id: int) -> list[TagChange]:
    return [
        (key, tag, bool(added))
        for key, tag, added in connection.execute(
            "SELECT key, tag, added FROM step_tags WHERE step = ?", (step_id,)
        )
    ]


def _set_tag(connection: sqlite3.Connection, feed: str, key: str, tag: str, on: bool) -> None:
    if on:
        connection.execute(
            "INSERT OR IGNORE INTO tags (feed, key, tag) VALUES (?, ?, ?)", (feed, key, tag)
        )
    else:
        connection.execute(
            "DELETE FROM tags WHERE feed = ? AND key = ? AND tag = ?", (feed, key, tag)
        )


def write_note_step(
    connection: sqlite3.Connection, feed: str, step_id: int, key: str, previous: str, note: str
) -> None:
    """Replace the note ``previous`` of ``key`` by ``note`` (empty: none) and keep both
    as the step ``step_id``."""
    _write_note(connection, feed, key, note)
    connection.execute(
        "INSERT INTO step_notes (step, key, previous, written) VALUES (?, ?, ?, ?)",
        (step_id, key, previous or None, note or None),
    )


def read_note_step(connection: sqlite3.Connection, step_id: int, mask: int, value: bool) -> Step:
    """A note step as the log holds it (``value``: whether it left a note)."""
    keys = tuple(
        row[0]
        for row in connection.execute(
            "SELECT key FROM step_notes WHERE step = ? ORDER BY key", (step_id,)
        )
    )
    return Step(step_id, "note", None, value, keys)


def revert_note_step(connection: sqlite3.Connection, feed: str, step_id: int) -> list[str]:
    """Put back the note a note step replaced, where the note is still what the step
    wrote (another instance's later edit stays); the step's keys."""
    rows = connection.execute(
        "SELECT key, previous, written FROM step_notes WHERE step = ?", (step_id,)
    ).fetchall()
    for key, previous, written in rows:
        if note_of(connection, feed, key) == written:
            _write_note(connection, feed, key, previous or "")
    return [key for key, _, _ in rows]


def _write_note(connection: sqlite3.Connection, feed: str, key: str, note: str) -> None:
    if note:
        connection.execute(
            "INSERT INTO notes (feed, key, note) VALUES (?, ?, ?) "
            "ON CONFLICT (feed, key) DO UPDATE SET note = excluded.note",
            (feed, key, note),
        )
    else:
        connection.execute("DELETE FROM notes WHERE feed = ? AND key = ?", (feed, key))
