"""The reader's own tags and notes on articles: what a tag may be, and their rows.

Tags and notes live in the triage database (schema version 3), per feed and article key
like the flags, so a read-only feed folder can be annotated and nothing is written into
the files. A tag is one word in lower case (``follow-up``, ``newsletter``); a note is free
text of several lines. Both are cleaned with the project's sanitiser before they are
stored: whatever is typed or scripted, no control character reaches the database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from tui_reader.data.sanitize import clean_block, clean_line

MAX_TAG_LENGTH = 64
MAX_NOTE_LENGTH = 20_000
"""A note longer than this is cut (a note is a few lines; this only stops a paste of a
whole file from filling the database)."""
_SEPARATORS = re.compile(r"[\s,]+")


class TagError(ValueError):
    """A word that cannot be a tag; ``str()`` says why."""


def normal_tag(word: str) -> str:
    """``word`` as a tag: cleaned, in lower case; raises :class:`TagError`."""
    tag = clean_line(word).lower()
    if not tag:
        raise TagError("a tag needs at least one character")
    if _SEPARATORS.search(tag):
        raise TagError(f"{tag!r}: a tag is one word (no spaces or commas)")
    if tag[0] in "+-!":
        raise TagError(f"{tag!r}: a tag cannot start with + - or !")
    if len(tag) > MAX_TAG_LENGTH:
        raise TagError(f"{tag[:20]!r}…: a tag has at most {MAX_TAG_LENGTH} characters")
    return tag


@dataclass(frozen=True, slots=True)
class TagEdit:
    """What to add and remove (from ``+a -b c``: ``c`` adds too)."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.add and not self.remove


def parse_tag_edit(text: str) -> TagEdit:
    """``"policing +follow-up -draft"``: words add (``+`` optional), ``-word`` removes;
    separated by spaces or commas. Raises :class:`TagError` naming a bad word."""
    add: dict[str, None] = {}
    remove: dict[str, None] = {}
    for word in _SEPARATORS.split(text.strip()):
        if not word:
            continue
        if word.startswith("-"):
            tag = normal_tag(word[1:])
            remove[tag] = None
            add.pop(tag, None)
        else:
            tag = normal_tag(word[1:] if word.startswith("+") else word)
            add[tag] = None
            remove.pop(tag, None)
    return TagEdit(tuple(add), tuple(remove))


def normal_note(text: str) -> str:
    """A note as stored: cleaned (newlines and tabs kept), trailing blank space removed,
    at most ``MAX_NOTE_LENGTH`` characters (empty: no note)."""
    return clean_block(text).strip()[:MAX_NOTE_LENGTH]


def read_annotations(
    connection: sqlite3.Connection, feed: str
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every tag and note of ``feed``, by key."""
    tags: dict[str, list[str]] = {}
    if has_table(connection, "tags"):
        for key, tag in connection.execute("SELECT key, tag FROM tags WHERE feed = ?", (feed,)):
            tags.setdefault(key, []).append(tag)
    notes: dict[str, str] = {}
    if has_table(connection, "notes"):
        notes = dict(connection.execute("SELECT key, note FROM notes WHERE feed = ?", (feed,)))
    return tags, notes


def annotations_of(
    connection: sqlite3.Connection, feed: str, keys: Iterable[str]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The tags and notes of ``keys`` as the database holds them now (an empty list, an
    empty note: none)."""
    tags: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    for key in keys:
        tags[key] = [
            row[0]
            for row in connection.execute(
                "SELECT tag FROM tags WHERE feed = ? AND key = ?", (feed, key)
            )
        ]
        note = note_of(connection, feed, key)
        notes[key] = note if note is not None else ""
    return tags, notes


def note_of(connection: sqlite3.Connection, feed: str, key: str) -> str | None:
    """The note of ``key`` (None: it has none)."""
    row = connection.execute(
        "SELECT note FROM notes WHERE feed = ? AND key = ?", (feed, key)
    ).fetchone()
    return None if row is None else str(row[0])


def has_table(connection: sqlite3.Connection, name: str) -> bool:
    """Whether the database has table ``name`` (a read-only look at an older schema)."""
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def distinct(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` without repeats, sorted."""
    return tuple(sorted(set(words)))
