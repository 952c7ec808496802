"""What every triage command works with: the state, the feed, the list and its selection,
and one way of saying what a command did.

:class:`~tui_reader.ui.triage_keys.TriageKeys` holds the commands' keys; the commands
themselves are small helpers (flags, publish, tags and notes, undo, the read dwell, the
unread moves), each given this context instead of reaching into the widget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widget import Widget

from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.store import Store
from tui_reader.data.triage import Flag, Step, TriageError, TriageState, action_for, plural
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.row_selection import RowSelection
from tui_reader.ui.safe_text import BRIEF, notify_literal
from tui_reader.ui.story_rows import story_targets

TITLE_CHARS = 48
"""Longer titles are cut in toasts and questions."""


def quoted(title: str) -> str:
    """“A title”, cut to fit a toast."""
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "…"
    return f"“{title}”"


def named(article: Article) -> str:
    """How a toast names one article: its title quoted (its file when it has none)."""
    return quoted(article.title or article.rel_path)


class TriageContext:
    """The triage state of the feed seen from the list in ``host`` (the widget whose app
    shows the toasts and dialogs); ``changed`` is told of every step taken or undone,
    ``selected`` of how many rows are selected."""

    def __init__(
        self,
        host: Widget,
        session: FeedSession,
        state: TriageState | None,
        *,
        changed: Callable[[Step | None, bool], object],
        selected: Callable[[int], object],
    ) -> None:
        self.host = host
        self.session = session
        self.state_or_none = state
        """The state (None: a feed with no triage state, every command disabled)."""
        self.selection = RowSelection(lambda: self.article_list, selected)
        self._changed = changed

    @property
    def app(self) -> App[Any]:
        return self.host.app

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def article_list(self) -> ArticleList:
        return self.host.query_one(ArticleList)

    @property
    def marked(self) -> set[int]:
        """The uids selected for a bulk action."""
        return self.selection.marked

    @property
    def state(self) -> TriageState:
        # The keys' check_action keeps every command away while there is no state.
        assert self.state_or_none is not None
        return self.state_or_none

    # -- what a command acts on -------------------------------------------------------

    def under_cursor(self) -> Article | None:
        """The article under the list's cursor, if any."""
        uid = self.article_list.cursor_uid
        return self.store.get(uid) if uid is not None else None

    def rows(self) -> list[Article]:
        """The marked articles (even those the filter now hides), else the one under the cursor."""
        store = self.store
        if self.marked:
            return [store[uid] for uid in sorted(self.marked) if uid in store]
        article = self.under_cursor()
        return [article] if article is not None else []

    def targets(self) -> list[Article]:
        """What a flag acts on: the rows; on a list of one row a story, every report of
        their stories (one undo step). Publish acts on the rows only: it writes a file,
        and a story is published once, as the report chosen."""
        return self.reports(self.rows())

    def reports(self, articles: Iterable[Article]) -> list[Article]:
        """``articles``; on a list of one row a story, every report of their stories."""
        return story_targets(self.article_list.result, self.store, articles)

    def subject(self, articles: Sequence[Article], what: str = "selected article") -> str:
        """How a toast or question names ``articles``: “Its title”, or "3 selected articles"."""
        if len(articles) == 1 and not self.marked:
            return named(articles[0])
        return plural(len(articles), what)

    # -- acting and saying so ---------------------------------------------------------

    def set_flag(
        self,
        flag: Flag,
        keys: list[str],
        value: bool,
        *,
        undoable: bool = True,
        subject: str = "",
    ) -> Step | None:
        """Set ``flag`` on ``keys`` and say so (an automatic change quietly)."""
        try:
            step = self.state.set_flag(flag, keys, value, undoable=undoable)
        except TriageError as error:
            self.failed(error)
            return None
        if step is not None:
            self.changed(step)
            if undoable:
                done = step.action.past.format(n=subject or plural(len(step.keys)))
                self.say_undoable(done)
        elif undoable:
            already = action_for(flag, value).state
            notify_literal(self.app, f"Already {already}.", timeout=BRIEF)
        return step

    def changed(self, step: Step | None, *, undone: bool = False) -> None:
        """The state changed by ``step`` (or by its undo; None: by someone else)."""
        self._changed(step, undone)

    def done(self, step: Step, what: str, *, timeout: float | None = BRIEF) -> None:
        """``step`` was taken: say ``what`` it did, and how to undo it."""
        self.changed(step)
        self.say_undoable(what, timeout=timeout)

    def say_undoable(self, what: str, *, timeout: float | None = BRIEF) -> None:
        notify_literal(self.app, f"{what} — {self.key_for('undo')} to undo", timeout=timeout)

    def key_for(self, command_id: str) -> str:
        """The first key that runs ``command_id`` now (the user's keymap applied)."""
        return table.first_key(command_id, getattr(self.app, "keymap", {}))

    def say(self, message: str, *, timeout: float | None = BRIEF) -> None:
        notify_literal(self.app, message, timeout=timeout)

    def warn(self, message: Content, *, severity: SeverityLevel) -> None:
        # Toasts take a str; markup=False makes Textual take it literally.
        notify_literal(self.app, message.plain, severity=severity)

    def failed(self, error: TriageError) -> None:
        notify_literal(self.app, f"Triage state not saved: {error}", severity="error")
