"""Saved searches: a name for a query, kept for every feed.

Searches come from two places: ``[searches]`` in ``config.toml`` (the user's file, read
only) and the ones saved from the app (``ctrl+s`` in the filter), which are kept in the
triage database's ``searches`` table (schema version 3). They are global, not per feed:
like config.toml's, a saved search is a question ("policing, unread") that applies to
any folder. A name is what ``search:NAME`` refers to in the query language: letters,
digits, ``-`` and ``_``, compared in lower case.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tui_reader.data.sanitize import clean_line
from tui_reader.data.triage.annotations import has_table
from tui_reader.data.triage.database import connect, database_errors, default_db_path

MAX_NAME_LENGTH = 40
NAME_PATTERN = re.compile(r"[^\W][\w-]*")
"""A search's name: a letter, digit or ``_`` first, then those and ``-`` (no spaces: the
name ends where the ``search:`` term does)."""


class SearchNameError(ValueError):
    """A name that cannot name a search; ``str()`` says why."""


def normal_search_name(name: str) -> str:
    """``name`` as searches are named (lower case); raises :class:`SearchNameError`."""
    cleaned = clean_line(name).lower()
    if not cleaned:
        raise SearchNameError("a search needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise SearchNameError(f"a name has at most {MAX_NAME_LENGTH} characters")
    if NAME_PATTERN.fullmatch(cleaned) is None:
        raise SearchNameError(
            f"{cleaned!r}: a name is letters, digits, - and _ (no spaces), e.g. policing-unread"
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A search as listed: its name, its query, and where it comes from (``config``:
    config.toml's ``[searches]``; ``saved``: saved from the app)."""

    name: str
    query: str
    origin: str = "saved"


def read_searches(connection: sqlite3.Connection) -> dict[str, str]:
    """The searches saved from the app, by name, in name order."""
    if not has_table(connection, "searches"):
        return {}
    return dict(connection.execute("SELECT name, query FROM searches ORDER BY name"))


def write_search(connection: sqlite3.Connection, name: str, query: str) -> None:
    """Save (or replace) the search ``name`` (one statement: its own transaction)."""
    connection.execute(
        "INSERT INTO searches (name, query, saved) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET query = excluded.query, saved = excluded.saved",
        (normal_search_name(name), clean_line(query), time.time()),
    )


def delete_search(connection: sqlite3.Connection, name: str) -> bool:
    """Forget the saved search ``name``; False when there was none."""
    cursor = connection.execute("DELETE FROM searches WHERE name = ?", (name,))
    return cursor.rowcount > 0


def saved_searches_in(db_path: Path | None = None) -> dict[str, str]:
    """The searches saved in the database at ``db_path`` (default: the user's), read
    only: no database yet means none (it is never created here). Raises ``TriageError``
    when it exists but cannot be read."""
    path = db_path if db_path is not None else default_db_path()
    if not path.exists():
        return {}
    with database_errors():
        connection = connect(path, read_only=True)
        try:
            return read_searches(connection)
        finally:
            connection.close()


def merge_searches(config: Mapping[str, str], saved: Mapping[str, str]) -> list[SavedSearch]:
    """Every search: config.toml's first (in the file's order), then those saved in the
    app (by name); a saved one whose name config.toml has too is left out (the file
    wins: the app never saves over it)."""
    merged = [SavedSearch(name, query, "config") for name, query in config.items()]
    merged += [
        SavedSearch(name, query, "saved") for name, query in saved.items() if name not in config
    ]
    return merged


def by_name(searches: Iterable[SavedSearch]) -> dict[str, str]:
    """Name -> query, what ``search:NAME`` resolves with."""
    return {search.name: search.query for search in searches}
