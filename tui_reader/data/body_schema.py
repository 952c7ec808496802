"""The SQLite file behind the bodies' index: its tables, and the small writes on them.

``bodies`` is an FTS5 table without stored text (``content=''``: the index holds tokens,
not copies of the files); ``docs`` names the file behind each row; a changed or deleted
file leaves a dead row (``dead``) that searches skip until the next rebuild.
"""

from __future__ import annotations

import sqlite3

from tui_reader.data.sqlite_files import transaction

BODY_INDEX_FORMAT = 2
"""Bump when what is indexed changes: an index of another format is rebuilt."""


def format_of(connection: sqlite3.Connection) -> int | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else int(row[0])


def storable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def create(connection: sqlite3.Connection) -> None:
    """A fresh, empty index (whatever was there, of another format, is dropped)."""
    with transaction(connection):
        if format_of(connection) == BODY_INDEX_FORMAT:
            return  # another connection made it while this one waited for the lock
        connection.execute("DROP TABLE IF EXISTS bodies")
        connection.execute("DROP TABLE IF EXISTS docs")
        connection.execute("DROP TABLE IF EXISTS meta")
        connection.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value)")
        # AUTOINCREMENT: an id is never reused, since a dead FTS row may still hold it.
        connection.execute(
            "CREATE TABLE docs(id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " rel_path TEXT UNIQUE NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL)"
        )
        connection.execute("DROP TABLE IF EXISTS dead")
        connection.execute("DROP TABLE IF EXISTS bodies_vocabulary")
        # The ids of dead FTS rows, in the order they died (readers catch up by ``seq``).
        connection.execute("CREATE TABLE dead(seq INTEGER PRIMARY KEY AUTOINCREMENT, id INTEGER)")
        connection.execute(
            "CREATE VIRTUAL TABLE bodies USING fts5(text, content='',"
            " tokenize='unicode61 remove_diacritics 2')"
        )
        # How many documents hold each token: bounds a phrase's hits before running it.
        connection.execute("CREATE VIRTUAL TABLE bodies_vocabulary USING fts5vocab(bodies, 'row')")
        set_meta(connection, "format", BODY_INDEX_FORMAT)


def clear(connection: sqlite3.Connection) -> None:
    """Empty the index (dead rows included), to be filled again from the files."""
    with transaction(connection):
        connection.execute("INSERT INTO bodies(bodies) VALUES ('delete-all')")
        connection.execute("DELETE FROM docs")
        connection.execute("DELETE FROM dead")
        set_meta(connection, "dead", 0)


def bury(connection: sqlite3.Connection, doc_id: int) -> None:
    """A file changed or went away: its document is dead (its FTS row stays)."""
    connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
    connection.execute("INSERT INTO dead(id) VALUES (?)", (doc_id,))


def set_meta(connection: sqlite3.Connection, key: str, value: int) -> None:
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
