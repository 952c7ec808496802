"""Full-text search of article bodies and excerpts: SQLite FTS5, kept beside the cache.

Why FTS5: it is in the standard library's sqlite3, answers a word, a prefix or a phrase
over 100,000 documents in milliseconds with BM25 ranking, and updates one document at
a time. The tokenizer is ``unicode61 remove_diacritics 2``: case- and accent-folded
words, like the filter's own tokens (``ß`` stays ``ß`` there, where the filter folds it
to ``ss``).

Layout, one database per feed folder in the cache directory (``bodies-<hash>.sqlite``,
named like the metadata cache):

- ``docs``: one row per indexed file, keyed like the metadata cache (relative path,
  size, mtime); its id is the document's rowid in ``bodies``;
- ``bodies``: a *contentless* FTS5 table (``content=''``): the text is not stored, which
  keeps the database small (68 MB for 100k synthetic articles of 341 MB, where storing
  the text as well took 141 MB, even compressed).

The price of contentless: SQLite 3.40 (Debian 12's) cannot delete a row of it without
the text it indexed (``contentless_delete`` came in 3.43). So a changed or deleted file
only loses its ``docs`` row and its id goes to ``dead``; its old FTS row stays, and
searches drop the dead ids. When dead rows pass a quarter of the live ones the index is
rebuilt from the files, in the same background update. Snippets are cut from the file
itself, read again for the rows on screen.

``BodyIndex.update`` re-indexes only new and changed files and drops deleted ones, in
batches that are committed as they go (WAL mode), so searches from another connection
or thread answer over what is indexed so far; ``progress`` says how far that is. Files
are read as the loader reads them (no following a link swapped in, no FIFO hang, a
size cap). Nothing here imports Textual, and nothing in a document is trusted: FTS5
queries are built with every user word quoted, and snippets pass the sanitiser.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui_reader.data.body_documents import indexed_file_text
from tui_reader.data.body_schema import (
    BODY_INDEX_FORMAT,
    bury,
    clear,
    create,
    format_of,
    set_meta,
    storable,
)
from tui_reader.data.cache import default_cache_dir
from tui_reader.data.folder_scan import ScannedFile, feed_file, scan
from tui_reader.data.sanitize import fold
from tui_reader.data.sqlite_files import enable_wal, transaction
from tui_reader.data.tokens import folded_token_spans

BATCH_FILES = 500
"""Files indexed per transaction: what a search sees appear at once."""
RANKED_HITS = 10_000
"""Up to this many hits are ordered by BM25; more come newest first. A word in that
many bodies (a tenth of a 100k feed) tells them little apart (its IDF is small), and
BM25 costs ~1–3 µs a hit, so "the" would take 100–250 ms to rank for nothing."""
REBUILD_DEAD = 1000
"""Rebuild once this many dead rows (and a quarter of the live ones) have piled up."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class BodyProgress:
    """How much of the feed's bodies the index covers."""

    indexed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.indexed >= self.total


@dataclass(frozen=True, slots=True)
class BodyQuery:
    """What ``body:`` asks for: a word, a prefix or a phrase, as typed."""

    text: str
    phrase: bool = False
    prefix: bool = False

    def expression(self) -> str:
        """The FTS5 query: the text as one quoted string (a phrase when it has several
        words), so no FTS5 operator or column filter in it has any meaning."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted

    def words(self) -> list[str]:
        """The folded words to find in a document (for snippets and highlights)."""
        return [token for token, _start, _end in folded_token_spans(fold(self.text))]


@dataclass(frozen=True, slots=True)
class BodyHits:
    """Document ids matching a ``body:`` query, in no particular order; when ranked, with
    their BM25 ``scores`` (lower is better, as SQLite gives them), to sort by."""

    ids: list[int]
    scores: list[float] | None

    @property
    def ranked(self) -> bool:
        return self.scores is not None


@dataclass(frozen=True, slots=True)
class Snippet:
    """A line of a document around its first hit; ``spans`` are the hits in ``text``."""

    text: str
    spans: tuple[Span, ...]


class BodyIndex:
    """The full-text index of one feed folder (or of chosen files in it)."""

    def __init__(
        self, root: str, directory: Path | None = None, *, name: str | None = None
    ) -> None:
        """``name``: what the database is named after (default: the folder itself)."""
        self.root = root
        real = os.path.realpath(name or root)
        digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = (directory or default_cache_dir()) / f"bodies-{digest[:24]}.sqlite"
        self._local = threading.local()

    # -- connections ----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        enable_wal(connection)
        connection.execute("PRAGMA synchronous=NORMAL")
        if format_of(connection) != BODY_INDEX_FORMAT:
            create(connection)
        return connection

    def _reader(self) -> sqlite3.Connection:
        """A connection of this thread (sqlite3 connections stay in their thread)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return connection

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # -- updating -------------------------------------------------------------------

    def update(
        self,
        files: Sequence[ScannedFile] | None = None,
        *,
        progress: Callable[[BodyProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> BodyProgress:
        """Bring the index up to date with ``files`` (default: a scan of the folder).

        Only new and changed files are read; deleted ones are dropped first. Work is
        committed every ``BATCH_FILES`` files, ``progress`` is told after each batch,
        and ``cancelled`` is asked between batches (what was committed stays).
        """
        if files is None:
            files, _errors = scan(self.root)
        connection = self._connect()
        try:
            state = self._update(connection, files, progress, cancelled)
            # Fold the write-ahead log back into the database (it grows to tens of MB in
            # a cold build); with readers still on it this only does what it can.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return state
        finally:
            connection.close()

    def _update(
        self,
        connection: sqlite3.Connection,
        files: Sequence[ScannedFile],
        progress: Callable[[BodyProgress], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> BodyProgress:
        # A name that is not UTF-8 cannot be a TEXT key: such a file is left out (the
        # filter still finds it by its title; only body: cannot).
        files = [item for item in files if storable(item.rel_path)]
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        (indexed,) = connection.execute("SELECT count(*) FROM docs").fetchone()
        dead = int(meta.get("dead", 0))
        if dead > max(REBUILD_DEAD, indexed // 4):
            clear(connection)
            dead = 0
        # The documents are compared with the files row by row: a dict of every row
        # (~250 bytes a file, ~25 MB at 100k) was a peak of the app's start, where this
        # runs beside the building of the other indexes.
        waiting = {item.rel_path: item for item in files}  # new or changed, in the end
        gone: list[int] = []
        replaced: dict[str, int] = {}  # the documents of files changed since indexed
        for doc_id, rel_path, size, mtime_ns in connection.execute(
            "SELECT id, rel_path, size, mtime_ns FROM docs"
        ):
            item = waiting.get(rel_path)
            if item is None:
                gone.append(doc_id)
            elif item.size == size and item.mtime_ns == mtime_ns:
                del waiting[rel_path]
            else:
                replaced[rel_path] = doc_id
        pending = [feed_file(item) for item in files if item.rel_path in waiting]
        del waiting
        total = len(files)
        with transaction(connection):
            for doc_id in gone:
                bury(connection, doc_id)
            dead += len(gone)
            set_meta(connection, "dead", dead)
            set_meta(connection, "total", total)
            set_meta(connection, "pending", len(pending))
        state = BodyProgress(total - len(pending), total)
        if progress is not None:
            progress(state)
        for start in range(0, len(pending), BATCH_FILES):
            if cancelled is not None and cancelled():
                break
            batch = pending[start : start + BATCH_FILES]
            documents = [(item, indexed_file_text(item)) for item in batch]
            with transaction(connection):
                for item, text in documents:
                    doc_id = replaced.get(item.rel_path)
                    if doc_id is not None:
                        bury(connection, doc_id)
                        dead += 1
                    cursor = connection.execute(
                        "INSERT INTO docs(rel_path, size, mtime_ns) VALUES (?, ?, ?)",
                        (item.rel_path, item.size, item.mtime_ns),
                    )
                    connection.execute(
                        "INSERT INTO bodies(rowid, text) VALUES (?, ?)", (cursor.lastrowid, text)
                    )
                remaining = len(pending) - start - len(batch)
                set_meta(connection, "pending", remaining)
                set_meta(connection, "dead", dead)
            state = BodyProgress(total - remaining, total)
            if progress is not None:
                progress(state)
        return state

    def progress(self) -> BodyProgress:
        """How far the index is, as last written by an update (from any process)."""
        rows = dict(self._reader().execute("SELECT key, value FROM meta"))
        total = int(rows.get("total", 0))
        return BodyProgress(total - int(rows.get("pending", total)), total)

    # -- searching ------------------------------------------------------------------

    def search(self, query: BodyQuery) -> BodyHits:
        """Ids of the live documents matching ``query``, with their BM25 scores when
        there are at most ``RANKED_HITS`` of them.

        Unsorted: ``ORDER BY rank`` costs SQLite twice what computing ``bm25()`` does,
        and the caller sorts anyway, breaking ties its own way.
        """
        connection = self._reader()
        expression = query.expression()
        dead = self._dead_ids(connection)
        try:
            if self._more_hits_than(connection, query, expression, RANKED_HITS):
                rows = connection.execute(
                    "SELECT rowid FROM bodies WHERE bodies MATCH ?", (expression,)
                )
                ids = [i for (i,) in rows]
                return BodyHits([i for i in ids if i not in dead] if dead else ids, None)
            scored = connection.execute(
                "SELECT bm25(bodies), rowid FROM bodies WHERE bodies MATCH ?", (expression,)
            ).fetchall()
        except sqlite3.OperationalError:
            # What FTS5 refuses even quoted (nothing left after tokenizing): no hits.
            return BodyHits([], [])
        if dead:
            scored = [pair for pair in scored if pair[1] not in dead]
        return BodyHits([doc_id for _, doc_id in scored], [score for score, _ in scored])

    @staticmethod
    def _more_hits_than(
        connection: sqlite3.Connection, query: BodyQuery, expression: str, limit: int
    ) -> bool:
        """Whether ``query`` may match more than ``limit`` documents: counted for a word
        or a prefix (cheap), bounded by its rarest word for a phrase (counting a phrase
        costs as much as finding it)."""
        words = query.words()
        if query.phrase and len(words) > 1:
            rarest = min(
                (
                    row[0] if row else 0
                    for word in words
                    for row in [
                        connection.execute(
                            "SELECT doc FROM bodies_vocabulary WHERE term = ?", (word,)
                        ).fetchone()
                    ]
                ),
                default=0,
            )
            return bool(rarest > limit)
        (count,) = connection.execute(
            "SELECT count(*) FROM bodies WHERE bodies MATCH ?", (expression,)
        ).fetchone()
        return bool(count > limit)

    def _dead_ids(self, connection: sqlite3.Connection) -> set[int]:
        """The ids of dead rows, brought up to date from the ``dead`` table."""
        local = self._local
        dead: set[int] = getattr(local, "dead", set())
        seen: int = getattr(local, "dead_seen", 0)
        for seq, doc_id in connection.execute(
            "SELECT seq, id FROM dead WHERE seq > ? ORDER BY seq", (seen,)
        ):
            dead.add(doc_id)
            seen = seq
        local.dead, local.dead_seen = dead, seen
        return dead

    def documents(self, after: int = 0) -> Iterator[tuple[int, str]]:
        """(id, path) of the indexed documents with an id above ``after``, by id."""
        rows = self._reader().execute(
            "SELECT id, rel_path FROM docs WHERE id > ? ORDER BY id", (after,)
        )
        for doc_id, rel_path in rows:
            yield doc_id, os.path.join(self.root, rel_path)
