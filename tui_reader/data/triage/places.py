"""Where the reader was in each feed: the cursor's article, the filter, the view, the sort.

One row per feed in the ``places`` table (schema version 2), written when the place
changed (the UI looks every few seconds and on quit, never per cursor move). Values are
kept as the names the UI uses, and checked by the UI when read back: a view or sort a
later version no longer has falls back to the default.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A feed's place: ``article`` is the key of the article under the cursor."""

    article: str = ""
    query: str = ""
    view: str = ""
    sort: str = ""


def read_place(connection: sqlite3.Connection, feed: str) -> Place | None:
    """The place saved for ``feed``, if any."""
    row = connection.execute(
        "SELECT article, query, view, sort FROM places WHERE feed = ?", (feed,)
    ).fetchone()
    return None if row is None else Place(*row)


def write_place(connection: sqlite3.Connection, feed: str, place: Place) -> None:
    """Save ``place`` for ``feed`` (one statement: its own transaction)."""
    connection.execute(
        "INSERT INTO places (feed, article, query, view, sort, saved) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (feed) DO UPDATE SET article = excluded.article, query = excluded.query, "
        "view = excluded.view, sort = excluded.sort, saved = excluded.saved",
        (feed, place.article, place.query, place.view, place.sort, time.time()),
    )
