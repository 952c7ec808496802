"""Triage state that never loses work: read, starred, archived, and an undo log, in SQLite.

One :class:`TriageState` serves one feed folder. Flags are keyed by the folder's real path
and the article key (its URL, else its path relative to the folder), so the same feed
opened by two paths shares its state, and a read-only feed folder is no obstacle: the
database lives in the user state directory (``platformdirs.user_state_dir``), or wherever
``--state PATH`` says.

Durability. Every action is one SQLite transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``),
committed before the method returns, in WAL mode with ``synchronous=FULL``: once a method
has returned, ``kill -9`` (and, with FULL, a power cut) cannot lose the action, and an
interrupted transaction leaves no trace. Two instances on one feed (two SSH sessions) are
serialised by SQLite's locks (``busy_timeout`` waits for the other one instead of failing);
each sees the other's changes after :meth:`TriageState.refresh`, which is cheap when nothing
changed (``PRAGMA data_version``), so the UI can call it on focus or on a timer.

Undo. Every action that changed something, single or bulk, is one step of the undo log, a
table of the same database written in the same transaction: :meth:`TriageState.undo`
reverts the newest step of the feed, repeatedly (multi-level), also after a restart. The
log is the feed's, shared by every instance on it: undo reverts the newest step, whoever
made it. A step records only the articles it changed, so undoing "mark all read" leaves the
articles that were read before as they were. Publish steps (see
:mod:`tui_reader.data.writeback`) keep each file's previous bytes and the hash of the bytes
written; their undo puts the previous bytes back atomically, refusing a file that changed
since. Only the newest ``UNDO_DEPTH`` steps of a feed are kept.

API for the UI (keys are ``Article.key``; ``keys`` arguments take one key or many):

- ``TriageState(feed_root, db_path=None, *, read_only=False)``; ``feed_root_of(article)``
  gives the folder an article was loaded from; ``default_db_path()``.
- ``flags_by_uid(articles, db_path)``: read-only flags for ``--list --json``.
- ``TriageView`` protocol, from memory: ``is_read(key)``, ``is_starred(key)``,
  ``is_archived(key)``; ``flags(key) -> TriageFlags``; ``counts(keys=None) -> TriageCounts``.
- actions, each returning a :class:`Step` (what to tell the user) or None when nothing
  changed (no undo step is recorded then): ``set_read(keys, value=True)``,
  ``set_starred(keys, value=True)``, ``set_archived(keys, value=True)``,
  ``set_flag(flag, keys, value)``, ``toggle(flag, keys)`` (all set -> clear all, else set
  all: ``m``/``s``/``a`` on one article or a selection).
- ``publish(targets, value) -> PublishOutcome``: write ``published`` into each target's file
  (:class:`PublishTarget`: key, path, :class:`~tui_reader.data.writeback.Expected`); files
  that are refused are reported in the outcome and left alone, the rest form one step.
- ``undo() -> Step | None`` (raises ``WriteBackError`` when a file cannot be restored; the
  step then stays, ``discard_last_step()`` drops it), ``peek_undo() -> Step | None``
  (to say "undo: mark 35 read"), ``undo_depth()``.
- ``refresh() -> bool`` (True when another instance changed something), ``close()``; the
  object is a context manager.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import TracebackType

from tui_reader.data.model import Article
from tui_reader.data.sanitize import text_for_storage
from tui_reader.data.writeback import (
    Expected,
    WriteBackError,
    WrittenNotSynced,
    check_expected,
    read_version,
    restore_bytes,
    sha256_hex,
    with_published,
    write_published,
)

APP_NAME = "tui-reader"
DB_NAME = "triage.sqlite3"
UNDO_DEPTH = 1000
"""Undo steps kept per feed; older ones are pruned as new ones are recorded."""
BUSY_TIMEOUT_MS = 10_000
"""How long an action waits for another instance's transaction before failing."""
SCHEMA_VERSION = 1


class Flag(Enum):
    """A triage flag and its bit in the ``bits`` column."""

    READ = 1
    STARRED = 2
    ARCHIVED = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TriageFlags:
    """The flags of one article (``--list --json``)."""

    read: bool = False
    starred: bool = False
    archived: bool = False


@dataclass(frozen=True, slots=True)
class TriageCounts:
    """How many articles are read, starred, archived (the overview)."""

    read: int = 0
    starred: int = 0
    archived: int = 0


@dataclass(frozen=True, slots=True)
class PublishTarget:
    """One file to publish or unpublish, with what the UI last saw of it."""

    key: str
    path: str
    expected: Expected


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the undo log: an action, single or bulk.

    ``kind`` is ``"flag"`` or ``"publish"``; ``flag`` is set for flag steps; ``value`` is
    what the step set; ``keys`` are the articles it changed; ``paths`` the files a publish
    step wrote (the UI reloads those articles after the step and after its undo).
    """

    id: int
    kind: str
    flag: Flag | None
    value: bool
    keys: tuple[str, ...]
    paths: tuple[str, ...] = ()

    def describe(self) -> str:
        """A few words for a notification: "mark 35 read", "unstar 1"."""
        count = len(self.keys)
        if self.flag is None:
            return f"{'publish' if self.value else 'unpublish'} {count}"
        verb = {
            Flag.READ: ("mark", "read") if self.value else ("mark", "unread"),
            Flag.STARRED: ("star", "") if self.value else ("unstar", ""),
            Flag.ARCHIVED: ("archive", "") if self.value else ("unarchive", ""),
        }[self.flag]
        return " ".join(part for part in (verb[0], str(count), verb[1]) if part)


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What :meth:`TriageState.publish` did: the step (None if nothing was written),
    the keys whose files already said so, and the files refused with the reason."""

    step: Step | None
    unchanged: tuple[str, ...] = ()
    refused: tuple[WriteBackError, ...] = field(default_factory=tuple)
    warnings: tuple[WriteBackError, ...] = field(default_factory=tuple)
    """Files written (and in the step) with something to say, e.g. not synced."""


def default_db_path() -> Path:
    """The state database in the user state directory (created on first write)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME)) / DB_NAME


def _enable_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for another instance that is creating the database.

    Changing the journal mode does not go through the busy handler: two instances
    started at once on a new database would otherwise fail with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def feed_root_of(article: Article) -> str:
    """The real path of the folder ``article`` was loaded from (a file's own folder when
    it was given alone)."""
    depth = len(Path(article.rel_path).parts)
    return os.path.realpath(Path(article.path).parents[depth - 1])


def feed_root_for_paths(paths: Sequence[str]) -> str | None:
    """The folder whose triage state the reader uses: the first path given (a file's
    own folder when a file was given), as ``feed_root_of`` names it for its articles."""
    if not paths:
        return None
    first = os.path.realpath(paths[0])
    return first if os.path.isdir(first) else os.path.dirname(first)


def flags_by_uid(
    articles: Iterable[Article], db_path: Path | None = None
) -> dict[int, TriageFlags]:
    """The flags of ``articles`` (by uid) for ``--list``: read-only, never creates the
    database (no database yet: nothing is read, starred or archived).

    Raises ``sqlite3.Error`` when the database exists but cannot be read.
    """
    path = db_path if db_path is not None else default_db_path()
    if not path.exists():
        return {}
    states: dict[str, TriageState] = {}
    result: dict[int, TriageFlags] = {}
    try:
        for article in articles:
            root = feed_root_of(article)
            state = states.get(root)
            if state is None:
                state = states[root] = TriageState(root, path, read_only=True)
            result[article.uid] = state.flags(article.key)
    finally:
        for state in states.values():
            state.close()
    return result


_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    bits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feed TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flag', 'publish')),
    mask INTEGER NOT NULL DEFAULT 0,
    value INTEGER NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS steps_by_feed ON steps (feed, id);
CREATE TABLE IF NOT EXISTS step_keys (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (step, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS step_files (
    step INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    path TEXT NOT NULL,
    previous BLOB NOT NULL,
    previous_sha256 TEXT NOT NULL,
    written_sha256 TEXT NOT NULL,
    PRIMARY KEY (step, path)
);
"""


def _as_keys(keys: str | Iterable[str]) -> list[str]:
    return [keys] if isinstance(keys, str) else list(dict.fromkeys(keys))


class TriageState:
    """Triage flags and the undo log of one feed folder; see the module docstring."""

    def __init__(
        self,
        feed_root: str | os.PathLike[str],
        db_path: Path | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        # A folder name that is not UTF-8 cannot be bound as SQLite text as it is.
        self.feed = text_for_storage(os.path.realpath(feed_root))
        self.db_path = db_path if db_path is not None else default_db_path()
        self.read_only = read_only
        self._bits: dict[str, int] = {}
        self._connection = self._connect()
        self._data_version = -1
        self._reload()

    # -- connection -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            # Never creates the file; fails if it does not exist.
            uri = f"{self.db_path.resolve().as_uri()}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return connection
        self.db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # isolation_level=None: no implicit transactions; each action opens its own.
        connection = sqlite3.connect(self.db_path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _enable_wal(connection)
            # FULL: a commit is on disk before the action returns, even across a power
            # cut (NORMAL in WAL mode would only survive process crashes).
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            with _transaction(connection):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        """Close the database (every action is already committed)."""
        self._connection.close()

    def __enter__(self) -> TriageState:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading (TriageView) -------------------------------------------------------

    def is_read(self, key: str) -> bool:
        return bool(self._bits.get(key, 0) & Flag.READ.value)

    def is_starred(self, key: str) -> bool:
        return bool(self._bits.get(key, 0) & Flag.STARRED.value)

    def is_archived(self, key: str) -> bool:
        return bool(self._bits.get(key, 0) & Flag.ARCHIVED.value)

    def has(self, flag: Flag, key: str) -> bool:
        """Whether ``key`` has ``flag``."""
        return bool(self._bits.get(key, 0) & flag.value)

    def flags(self, key: str) -> TriageFlags:
        bits = self._bits.get(key, 0)
        return TriageFlags(
            read=bool(bits & Flag.READ.value),
            starred=bool(bits & Flag.STARRED.value),
            archived=bool(bits & Flag.ARCHIVED.value),
        )

    def counts(self, keys: Iterable[str] | None = None) -> TriageCounts:
        """Counts over ``keys`` (the articles shown), or over every key of the feed
        in the database (which may include articles whose files are gone)."""
        values = self._bits.values() if keys is None else [self._bits.get(k, 0) for k in keys]
        read = starred = archived = 0
        for bits in values:
            read += bits & 1
            starred += (bits >> 1) & 1
            archived += (bits >> 2) & 1
        return TriageCounts(read, starred, archived)

    def refresh(self) -> bool:
        """Re-read what another instance wrote; True when something changed."""
        version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._reload()
        return True

    def _reload(self) -> None:
        with _transaction(self._connection, write=False):
            # Read inside the transaction, so the version matches the rows read.
            self._data_version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            if self.read_only and not self._has_schema():
                self._bits = {}
                return
            rows = self._connection.execute(
                "SELECT key, bits FROM flags WHERE feed = ? AND bits != 0", (self.feed,)
            )
            self._bits = dict(rows)

    def _has_schema(self) -> bool:
        row = self._connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flags'"
        ).fetchone()
        return row is not None

    # -- flag actions ---------------------------------------------------------------

    def set_read(self, keys: str | Iterable[str], value: bool = True) -> Step | None:
        return self.set_flag(Flag.READ, keys, value)

    def set_starred(self, keys: str | Iterable[str], value: bool = True) -> Step | None:
        return self.set_flag(Flag.STARRED, keys, value)

    def set_archived(self, keys: str | Iterable[str], value: bool = True) -> Step | None:
        return self.set_flag(Flag.ARCHIVED, keys, value)

    def toggle(self, flag: Flag, keys: str | Iterable[str]) -> Step | None:
        """Clear ``flag`` when every key has it, else set it on all of them."""
        key_list = _as_keys(keys)
        self.refresh()
        value = not all(self.has(flag, key) for key in key_list)
        return self.set_flag(flag, key_list, value)

    def set_flag(self, flag: Flag, keys: str | Iterable[str], value: bool) -> Step | None:
        """Set or clear ``flag`` on ``keys`` as one undo step (None: nothing changed)."""
        self._require_writable()
        key_list = _as_keys(keys)
        if not key_list:
            return None
        mask = flag.value
        target = mask if value else 0
        db = self._connection
        with _transaction(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS batch (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM temp.batch")
            db.executemany("INSERT OR IGNORE INTO temp.batch VALUES (?)", ((k,) for k in key_list))
            step_id = self._new_step("flag", mask, value)
            # Only the keys whose flag changes are part of the step.
            db.execute(
                "INSERT INTO step_keys (step, key) SELECT ?, b.key FROM temp.batch b "
                "LEFT JOIN flags f ON f.feed = ? AND f.key = b.key "
                "WHERE (COALESCE(f.bits, 0) & ?) != ?",
                (step_id, self.feed, mask, target),
            )
            changed = [row[0] for row in db.execute(_STEP_KEYS, (step_id,))]
            if not changed:
                db.execute("DELETE FROM steps WHERE id = ?", (step_id,))
                db.execute("DELETE FROM temp.batch")
                return None
            db.execute(
                "INSERT INTO flags (feed, key, bits) SELECT ?, key, ? FROM step_keys "
                "WHERE step = ? ON CONFLICT (feed, key) DO UPDATE SET bits = (bits & ~?) | ?",
                (self.feed, target, step_id, mask, target),
            )
            db.execute("DELETE FROM temp.batch")
            self._prune()
        self._after_write(changed, mask, target)
        return Step(step_id, "flag", flag, value, tuple(changed))

    # -- publish --------------------------------------------------------------------

    def publish(self, targets: Sequence[PublishTarget], value: bool) -> PublishOutcome:
        """Write ``published: value`` into each target's file; one undo step for all.

        The step is committed before the files are written (with each file's previous
        bytes), so a crash in between leaves an undo step whose files need no restoring,
        never a written file without its undo. Files refused (links, read-only, changed
        since loaded, front matter that cannot be edited safely) are left untouched.
        """
        self._require_writable()
        planned: list[tuple[PublishTarget, bytes, bytes]] = []
        unchanged: list[str] = []
        refused: list[WriteBackError] = []
        for target in targets:
            try:
                version = read_version(target.path)
                check_expected(version, target.expected)
                new = with_published(version.data, value)
            except WriteBackError as error:
                refused.append(error if error.path else WriteBackError(error.reason, target.path))
                continue
            if new == version.data:
                unchanged.append(target.key)
            else:
                planned.append((target, version.data, new))
        if not planned:
            return PublishOutcome(None, tuple(unchanged), tuple(refused))
        db = self._connection
        with _transaction(db):
            step_id = self._new_step("publish", 0, value)
            db.executemany(
                "INSERT INTO step_files VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        step_id,
                        t.key,
                        text_for_storage(t.path),
                        old,
                        sha256_hex(old),
                        sha256_hex(new),
                    )
                    for t, old, new in planned
                ),
            )
            self._prune()
        written: list[PublishTarget] = []
        failed: list[PublishTarget] = []
        warnings: list[WriteBackError] = []
        for target, old, _new in planned:
            try:
                # Against the very bytes recorded for undo, not only what the UI saw.
                write_published(target.path, value, Expected(sha256=sha256_hex(old)))
                written.append(target)
            except WrittenNotSynced as warning:
                # Replaced: it is written and its undo record must stay.
                written.append(target)
                warnings.append(warning)
            except WriteBackError as error:
                refused.append(error)
                failed.append(target)
        if failed:
            with _transaction(db):
                db.executemany(
                    "DELETE FROM step_files WHERE step = ? AND path = ?",
                    ((step_id, t.path) for t in failed),
                )
                if not written:
                    db.execute("DELETE FROM steps WHERE id = ?", (step_id,))
        self.refresh()
        step = (
            Step(
                step_id,
                "publish",
                None,
                value,
                tuple(t.key for t in written),
                tuple(t.path for t in written),
            )
            if written
            else None
        )
        return PublishOutcome(step, tuple(unchanged), tuple(refused), tuple(warnings))

    # -- undo -----------------------------------------------------------------------

    def peek_undo(self) -> Step | None:
        """The step :meth:`undo` would revert."""
        row = self._connection.execute(
            "SELECT id, kind, mask, value FROM steps WHERE feed = ? ORDER BY id DESC LIMIT 1",
            (self.feed,),
        ).fetchone()
        return None if row is None else self._step(row)

    def undo_depth(self) -> int:
        """How many steps can be undone."""
        row = self._connection.execute(
            "SELECT COUNT(*) FROM steps WHERE feed = ?", (self.feed,)
        ).fetchone()
        return int(row[0])

    def undo(self) -> Step | None:
        """Revert the newest step of the feed (None: nothing to undo).

        A publish step whose files cannot all be restored raises WriteBackError and
        changes nothing; the step stays (see :meth:`discard_last_step`).
        """
        self._require_writable()
        db = self._connection
        reverted: list[tuple[str, int]] = []
        with _transaction(db):
            row = db.execute(
                "SELECT id, kind, mask, value FROM steps WHERE feed = ? ORDER BY id DESC LIMIT 1",
                (self.feed,),
            ).fetchone()
            if row is None:
                return None
            step = self._step(row)
            if step.kind == "flag":
                assert step.flag is not None
                mask = step.flag.value
                target = mask if step.value else 0
                db.execute(
                    "UPDATE flags SET bits = (bits & ~?) | ? WHERE feed = ? AND (bits & ?) = ? "
                    "AND key IN (SELECT key FROM step_keys WHERE step = ?)",
                    (mask, target ^ mask, self.feed, mask, target, step.id),
                )
                # What the step's keys hold now, for the in-memory copy.
                reverted = db.execute(
                    "SELECT s.key, COALESCE(f.bits, 0) FROM step_keys s "
                    "LEFT JOIN flags f ON f.feed = ? AND f.key = s.key WHERE s.step = ?",
                    (self.feed, step.id),
                ).fetchall()
            else:
                # Inside the transaction: another instance cannot undo it at the same time.
                self._restore_files(step.id)
            db.execute("DELETE FROM steps WHERE id = ?", (step.id,))
        if not self.refresh():
            for key, bits in reverted:
                self._set_bits(key, bits)
        return step

    def discard_last_step(self) -> Step | None:
        """Drop the newest step without reverting it (a publish that cannot be undone)."""
        self._require_writable()
        with _transaction(self._connection):
            step = self.peek_undo()
            if step is not None:
                self._connection.execute("DELETE FROM steps WHERE id = ?", (step.id,))
        self.refresh()
        return step

    def _restore_files(self, step_id: int) -> None:
        rows = self._connection.execute(
            "SELECT path, previous, previous_sha256, written_sha256 FROM step_files "
            "WHERE step = ? ORDER BY path",
            (step_id,),
        ).fetchall()
        pending: list[tuple[str, bytes, str]] = []
        problems: list[str] = []
        for path, previous, previous_sha, written_sha in rows:
            current = read_version(path).sha256
            if current == previous_sha:
                continue  # a crash came before the write, or it was already restored
            if current != written_sha:
                problems.append(f"{path}: changed on disk since it was published")
            else:
                pending.append((path, previous, written_sha))
        if problems:
            raise WriteBackError("cannot undo: " + "; ".join(problems))
        for path, previous, written_sha in pending:
            restore_bytes(path, previous, written_sha)

    # -- helpers --------------------------------------------------------------------

    def _new_step(self, kind: str, mask: int, value: bool) -> int:
        cursor = self._connection.execute(
            "INSERT INTO steps (feed, kind, mask, value, created) VALUES (?, ?, ?, ?, ?)",
            (self.feed, kind, mask, int(value), time.time()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _step(self, row: tuple[int, str, int, int]) -> Step:
        step_id, kind, mask, value = row
        if kind == "flag":
            keys = tuple(r[0] for r in self._connection.execute(_STEP_KEYS, (step_id,)))
            return Step(step_id, kind, Flag(mask), bool(value), keys)
        files = self._connection.execute(
            "SELECT key, path FROM step_files WHERE step = ? ORDER BY path", (step_id,)
        ).fetchall()
        return Step(
            step_id,
            kind,
            None,
            bool(value),
            tuple(k for k, _ in files),
            tuple(p for _, p in files),
        )

    def _prune(self) -> None:
        self._connection.execute(
            "DELETE FROM steps WHERE feed = ? AND id <= (SELECT id FROM steps WHERE feed = ? "
            "ORDER BY id DESC LIMIT 1 OFFSET ?)",
            (self.feed, self.feed, UNDO_DEPTH),
        )

    def _after_write(self, keys: list[str], mask: int, target: int) -> None:
        """Bring memory in line after our own commit.

        ``data_version`` does not move for our own commits: if it moved, another
        instance wrote too, and the full reload already includes our commit.
        """
        if self.refresh():
            return
        for key in keys:
            self._set_bits(key, (self._bits.get(key, 0) & ~mask) | target)

    def _set_bits(self, key: str, bits: int) -> None:
        if bits:
            self._bits[key] = bits
        else:
            self._bits.pop(key, None)

    def _require_writable(self) -> None:
        if self.read_only:
            raise PermissionError("this triage state was opened read-only")


_STEP_KEYS = "SELECT key FROM step_keys WHERE step = ? ORDER BY key"


@contextmanager
def _transaction(connection: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` (or a deferred read) ... ``COMMIT``; ROLLBACK on any error.

    IMMEDIATE takes the write lock at the start, so two instances never deadlock
    upgrading a read lock; ``busy_timeout`` makes the second one wait its turn.
    """
    connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
