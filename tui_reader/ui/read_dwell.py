"""Reading marks read: an article that stays on screen for a while is marked read.

Any cursor move starts the wait again, so passing over a row never marks it; the wait
counts from when the article is shown (``DETAIL_DELAY`` after the cursor rests). The
mark is committed but is not an undo step of its own: the reader did not ask for it.
"""

from __future__ import annotations

from tui_reader.data.triage import Flag
from tui_reader.ui.article_reader import DETAIL_DELAY, ArticleReader
from tui_reader.ui.scheduler import Cancel, Scheduler
from tui_reader.ui.triage_context import TriageContext


class ReadDwell:
    """The wait before the article under the cursor is marked read (``read_dwell`` seconds
    once it is shown), run by ``scheduler``."""

    def __init__(self, context: TriageContext, scheduler: Scheduler, read_dwell: float) -> None:
        self.context = context
        self.scheduler = scheduler
        self.read_dwell = read_dwell
        self._cancel: Cancel | None = None
        self._uid: int | None = None

    def restart(self, uid: int | None) -> None:
        """Wait again, for ``uid`` (None: for nothing, the wait is dropped)."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None
        self._uid = uid
        if uid is not None and self.context.state_or_none is not None:
            delay = DETAIL_DELAY + self.read_dwell
            self._cancel = self.scheduler.call_later(delay, lambda: self._elapsed(uid))

    def opened(self, uid: int) -> None:
        """``uid`` was opened: a wait already running for it goes on; one that ran out
        while the article was hidden (a narrow terminal) starts again now it is shown."""
        if self._cancel is None or self._uid != uid:
            self.restart(uid)

    def _elapsed(self, uid: int) -> None:
        self._cancel = None
        context = self.context
        # Narrow terminals hide the article until it is opened with Enter.
        visible = context.host.query_one(ArticleReader).display
        state = context.state_or_none
        if context.article_list.cursor_uid != uid or not visible or state is None:
            return
        article = context.store.get(uid)
        if article is None:
            return
        # A story row read is the story read: its copies too.
        keys = [a.key for a in context.reports([article]) if not state.is_read(a.key)]
        if keys:
            # Automatic: committed, but not an undo step of its own.
            context.set_flag(Flag.READ, keys, True, undoable=False)
