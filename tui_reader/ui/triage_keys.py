"""Triage, plugged into the reader: read, star, archive, publish, undo, selection, dwell.

:class:`TriageKeys` is a container around the reader's panes: its bindings are in the
key chain whenever a pane has focus, and it sees the list's cursor messages as they
bubble past, so it needs no hook in the screen. It changes the triage state and says
what it did with :class:`TriageKeys.Changed`; the screen decides what to repaint.
Without a state (a feed of single files with no folder, a read-only preview) every
triage command is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel

from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.triage import (
    Flag,
    PublishTarget,
    Step,
    TriageError,
    TriageState,
    action_for,
    plural,
)
from tui_reader.data.writeback import Expected, WriteBackError
from tui_reader.query.views import View
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import DETAIL_DELAY, ArticleReader
from tui_reader.ui.command_table import TRIAGE, bindings
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.safe_text import feed_text, join_lines, notify_literal
from tui_reader.ui.scheduler import Cancel, Scheduler, TimerScheduler
from tui_reader.ui.story_rows import story_targets

REFRESH_SECONDS = 2.0
"""How often the state is checked for another instance's changes (cheap when none)."""


class TriageKeys(Container):
    """The triage commands over the panes it contains."""

    COMMANDS_GROUP = TRIAGE
    BINDINGS: ClassVar[list[BindingType]] = bindings(TRIAGE)

    DEFAULT_CSS = """
    TriageKeys { height: 1fr; }
    """

    class Changed(Message):
        """The state changed by ``step`` (or by its undo); ``step`` None: by someone else."""

        def __init__(self, step: Step | None, *, undone: bool = False) -> None:
            super().__init__()
            self.step = step
            self.undone = undone

    class Selection(Message):
        """How many articles are selected for a bulk action."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class ViewChosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self,
        session: FeedSession,
        state: TriageState | None,
        *,
        read_dwell: float,
        scheduler: Scheduler | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.state = state
        self.read_dwell = read_dwell
        self.scheduler: Scheduler = scheduler or TimerScheduler(self)
        self.marked: set[int] = set()
        """Rows selected for a bulk action (by uid)."""
        self._dwell_cancel: Cancel | None = None
        self._dwell_uid: int | None = None
        self._failed_undo: int | None = None

    def on_mount(self) -> None:
        self.article_list.marked = self.marked
        if self.state is not None:
            self.set_interval(REFRESH_SECONDS, self.poll_state)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def commands_available(self) -> bool:
        """Whether there is a state to triage (else the commands are not offered)."""
        return self.state is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a state there is nothing to triage: the keys fall through.
        return self.state is not None

    # -- reading marks read -----------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _restart_dwell(self, event: ArticleList.Highlighted) -> None:
        # Any cursor move starts the wait again: passing over a row never marks it.
        self._start_dwell(event.uid)

    @on(ArticleList.Opened)
    def _opened_dwell(self, event: ArticleList.Opened) -> None:
        # A wait already running for this article goes on; one that ran out while the
        # article was hidden (a narrow terminal) starts again now that it is shown.
        if self._dwell_cancel is None or self._dwell_uid != event.uid:
            self._start_dwell(event.uid)

    def _start_dwell(self, uid: int | None) -> None:
        if self._dwell_cancel is not None:
            self._dwell_cancel()
            self._dwell_cancel = None
        self._dwell_uid = uid
        if uid is not None and self.state is not None:
            delay = DETAIL_DELAY + self.read_dwell
            self._dwell_cancel = self.scheduler.call_later(delay, lambda: self._dwell_elapsed(uid))

    def _dwell_elapsed(self, uid: int) -> None:
        self._dwell_cancel = None
        # Narrow terminals hide the article until it is opened with Enter.
        visible = self.query_one(ArticleReader).display
        if self.article_list.cursor_uid != uid or not visible or self.state is None:
            return
        article = self.session.store.get(uid)
        if article is None:
            return
        # A story row read is the story read: its copies too.
        reports = story_targets(self.article_list.result, self.session.store, [article])
        keys = [a.key for a in reports if not self.state.is_read(a.key)]
        if keys:
            # Automatic: committed, but not an undo step of its own.
            self._set_flag(Flag.READ, keys, True, undoable=False)

    # -- flags ------------------------------------------------------------------------

    def _rows(self) -> list[Article]:
        """The marked articles (even those the filter now hides), else the one under the cursor."""
        store = self.session.store
        if self.marked:
            return [store[uid] for uid in sorted(self.marked) if uid in store]
        uid = self.article_list.cursor_uid
        article = store.get(uid) if uid is not None else None
        return [article] if article is not None else []

    def _targets(self) -> list[Article]:
        """What a flag acts on: the rows; on a list of one row a story, every report of
        their stories (one undo step). Publish acts on the rows only: it writes a file,
        and a story is published once, as the report chosen."""
        return story_targets(self.article_list.result, self.session.store, self._rows())

    def action_toggle_flag(self, name: str) -> None:
        state = self._state()
        flag = Flag[name.upper()]
        articles = self._targets()
        if not articles:
            self.app.bell()
            return
        keys = [article.key for article in articles]
        value = not all(state.has(flag, key) for key in keys)
        if flag is Flag.READ:
            # The reader decided: a pending dwell must not undo "mark unread".
            self._start_dwell(None)
        if self.marked:
            self._confirm(flag, value, len(keys), lambda: self._bulk(flag, keys, value))
        else:
            self._set_flag(flag, keys, value)

    def action_read_all_shown(self) -> None:
        state = self._state()
        store = self.session.store
        shown = story_targets(
            self.article_list.result, store, (store[uid] for uid in self.article_list.uids)
        )
        keys = list(dict.fromkeys(a.key for a in shown if not state.is_read(a.key)))
        if not keys:
            notify_literal(self.app, "Every article shown is already read.")
            return
        self._confirm(Flag.READ, True, len(keys), lambda: self._bulk(Flag.READ, keys, True))

    def _bulk(self, flag: Flag, keys: list[str], value: bool) -> None:
        self._clear_marks()
        self._set_flag(flag, keys, value)

    def _set_flag(
        self, flag: Flag, keys: list[str], value: bool, *, undoable: bool = True
    ) -> Step | None:
        try:
            step = self._state().set_flag(flag, keys, value, undoable=undoable)
        except TriageError as error:
            self._state_failed(error)
            return None
        if step is not None:
            self.post_message(self.Changed(step))
            if undoable:
                notify_literal(self.app, f"{_capital(step.describe())} — u to undo")
        return step

    # -- publish ----------------------------------------------------------------------

    def action_toggle_publish(self) -> None:
        articles = self._rows()
        if not articles:
            self.app.bell()
            return
        value = not all(article.published is True for article in articles)
        if self.marked:
            self._confirm(None, value, len(articles), lambda: self._bulk_publish(articles, value))
        else:
            self._publish(articles, value)

    def _bulk_publish(self, articles: list[Article], value: bool) -> None:
        self._clear_marks()
        self._publish(articles, value)

    def _publish(self, articles: list[Article], value: bool) -> None:
        targets = [
            PublishTarget(a.key, a.path, Expected.of_scan(a.size, a.mtime_ns)) for a in articles
        ]
        try:
            outcome = self._state().publish(targets, value)
        except TriageError as error:
            self._state_failed(error)
            return
        if outcome.refused:
            verb = "published" if value else "unpublished"
            lines = [Content(f"{plural(len(outcome.refused), 'file')} not {verb}:")]
            lines += [feed_text(str(error)) for error in outcome.refused]
            self._notify(join_lines(lines), severity="error")
        for warning in outcome.warnings:
            self._notify(feed_text(str(warning)), severity="warning")
        if outcome.step is not None:
            self.post_message(self.Changed(outcome.step))
            notify_literal(self.app, f"{_capital(outcome.step.describe())} — u to undo")
        elif outcome.unchanged and not outcome.refused:
            notify_literal(self.app, f"Already {'published' if value else 'unpublished'}.")

    # -- undo -------------------------------------------------------------------------

    def action_undo(self) -> None:
        state = self._state()
        try:
            step = state.undo()
        except WriteBackError as error:
            self._undo_refused(error)
            return
        except TriageError as error:
            self._state_failed(error)
            return
        self._failed_undo = None
        if step is None:
            notify_literal(self.app, "Nothing to undo.")
            return
        self.post_message(self.Changed(step, undone=True))
        restored = action_for(step.flag, not step.value).past.format(n=plural(len(step.keys)))
        try:
            left = state.undo_depth()
        except TriageError:
            left = 0
        more = f" ({left:,} more to undo)" if left else ""
        notify_literal(self.app, f"Restored: {restored.lower()}{more}")

    def _undo_refused(self, error: WriteBackError) -> None:
        """A publish whose file changed since cannot be undone: say so, and drop the
        step on a second ``u`` so that older steps stay reachable."""
        state = self._state()
        try:
            step = state.peek_undo()
            if step is not None and step.id == self._failed_undo:
                state.discard_last_step()
                self._failed_undo = None
                notify_literal(self.app, f"Dropped from undo: {step.describe()}")
                return
        except TriageError as state_error:
            self._state_failed(state_error)
            return
        self._failed_undo = step.id if step is not None else None
        message = Content.assemble(
            feed_text(str(error)), "\n", Content.styled("Press u again to drop this step.", "bold")
        )
        self._notify(message, severity="error")

    # -- moving -----------------------------------------------------------------------

    def action_next_unread(self, direction: int) -> None:
        cursor = self.article_list.cursor
        if self._go_to_unread(cursor + direction, direction):
            return
        # At the end of the list: round from the other end, up to where the cursor is.
        other_end = 0 if direction > 0 else len(self.article_list.uids) - 1
        if self._go_to_unread(other_end, direction, stop=cursor):
            where = "top" if direction > 0 else "bottom"
            notify_literal(self.app, f"Wrapped around to the {where}.")
        else:
            notify_literal(self.app, "No other unread article in this list.")

    def action_read_and_next(self) -> None:
        article_list = self.article_list
        uid = article_list.cursor_uid
        article = self.session.store.get(uid) if uid is not None else None
        if article is None:
            self.app.bell()
            return
        reports = story_targets(article_list.result, self.session.store, [article])
        keys = [a.key for a in reports if not self._state().is_read(a.key)]
        if keys:
            self._set_flag(Flag.READ, keys, True)
        # The view may drop the row on refresh: the refresh keeps the cursor's article
        # when it can, so step from where that article is now.
        self.call_after_refresh(self._after_read_and_next, uid)

    def _after_read_and_next(self, uid: int) -> None:
        article_list = self.article_list
        start = article_list.cursor + (1 if article_list.cursor_uid == uid else 0)
        if not self._go_to_unread(start, 1):
            article_list.move_cursor(start)

    def _go_to_unread(self, start: int, direction: int, stop: int = -1) -> bool:
        state = self._state()
        store = self.session.store
        uids = self.article_list.uids
        index = start
        while 0 <= index < len(uids) and index != stop:
            if not state.is_read(store[uids[index]].key):
                self.article_list.move_cursor(index)
                return True
            index += direction
        return False

    # -- selection and views ----------------------------------------------------------

    def action_toggle_mark(self) -> None:
        uid = self.article_list.cursor_uid
        if uid is None:
            self.app.bell()
            return
        if uid in self.marked:
            self.marked.discard(uid)
        else:
            self.marked.add(uid)
        self.article_list.refresh_article(uid)
        self.post_message(self.Selection(len(self.marked)))
        self.article_list.move_cursor(self.article_list.cursor + 1)

    def _clear_marks(self) -> None:
        marked = list(self.marked)
        self.marked.clear()
        for uid in marked:
            self.article_list.refresh_article(uid)
        self.post_message(self.Selection(0))

    def action_view(self, name: str) -> None:
        self.post_message(self.ViewChosen(View(name)))

    # -- keeping in line with the state -----------------------------------------------

    def poll_state(self) -> None:
        """Pick up what another instance on this feed changed."""
        if self.state is None:
            return
        try:
            changed = self._state().refresh()
        except TriageError as error:
            self._state_failed(error)
            return
        if changed:
            self.post_message(self.Changed(None))

    # -- helpers ----------------------------------------------------------------------

    def _state(self) -> TriageState:
        # check_action keeps every action away while there is no state.
        assert self.state is not None
        return self.state

    def _confirm(
        self, flag: Flag | None, value: bool, count: int, then: Callable[[], None]
    ) -> None:
        question = action_for(flag, value).imperative.format(n=plural(count)) + "?"

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmScreen(Content.styled(question, "bold")), answered)

    def _notify(self, message: Content, *, severity: SeverityLevel) -> None:
        # Toasts take a str; markup=False makes Textual take it literally.
        notify_literal(self.app, message.plain, severity=severity)

    def _state_failed(self, error: TriageError) -> None:
        notify_literal(self.app, f"Triage state not saved: {error}", severity="error")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
