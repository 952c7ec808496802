"""The triage state of one feed folder: flags and the undo log, committed as they change.

Durability. Every action is one SQLite transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``),
committed before the method returns, in WAL mode with ``synchronous=FULL``: once a method
has returned, ``kill -9`` (and, with FULL, a power cut) cannot lose the action, and an
interrupted transaction leaves no trace. Two instances on one feed (two SSH sessions) are
serialised by SQLite's locks; each sees the other's changes after :meth:`refresh`, which
is cheap when nothing changed (``PRAGMA data_version``).

Undo. Every explicit action that changed something, single or bulk, is one step of the
undo log, written in the same transaction: :meth:`undo` reverts the newest step of the
feed, repeatedly, also after a restart. The log is the feed's, shared by every instance
on it. A step records only the articles it changed, so undoing "mark all read" leaves the
articles that were read before as they were. An automatic change (reading by dwelling on
an article) is committed without a step: undo steps back through what the person did.
Publish steps keep each file's previous bytes and the hash of the bytes written; their
undo puts the previous bytes back atomically, refusing a file that changed since. Only
the newest ``UNDO_DEPTH`` steps of a feed are kept.

Every database failure raises :class:`~tui_reader.data.triage.database.TriageError`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from tui_reader.data.sanitize import text_for_storage
from tui_reader.data.triage import publish as files
from tui_reader.data.triage.database import (
    connect,
    database_errors,
    default_db_path,
    has_schema,
    transaction,
)
from tui_reader.data.triage.flags import Flag, TriageView
from tui_reader.data.triage.places import Place, read_place, write_place
from tui_reader.data.triage.steps import PublishOutcome, PublishTarget, Step
from tui_reader.data.writeback import sha256_hex

UNDO_DEPTH = 1000
"""Undo steps kept per feed; older ones are pruned as new ones are recorded."""

_STEP_KEYS = "SELECT key FROM step_keys WHERE step = ? ORDER BY key"
_NEWEST_STEP = "SELECT id, kind, mask, value FROM steps WHERE feed = ? ORDER BY id DESC LIMIT 1"


class TriageState(TriageView):
    """Triage flags and the undo log of one feed folder; see the module docstring."""

    def __init__(
        self,
        feed_root: str | os.PathLike[str],
        db_path: Path | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        # A folder name that is not UTF-8 cannot be bound as SQLite text as it is.
        self.feed = text_for_storage(os.path.realpath(feed_root))
        self.db_path = db_path if db_path is not None else default_db_path()
        self.read_only = read_only
        self._connection = connect(self.db_path, read_only=read_only)
        self._data_version = -1
        with database_errors():
            self._reload()

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

    # -- reading --------------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read what another instance wrote; True when something changed."""
        with database_errors():
            return self._refresh()

    def _refresh(self) -> bool:
        version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._reload()
        return True

    def _reload(self) -> None:
        with transaction(self._connection, write=False):
            # Read inside the transaction, so the version matches the rows read.
            self._data_version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            if self.read_only and not has_schema(self._connection):
                self._replace_all({})
                return
            rows = self._connection.execute(
                "SELECT key, bits FROM flags WHERE feed = ? AND bits != 0", (self.feed,)
            )
            self._replace_all(dict(rows))

    # -- flag actions ---------------------------------------------------------------

    def set_flag(
        self, flag: Flag, keys: str | Iterable[str], value: bool, *, undoable: bool = True
    ) -> Step | None:
        """Set or clear ``flag`` on ``keys``; None when nothing changed.

        With ``undoable`` (an explicit action) the change is one undo step; without (an
        automatic read) it is committed alone, and undo passes it by.
        """
        self._require_writable()
        key_list = [keys] if isinstance(keys, str) else list(dict.fromkeys(keys))
        if not key_list:
            return None
        with database_errors():
            return self._set_flag(flag, key_list, value, undoable)

    def _set_flag(self, flag: Flag, keys: list[str], value: bool, undoable: bool) -> Step | None:
        mask = flag.value
        target = mask if value else 0
        db = self._connection
        with transaction(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS batch (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM temp.batch")
            db.executemany("INSERT OR IGNORE INTO temp.batch VALUES (?)", ((k,) for k in keys))
            # Only the keys whose flag changes count.
            changed = [
                row[0]
                for row in db.execute(
                    "SELECT b.key FROM temp.batch b "
                    "LEFT JOIN flags f ON f.feed = ? AND f.key = b.key "
                    "WHERE (COALESCE(f.bits, 0) & ?) != ? ORDER BY b.key",
                    (self.feed, mask, target),
                )
            ]
            db.execute("DELETE FROM temp.batch")
            if not changed:
                return None
            db.executemany(
                "INSERT INTO flags (feed, key, bits) VALUES (?, ?, ?) "
                "ON CONFLICT (feed, key) DO UPDATE SET bits = (bits & ~?) | ?",
                ((self.feed, key, target, mask, target) for key in changed),
            )
            step_id = 0
            if undoable:
                step_id = self._new_step("flag", mask, value)
                db.executemany(
                    "INSERT INTO step_keys (step, key) VALUES (?, ?)",
                    ((step_id, key) for key in changed),
                )
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
        planned = files.plan(targets, value)
        if not planned.writes:
            return PublishOutcome(None, tuple(planned.unchanged), tuple(planned.refused))
        with database_errors():
            step_id = self._record_publish(planned.writes, value)
        outcome = files.write(planned.writes, value)
        with database_errors():
            self._forget_failed(step_id, outcome.failed, keep_step=bool(outcome.written))
            self._refresh()
        written = outcome.written
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
        return PublishOutcome(
            step,
            tuple(planned.unchanged),
            (*planned.refused, *outcome.refused),
            tuple(outcome.warnings),
        )

    def _record_publish(self, writes: Sequence[files.PlannedWrite], value: bool) -> int:
        db = self._connection
        with transaction(db):
            step_id = self._new_step("publish", 0, value)
            db.executemany(
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
            self._prune()
        return step_id

    def _forget_failed(
        self, step_id: int, failed: Sequence[PublishTarget], *, keep_step: bool
    ) -> None:
        if not failed:
            return
        db = self._connection
        with transaction(db):
            db.executemany(
                "DELETE FROM step_files WHERE step = ? AND path = ?",
                ((step_id, t.path) for t in failed),
            )
            if not keep_step:
                db.execute("DELETE FROM steps WHERE id = ?", (step_id,))

    # -- undo -----------------------------------------------------------------------

    def peek_undo(self) -> Step | None:
        """The step :meth:`undo` would revert."""
        with database_errors():
            row = self._connection.execute(_NEWEST_STEP, (self.feed,)).fetchone()
            return None if row is None else self._step(row)

    def undo_depth(self) -> int:
        """How many steps can be undone."""
        with database_errors():
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
        with database_errors():
            return self._undo()

    def _undo(self) -> Step | None:
        db = self._connection
        reverted: dict[str, int] = {}
        with transaction(db):
            row = db.execute(_NEWEST_STEP, (self.feed,)).fetchone()
            if row is None:
                return None
            step = self._step(row)
            if step.flag is not None:
                mask = step.flag.value
                target = mask if step.value else 0
                db.execute(
                    "UPDATE flags SET bits = (bits & ~?) | ? WHERE feed = ? AND (bits & ?) = ? "
                    "AND key IN (SELECT key FROM step_keys WHERE step = ?)",
                    (mask, target ^ mask, self.feed, mask, target, step.id),
                )
                # What the step's keys hold now, for the in-memory copy.
                reverted = dict(
                    db.execute(
                        "SELECT s.key, COALESCE(f.bits, 0) FROM step_keys s "
                        "LEFT JOIN flags f ON f.feed = ? AND f.key = s.key WHERE s.step = ?",
                        (self.feed, step.id),
                    ).fetchall()
                )
            else:
                # Inside the transaction: another instance cannot undo it at the same time.
                files.restore(
                    db.execute(
                        "SELECT path, previous, previous_sha256, written_sha256 "
                        "FROM step_files WHERE step = ? ORDER BY path",
                        (step.id,),
                    ).fetchall()
                )
            db.execute("DELETE FROM steps WHERE id = ?", (step.id,))
        if not self._refresh():
            self._set_bits(reverted)
        return step

    def discard_last_step(self) -> Step | None:
        """Drop the newest step without reverting it (a publish that cannot be undone)."""
        self._require_writable()
        with database_errors():
            with transaction(self._connection):
                row = self._connection.execute(_NEWEST_STEP, (self.feed,)).fetchone()
                step = None if row is None else self._step(row)
                if step is not None:
                    self._connection.execute("DELETE FROM steps WHERE id = ?", (step.id,))
            self._refresh()
        return step

    # -- where the reader was -------------------------------------------------------

    def place(self) -> Place | None:
        """Where the reader last was in this feed (None: not saved yet, or read-only)."""
        if self.read_only:
            return None
        with database_errors():
            return read_place(self._connection, self.feed)

    def remember_place(self, place: Place) -> None:
        """Save where the reader is (not an undo step, not a triage change)."""
        self._require_writable()
        with database_errors():
            write_place(self._connection, self.feed, place)

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
        found = self._connection.execute(
            "SELECT key, path FROM step_files WHERE step = ? ORDER BY path", (step_id,)
        ).fetchall()
        return Step(
            step_id,
            kind,
            None,
            bool(value),
            tuple(k for k, _ in found),
            tuple(p for _, p in found),
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
        if self._refresh():
            return
        self._set_bits({key: (self._bits.get(key, 0) & ~mask) | target for key in keys})

    def _require_writable(self) -> None:
        if self.read_only:
            raise PermissionError("this triage state was opened read-only")
