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
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tui_reader.data import coerce
from tui_reader.data.build import EXCERPT_KEYS, first
from tui_reader.data.cache import default_cache_dir
from tui_reader.data.frontmatter_parsing import (
    FrontMatterError,
    Split,
    parse_front_matter,
    split_document,
)
from tui_reader.data.loader import FeedFile, FileProblem, read_document, scan
from tui_reader.data.sanitize import clean_line, fold
from tui_reader.data.sqlite_files import enable_wal
from tui_reader.data.tokens import TokenSpan, folded_token_spans, folded_with_origin, token_at

BODY_INDEX_FORMAT = 2
"""Bump when what is indexed changes: an index of another format is rebuilt."""
MAX_BODY_BYTES = 1024 * 1024
"""Index at most this much of a file (a longer body is searched in its first MiB)."""
BATCH_FILES = 500
"""Files indexed per transaction: what a search sees appear at once."""
RANKED_HITS = 10_000
"""Up to this many hits are ordered by BM25; more come newest first. A word in that
many bodies (a tenth of a 100k feed) tells them little apart (its IDF is small), and
BM25 costs ~1–3 µs a hit, so "the" would take 100–250 ms to rank for nothing."""
REBUILD_DEAD = 1000
"""Rebuild once this many dead rows (and a quarter of the live ones) have piled up."""
PROGRESS_AFTER = 1.0
"""A command line says how far the index is once updating it takes this long."""
SNIPPET_TOKENS = 14
_SNIPPET_SCAN_CHARACTERS = 64 * 1024
_SNIPPET_BEFORE, _SNIPPET_AFTER = 200, 600  # characters around the first hit
_EXCERPT_KEY = re.compile(rf"^(?:{'|'.join(EXCERPT_KEYS)})[ \t]*:", re.MULTILINE)
_NEXT_TOP_LEVEL = re.compile(r"\n(?=[^\s#])")
_EXCERPT_SUMMARY = frozenset(EXCERPT_KEYS)

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
        if _format_of(connection) != BODY_INDEX_FORMAT:
            _create(connection)
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
        files: Sequence[FeedFile] | None = None,
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
        files: Sequence[FeedFile],
        progress: Callable[[BodyProgress], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> BodyProgress:
        # A name that is not UTF-8 cannot be a TEXT key: such a file is left out (the
        # filter still finds it by its title; only body: cannot).
        files = [item for item in files if _storable(item.rel_path)]
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        known = {
            rel_path: (doc_id, size, mtime_ns)
            for doc_id, rel_path, size, mtime_ns in connection.execute(
                "SELECT id, rel_path, size, mtime_ns FROM docs"
            )
        }
        dead = int(meta.get("dead", 0))
        if dead > max(REBUILD_DEAD, len(known) // 4):
            _clear(connection)
            known, dead = {}, 0
        current = {item.rel_path for item in files}
        gone = [entry[0] for rel_path, entry in known.items() if rel_path not in current]
        pending = [
            item
            for item in files
            if (entry := known.get(item.rel_path)) is None
            or (entry[1], entry[2]) != (item.size, item.mtime_ns)
        ]
        total = len(files)
        with _transaction(connection):
            for doc_id in gone:
                _bury(connection, doc_id)
            dead += len(gone)
            _set_meta(connection, "dead", dead)
            _set_meta(connection, "total", total)
            _set_meta(connection, "pending", len(pending))
        state = BodyProgress(total - len(pending), total)
        if progress is not None:
            progress(state)
        for start in range(0, len(pending), BATCH_FILES):
            if cancelled is not None and cancelled():
                break
            batch = pending[start : start + BATCH_FILES]
            documents = [(item, _indexed_text(item)) for item in batch]
            with _transaction(connection):
                for item, text in documents:
                    entry = known.get(item.rel_path)
                    if entry is not None:
                        _bury(connection, entry[0])
                        dead += 1
                    cursor = connection.execute(
                        "INSERT INTO docs(rel_path, size, mtime_ns) VALUES (?, ?, ?)",
                        (item.rel_path, item.size, item.mtime_ns),
                    )
                    connection.execute(
                        "INSERT INTO bodies(rowid, text) VALUES (?, ?)", (cursor.lastrowid, text)
                    )
                remaining = len(pending) - start - len(batch)
                _set_meta(connection, "pending", remaining)
                _set_meta(connection, "dead", dead)
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


class FeedBodies:
    """The body indexes of everything a feed was loaded from: one per folder, and one
    per article file given on its own (named after that file)."""

    def __init__(self, paths: Sequence[str], directory: Path | None = None) -> None:
        self.indexes: list[tuple[BodyIndex, list[FeedFile] | None]] = []
        for path in paths:
            if os.path.isdir(path):
                self.indexes.append((BodyIndex(path, directory), None))
            elif os.path.exists(path):
                info = os.stat(path)
                item = FeedFile(path, os.path.basename(path), info.st_size, info.st_mtime_ns, True)
                index = BodyIndex(os.path.dirname(path), directory, name=path)
                self.indexes.append((index, [item]))

    def update(
        self,
        *,
        progress: Callable[[BodyProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        scanned: Mapping[str, Sequence[FeedFile]] | None = None,
    ) -> BodyProgress:
        """Update every index (see ``BodyIndex.update``); ``progress`` sees the sum.

        ``scanned``: the files of each folder (by the path it was given as) as a scan
        already found them, so the folder is not scanned a second time.
        """
        done: list[BodyProgress] = [index.progress() for index, _files in self.indexes]

        for at, (index, given) in enumerate(self.indexes):
            if cancelled is not None and cancelled():
                break
            files = given if given is not None or scanned is None else scanned.get(index.root)

            def report(state: BodyProgress, at: int = at) -> None:
                done[at] = state
                if progress is not None:
                    progress(_sum(done))

            index.update(files, progress=report, cancelled=cancelled)
        return _sum(done)

    def progress(self) -> BodyProgress:
        """How far the indexes are, together."""
        return _sum([index.progress() for index, _files in self.indexes])

    def close(self) -> None:
        for index, _files in self.indexes:
            index.close()


def update_reporting(bodies: FeedBodies, stream: TextIO) -> BodyProgress:
    """``bodies.update()`` for a command line: once it has taken ``PROGRESS_AFTER``
    seconds, a progress line on ``stream`` (rewritten in place, ended when done)."""
    after = PROGRESS_AFTER
    started = time.monotonic()
    shown = False

    def report(state: BodyProgress) -> None:
        nonlocal shown
        if time.monotonic() - started >= after and not state.complete:
            stream.write(f"\rindexing bodies: {state.indexed:,} of {state.total:,} files")
            stream.flush()
            shown = True

    state = bodies.update(progress=report)
    if shown:
        stream.write(f"\rindexing bodies: {state.indexed:,} of {state.total:,} files, done\n")
        stream.flush()
    return state


def _sum(states: Sequence[BodyProgress]) -> BodyProgress:
    return BodyProgress(sum(s.indexed for s in states), sum(s.total for s in states))


def file_snippet(path: str, queries: Sequence[BodyQuery]) -> Snippet | None:
    """A sanitised line around the first hit of ``queries`` in the file at ``path``
    (read again, as an opened article is), or None when it cannot be read."""
    text = indexed_text(path, via_link=True)
    return snippet(text, queries) if text else None


def snippet(text: str, queries: Sequence[BodyQuery], width: int = SNIPPET_TOKENS) -> Snippet:
    """The first place in ``text`` where one of ``queries`` matches, as one safe line.

    ``width`` tokens from a little before the first hit; the hits in that window are
    ``spans`` of the returned text. Without a hit, the start of the text.
    """
    head = text[:_SNIPPET_SCAN_CHARACTERS]
    folded, origin = folded_with_origin(head)
    # Tokenise only around the first hit (found by looking for its first word): a body
    # is thousands of tokens, a snippet a dozen.
    first = min(
        (at for query in queries if (at := _first_hit(folded, query)) is not None), default=0
    )
    tokens = _tokens_between(folded, max(0, first - _SNIPPET_BEFORE), first + _SNIPPET_AFTER)
    if not tokens:
        return Snippet("", ())
    hits: list[tuple[int, int]] = []  # [first, last) token indexes
    for query in queries:
        wanted = query.words()
        for at in range(len(tokens) - len(wanted) + 1) if wanted else ():
            if tokens[at].token.startswith(wanted[0]) and _matches_at(
                tokens, at, wanted, query.prefix
            ):
                hits.append((at, at + len(wanted)))
    hits.sort()
    first_token = max(0, hits[0][0] - width // 3) if hits else 0
    last_token = min(len(tokens), first_token + width)

    def original(token_start: int, token_end: int) -> tuple[int, int]:
        return origin[tokens[token_start].start], origin[tokens[token_end - 1].end - 1] + 1

    start, end = original(first_token, last_token)
    pieces: list[tuple[str, bool]] = []
    cursor = start
    for hit_first, hit_last in hits:
        hit_start, hit_end = original(hit_first, hit_last)
        if hit_first >= first_token and hit_last <= last_token and hit_start >= cursor:
            pieces += [(text[cursor:hit_start], False), (text[hit_start:hit_end], True)]
            cursor = hit_end
    pieces.append((text[cursor:end], False))
    line = "…" if start > 0 else ""
    spans: list[Span] = []
    for piece, is_hit in pieces:
        cleaned = _clean_piece(piece)
        if is_hit:
            spans.append((len(line), len(line) + len(cleaned)))
        line += cleaned
    if end < len(text):
        line += "…"
    return Snippet(line, tuple(spans))


def _first_hit(folded: str, query: BodyQuery) -> int | None:
    """Where the first match of ``query`` starts in ``folded``, if anywhere."""
    wanted = query.words()
    if not wanted:
        return None
    # Where the first word occurs and a token starts (a token whose apostrophe splits
    # the word in the text is missed: the snippet then shows the start of the text).
    at = folded.find(wanted[0])
    while at >= 0:
        span = token_at(folded, at)
        if span is not None:
            following = _tokens_between(folded, span.end, span.end + _SNIPPET_AFTER)
            if _matches_at([span, *following[: len(wanted) - 1]], 0, wanted, query.prefix):
                return at
        at = folded.find(wanted[0], at + 1)
    return None


def _tokens_between(folded: str, low: int, high: int) -> list[TokenSpan]:
    """The whole tokens of ``folded[low:high]``, with spans in ``folded``."""
    spans = [
        TokenSpan(token, start + low, end + low)
        for token, start, end in folded_token_spans(folded[low:high])
    ]
    if spans and low > 0 and spans[0].start == low and folded[low - 1].isalnum():
        spans.pop(0)  # cut at the start
    if spans and high < len(folded) and spans[-1].end == high and folded[high].isalnum():
        spans.pop()  # cut at the end
    return spans


def _clean_piece(piece: str) -> str:
    """``clean_line`` that keeps one space where the piece began or ended with space."""
    cleaned = clean_line(piece)
    if not cleaned:
        return " " if piece[:1].isspace() else ""
    lead = " " if piece[:1].isspace() else ""
    trail = " " if piece[-1:].isspace() else ""
    return lead + cleaned + trail


def _matches_at(tokens: Sequence[TokenSpan], at: int, wanted: list[str], prefix: bool) -> bool:
    last = len(wanted) - 1
    for offset, word in enumerate(wanted):
        token = tokens[at + offset][0]
        if token == word or (prefix and offset == last and token.startswith(word)):
            continue
        return False
    return True


def _indexed_text(item: FeedFile) -> str:
    return indexed_text(item.path, item.via_link)


def indexed_text(path: str, via_link: bool) -> str:
    """What a file contributes to the index: its excerpt, then its body.

    An unreadable file contributes nothing (its metadata load reports the problem);
    it is still recorded, so it is not read again until it changes.
    """
    try:
        text = read_document(path, via_link, MAX_BODY_BYTES)
    except (FileProblem, OSError):
        return ""
    split = split_document(text)
    if not split.closed:
        return ""
    excerpt = _excerpt(split)
    body = text[split.body_start :]
    return f"{excerpt}\n\n{body}" if excerpt else body


def _excerpt(split: Split) -> str:
    """The excerpt (or description, summary) of the front matter.

    YAML: only the lines of that key are parsed, not the whole block (related entries,
    images and the secured blob make a full parse ~10x dearer); top-level keys start in
    the first column, so the value ends where the next such line begins.
    """
    block = split.front_matter
    if split.format == "yaml":
        found = _EXCERPT_KEY.search(block)
        if found is None:
            return ""
        end = _NEXT_TOP_LEVEL.search(block, found.end())
        fragment = block[found.start() : end.start() if end else len(block)]
        split = Split("yaml", f"---\n{fragment.rstrip()}\n---\n", 0)
    try:
        meta = parse_front_matter(split, _EXCERPT_SUMMARY)
    except (FrontMatterError, ValueError, RecursionError):
        return ""
    return coerce.text(first(meta, EXCERPT_KEYS))


# -- schema ------------------------------------------------------------------------


def _format_of(connection: sqlite3.Connection) -> int | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else int(row[0])


def _storable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _create(connection: sqlite3.Connection) -> None:
    """A fresh, empty index (whatever was there, of another format, is dropped)."""
    with _transaction(connection):
        if _format_of(connection) == BODY_INDEX_FORMAT:
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
        _set_meta(connection, "format", BODY_INDEX_FORMAT)


def _clear(connection: sqlite3.Connection) -> None:
    """Empty the index (dead rows included), to be filled again from the files."""
    with _transaction(connection):
        connection.execute("INSERT INTO bodies(bodies) VALUES ('delete-all')")
        connection.execute("DELETE FROM docs")
        connection.execute("DELETE FROM dead")
        _set_meta(connection, "dead", 0)


def _bury(connection: sqlite3.Connection, doc_id: int) -> None:
    """A file changed or went away: its document is dead (its FTS row stays)."""
    connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
    connection.execute("INSERT INTO dead(id) VALUES (?)", (doc_id,))


def _set_meta(connection: sqlite3.Connection, key: str, value: int) -> None:
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` when the block raises."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
