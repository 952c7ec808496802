"""The triage state of one feed folder: flags, the reader's own tags and notes, and the
undo log, committed as they change (and the saved searches, which are every feed's).

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
undo puts the previous bytes back atomically, refusing a file that changed since. Tag
steps keep each (article, tag) they added or removed; note steps the note before and
after (undo puts it back where the note is still what the step wrote). Only
the newest ``UNDO_DEPTH`` steps of a feed are kept.

Every database failure raises :class:`~tui_reader.data.triage.database.TriageError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from tui_reader.data.sanitize import text_for_storage
from tui_reader.data.sqlite_files import transaction
from tui_reader.data.triage import publish as files
from tui_reader.data.triage.annotation_steps import (
    revert_note_step,
    revert_tag_step,
    tag_changes,
    tag_step,
    write_note_step,
    write_tag_step,
)
from tui_reader.data.triage.annotations import (
    TagEdit,
    annotations_of,
    normal_note,
    read_annotations,
)
from tui_reader.data.triage.database import (
    connect,
    database_errors,
    default_db_path,
    has_schema,
)
from tui_reader.data.triage.flag_steps import (
    read_bits,
    record_flag_step,
    revert_flag_step,
    write_flag,
)
from tui_reader.data.triage.flags import Flag, TriageView
from tui_reader.data.triage.places import Place, read_place, write_place
from tui_reader.data.triage.publish_steps import (
    forget_unwritten,
    publish_step,
    record_publish_step,
    revert_publish_step,
)
from tui_reader.data.triage.searches import delete_search, read_searches, write_search
from tui_reader.data.triage.steps import PublishOutcome, PublishTarget, Step
from tui_reader.data.triage.undo_log import UndoLog

UNDO_DEPTH = 1000
"""Undo steps kept per feed; older ones are pruned as new ones are recorded."""


class TriageState(TriageView):
    """Triage flags and the undo log of one feed folder; see the module docstring.

    The SQL of each kind of change lives beside its undo step (:mod:`.flag_steps`,
    :mod:`.annotation_steps`, :mod:`.publish_steps`, the log itself :mod:`.undo_log`);
    this class owns the transactions, so each action is one, and the copy in memory.
    """

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
        self._undo_log = UndoLog(self._connection, self.feed)
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
            bits = read_bits(self._connection, self.feed)
            tags, notes = read_annotations(self._connection, self.feed)
            self._replace_all(bits, tags, notes)

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
            # Only the keys whose flag changes count.
            changed = write_flag(db, self.feed, keys, mask, target)
            if not changed:
                return None
            step_id = 0
            if undoable:
                step_id = self._undo_log.add("flag", mask, value)
                record_flag_step(db, step_id, changed)
                self._undo_log.prune(UNDO_DEPTH)
        self._after_write(changed, mask, target)
        return Step(step_id, "flag", flag, value, tuple(changed))

    # -- the reader's tags and notes ------------------------------------------------

    def edit_tags(self, keys: str | Iterable[str], edit: TagEdit) -> Step | None:
        """Add ``edit.add`` to and remove ``edit.remove`` from every key: one undo step
        holding only what changed (None when nothing did)."""
        self._require_writable()
        key_list = [keys] if isinstance(keys, str) else list(dict.fromkeys(keys))
        if not key_list or edit.is_empty:
            return None
        with database_errors():
            return self._edit_tags(key_list, edit)

    def _edit_tags(self, keys: list[str], edit: TagEdit) -> Step | None:
        db = self._connection
        changes = tag_changes(keys, edit, self.tags)
        if not changes:
            return None
        with transaction(db):
            step_id = self._undo_log.add("tag", 0, any(added for _, _, added in changes))
            write_tag_step(db, self.feed, step_id, changes)
            self._undo_log.prune(UNDO_DEPTH)
        changed = sorted({key for key, _, _ in changes})
        self._after_annotation(changed)
        return tag_step(step_id, changes)

    def set_note(self, key: str, text: str) -> Step | None:
        """Write the note of ``key`` (empty text removes it): one undo step (None when
        the note is as it was)."""
        self._require_writable()
        note = normal_note(text)
        previous = self.note(key)
        if note == previous:
            return None
        db = self._connection
        with database_errors():
            with transaction(db):
                step_id = self._undo_log.add("note", 0, bool(note))
                write_note_step(db, self.feed, step_id, key, previous, note)
                self._undo_log.prune(UNDO_DEPTH)
            self._after_annotation([key])
        return Step(step_id, "note", None, bool(note), (key,))

    # -- saved searches -------------------------------------------------------------

    def saved_searches(self) -> dict[str, str]:
        """The searches saved from the app (every feed's), by name."""
        with database_errors():
            if self.read_only and not has_schema(self._connection):
                return {}
            return read_searches(self._connection)

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a search (not an undo step: a search is not triage);
        raises ``SearchNameError`` for a name that cannot be used."""
        self._require_writable()
        with database_errors():
            write_search(self._connection, name, query)

    def forget_search(self, name: str) -> bool:
        """Delete the saved search ``name``; False when there was none."""
        self._require_writable()
        with database_errors():
            return delete_search(self._connection, name)

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
        db = self._connection
        with database_errors(), transaction(db):
            step_id = self._undo_log.add("publish", 0, value)
            record_publish_step(db, step_id, planned.writes)
            self._undo_log.prune(UNDO_DEPTH)
        outcome = files.write(planned.writes, value)
        written = outcome.written
        with database_errors():
            if outcome.failed:
                with transaction(db):
                    forget_unwritten(db, step_id, outcome.failed)
                    if not written:
                        self._undo_log.drop(step_id)
            self._refresh()
        step = publish_step(step_id, value, [(t.key, t.path) for t in written]) if written else None
        return PublishOutcome(
            step,
            tuple(planned.unchanged),
            (*planned.refused, *outcome.refused),
            tuple(outcome.warnings),
        )

    # -- undo -----------------------------------------------------------------------

    def peek_undo(self) -> Step | None:
        """The step :meth:`undo` would revert."""
        with database_errors():
            return self._undo_log.newest()

    def undo_depth(self) -> int:
        """How many steps can be undone."""
        with database_errors():
            return self._undo_log.count()

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
        reverted_keys: list[str] = []
        with transaction(db):
            step = self._undo_log.newest()
            if step is None:
                return None
            if step.kind == "tag":
                reverted_keys = revert_tag_step(db, self.feed, step.id)
            elif step.kind == "note":
                reverted_keys = revert_note_step(db, self.feed, step.id)
            elif step.flag is not None:
                reverted = revert_flag_step(db, self.feed, step.id, step.flag, step.value)
            else:
                revert_publish_step(db, step.id)
            self._undo_log.drop(step.id)
        if not self._refresh():
            if step.annotates:
                self._set_annotations(*annotations_of(db, self.feed, reverted_keys))
            else:
                self._set_bits(reverted)
        return step

    def discard_last_step(self) -> Step | None:
        """Drop the newest step without reverting it (a publish that cannot be undone)."""
        self._require_writable()
        with database_errors():
            with transaction(self._connection):
                step = self._undo_log.newest()
                if step is not None:
                    self._undo_log.drop(step.id)
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

    def _after_write(self, keys: list[str], mask: int, target: int) -> None:
        """Bring memory in line after our own commit.

        ``data_version`` does not move for our own commits: if it moved, another
        instance wrote too, and the full reload already includes our commit.
        """
        if self._refresh():
            return
        self._set_bits({key: (self._bits.get(key, 0) & ~mask) | target for key in keys})

    def _after_annotation(self, keys: list[str]) -> None:
        """Memory in line after our own commit (see :meth:`_after_write`)."""
        if self._refresh():
            return
        self._set_annotations(*annotations_of(self._connection, self.feed, keys))

    def _require_writable(self) -> None:
        if self.read_only:
            raise PermissionError("this triage state was opened read-only")
