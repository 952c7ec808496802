"""Setting the triage flags from the keys: on the row under the cursor, on the selection
(after asking), or on many rows at once (every shown article, those above or below).

On a list of one row a story, a flag set on a row is set on every report of its story,
in one undo step.
"""

from __future__ import annotations

from tui_reader.data.triage import Flag, plural
from tui_reader.ui.bulk_question import ask_before
from tui_reader.ui.read_dwell import ReadDwell
from tui_reader.ui.triage_context import TriageContext


class FlagCommands:
    """Read, star and archive, one row or many; ``dwell`` is stopped when the reader
    decides about reading."""

    def __init__(self, context: TriageContext, dwell: ReadDwell) -> None:
        self.context = context
        self.dwell = dwell

    def toggle(self, name: str) -> None:
        """Set the flag ``name`` on the targets, or clear it when all have it."""
        context = self.context
        state = context.state
        flag = Flag[name.upper()]
        articles = context.targets()
        if not articles:
            context.app.bell()
            return
        keys = [article.key for article in articles]
        value = not all(state.has(flag, key) for key in keys)
        if flag is Flag.READ:
            # The reader decided: a pending dwell must not undo "mark unread".
            self.dwell.restart(None)
        subject = context.subject(articles)
        if context.marked:
            ask_before(
                context,
                flag,
                value,
                subject,
                articles,
                lambda: self._bulk(flag, keys, value, subject),
            )
        else:
            context.set_flag(flag, keys, value, subject=subject)

    def read_rows(self, rows: range, what: str, *, where: str = "") -> None:
        """Mark the unread articles of list ``rows`` read, after asking."""
        context = self.context
        state = context.state
        store = context.store
        uids = context.article_list.uids
        if not uids:
            context.app.bell()
            return
        # On a list of one row a story, a row read is its story read: its copies too.
        chosen = context.reports(store[uids[row]] for row in rows)
        articles = list({a.key: a for a in chosen if not state.is_read(a.key)}.values())
        if not articles:
            context.say("Every one of them is already read.")
            return
        keys = [article.key for article in articles]
        subject = plural(len(keys), f"unread {what}")
        if where:
            subject += f" (this one and {where})"
        ask_before(
            context,
            Flag.READ,
            True,
            subject,
            articles,
            lambda: self._bulk(Flag.READ, keys, True, subject),
        )

    def _bulk(self, flag: Flag, keys: list[str], value: bool, subject: str) -> None:
        self.context.selection.clear()
        self.context.set_flag(flag, keys, value, subject=subject)
