"""Moving to the next unread article: from the cursor on, round the end of the list once.

``read_and_next`` marks the article under the cursor read first; the view may then drop
its row, so the step is taken from where that article is after the list's refresh.
"""

from __future__ import annotations

from tui_reader.data.triage import Flag
from tui_reader.ui.triage_context import TriageContext


class UnreadMoves:
    """Puts the list's cursor on the next (or previous) unread row."""

    def __init__(self, context: TriageContext) -> None:
        self.context = context

    def next_unread(self, direction: int) -> None:
        context = self.context
        cursor = context.article_list.cursor
        if self._go_to_unread(cursor + direction, direction):
            return
        # At the end of the list: round from the other end, up to where the cursor is.
        other_end = 0 if direction > 0 else len(context.article_list.uids) - 1
        if self._go_to_unread(other_end, direction, stop=cursor):
            where = "top" if direction > 0 else "bottom"
            context.say(f"Wrapped around to the {where}.")
        else:
            context.say("No other unread article in this list.")

    def read_and_next(self) -> None:
        context = self.context
        article = context.under_cursor()
        if article is None:
            context.app.bell()
            return
        keys = [a.key for a in context.reports([article]) if not context.state.is_read(a.key)]
        if keys:
            context.set_flag(Flag.READ, keys, True)
        # The view may drop the row on refresh: the refresh keeps the cursor's article
        # when it can, so step from where that article is now.
        context.host.call_after_refresh(self._after_read_and_next, article.uid)

    def _after_read_and_next(self, uid: int) -> None:
        article_list = self.context.article_list
        start = article_list.cursor + (1 if article_list.cursor_uid == uid else 0)
        if not self._go_to_unread(start, 1):
            article_list.move_cursor(start)

    def _go_to_unread(self, start: int, direction: int, stop: int | None = None) -> bool:
        """Put the cursor on the first unread row from ``start`` on (``stop`` excluded)."""
        context = self.context
        state = context.state
        store = context.store
        article_list = context.article_list
        uids = article_list.uids
        index = start
        while 0 <= index < len(uids) and index != stop:
            if not state.is_read(store[uids[index]].key):
                article_list.move_cursor(index)
                return True
            index += direction
        return False
