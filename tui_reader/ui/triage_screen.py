"""The reader screen with triage: read, star, archive, publish, undo, views and bulk.

A subclass, so that the reader screen stays about reading; every action here is a
described binding (the ``?`` help and the command palette list it under "Triage"). The
state is a :class:`~tui_reader.data.triage.TriageState`: each action is committed before
the key returns, and a timer picks up what another instance on the same feed did.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.triage import Flag, Step, TriageState
from tui_reader.data.writeback import WriteBackError
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.dates import Clock
from tui_reader.ui.key_catalog import KeyCommand
from tui_reader.ui.reader_screen import DETAIL_DELAY, ReaderScreen
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.triage_actions import (
    bulk_question,
    plural,
    publish_targets,
    refusal_message,
    reload_article,
)
from tui_reader.ui.triage_views import ViewMatcher, ViewMode

REFRESH_SECONDS = 2.0
"""How often the state is checked for another instance's changes (cheap when none)."""


class TriageScreen(ReaderScreen):
    """The reader with triage keys over a :class:`TriageState`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "toggle_flag('read')", "Mark read/unread", show=False),
        Binding("s", "toggle_flag('starred')", "Star/unstar", show=False),
        Binding("a", "toggle_flag('archived')", "Archive/unarchive", show=False),
        Binding("p", "toggle_publish", "Publish/unpublish (writes the file)", show=False),
        Binding("n", "next_unread(1)", "Next unread", show=False),
        Binding("N", "next_unread(-1)", "Previous unread", show=False),
        Binding("d", "read_and_next", "Mark read, next unread", show=False),
        Binding("space", "toggle_mark", "Select for bulk (then m s a p)", show=False),
        Binding("R", "read_all_shown", "Mark every shown article read", show=False),
        Binding("u,ctrl+z", "undo", "Undo", show=False),
        Binding("1", "view('all')", "View: all but archived", show=False),
        Binding("2", "view('unread')", "View: unread", show=False),
        Binding("3", "view('starred')", "View: starred", show=False),
        Binding("4", "view('archived')", "View: archived", show=False),
    ]

    def __init__(
        self,
        store: Store,
        paths: list[str],
        *,
        use_cache: bool,
        cache_dir: Path | None,
        clock: Clock,
        state: TriageState,
        read_dwell: float,
    ) -> None:
        super().__init__(
            store, paths, use_cache=use_cache, cache_dir=cache_dir, clock=clock, triage=state
        )
        self.state = state
        self.read_dwell = read_dwell
        self.view_matcher = ViewMatcher(store)
        self.matcher = self.view_matcher
        self.marked: set[int] = set()
        self._dwell_timer: Timer | None = None
        self._dwell_uid: int | None = None
        self._failed_undo: int | None = None

    @on(events.Mount)
    def _start_triage(self) -> None:
        self.article_list.marked = self.marked
        self.set_interval(REFRESH_SECONDS, self.poll_state)

    # -- reading marks read ---------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _restart_dwell(self, event: ArticleList.Highlighted) -> None:
        # Any cursor move starts the wait again: passing over a row never marks it.
        self._start_dwell(event.uid)

    @on(ArticleList.Opened)
    def _opened_dwell(self, event: ArticleList.Opened) -> None:
        # A wait already running for this article goes on; one that ran out while the
        # article was hidden (a narrow terminal) starts again now that it is shown.
        if self._dwell_timer is None or self._dwell_uid != event.uid:
            self._start_dwell(event.uid)

    def _start_dwell(self, uid: int | None) -> None:
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
            self._dwell_timer = None
        self._dwell_uid = uid
        if uid is not None:
            delay = DETAIL_DELAY + self.read_dwell
            self._dwell_timer = self.set_timer(delay, lambda: self._dwell_elapsed(uid))

    def _dwell_elapsed(self, uid: int) -> None:
        self._dwell_timer = None
        if self.article_list.cursor_uid != uid or not self._article_visible():
            return
        article = self.store.get(uid)
        if article is not None and not self.state.is_read(article.key):
            self._apply_flag(Flag.READ, [article.key], True)

    def _article_visible(self) -> bool:
        # Narrow terminals hide the article until it is opened with Enter.
        return self.query_one("#reader", Widget).display

    # -- flags ----------------------------------------------------------------------

    def _targets(self) -> list[Article]:
        """The marked articles (even those the filter now hides), else the one under the cursor."""
        if self.marked:
            return [self.store[uid] for uid in sorted(self.marked) if uid in self.store]
        uid = self.article_list.cursor_uid
        article = self.store.get(uid) if uid is not None else None
        return [article] if article is not None else []

    def action_toggle_flag(self, name: str) -> None:
        flag = Flag[name.upper()]
        articles = self._targets()
        if not articles:
            self.app.bell()
            return
        keys = [article.key for article in articles]
        value = not all(self.state.has(flag, key) for key in keys)
        if flag is Flag.READ:
            # The reader decided: a pending dwell must not undo "mark unread".
            self._start_dwell(None)
        if self.marked:
            self._confirm(
                bulk_question(flag, value, len(keys)), lambda: self._bulk(flag, keys, value)
            )
        else:
            self._apply_flag(flag, keys, value)

    def action_read_all_shown(self) -> None:
        keys = list(
            dict.fromkeys(
                key
                for uid in self.article_list.uids
                if not self.state.is_read(key := self.store[uid].key)
            )
        )
        if not keys:
            notify_literal(self.app, "Every article shown is already read.")
            return
        self._confirm(
            bulk_question(Flag.READ, True, len(keys)), lambda: self._bulk(Flag.READ, keys, True)
        )

    def _bulk(self, flag: Flag, keys: list[str], value: bool) -> None:
        self._clear_marks()
        step = self._apply_flag(flag, keys, value)
        if step is not None:
            notify_literal(self.app, f"Done: {step.describe()} (u undoes)")

    def _apply_flag(self, flag: Flag, keys: list[str], value: bool) -> Step | None:
        try:
            step = self.state.set_flag(flag, keys, value)
        except sqlite3.Error as error:
            self._state_failed(error)
            return None
        if step is not None:
            self._after_step(step, undone=False)
        return step

    # -- publish --------------------------------------------------------------------

    def action_toggle_publish(self) -> None:
        articles = self._targets()
        if not articles:
            self.app.bell()
            return
        value = not all(article.published is True for article in articles)
        if self.marked:
            self._confirm(
                bulk_question(None, value, len(articles)),
                lambda: self._bulk_publish(articles, value),
            )
        else:
            self._publish(articles, value)

    def _bulk_publish(self, articles: list[Article], value: bool) -> None:
        self._clear_marks()
        self._publish(articles, value)

    def _publish(self, articles: list[Article], value: bool) -> None:
        try:
            outcome = self.state.publish(publish_targets(articles), value)
        except sqlite3.Error as error:
            self._state_failed(error)
            return
        if outcome.refused:
            self._notify(refusal_message(outcome, value), severity="error")
        for warning in outcome.warnings:
            self._notify(Content(str(warning)), severity="warning")
        if outcome.step is not None:
            self._after_step(outcome.step, undone=False)
            done = "Published" if value else "Unpublished"
            notify_literal(self.app, f"{done} {plural(len(outcome.step.keys), 'article')}.")
        elif outcome.unchanged and not outcome.refused:
            state = "published" if value else "unpublished"
            notify_literal(self.app, f"Already {state}.")

    def _articles_of(self, keys: Iterable[str]) -> list[Article]:
        return [article for key in keys for article in self.store.by_key(key)]

    # -- undo -----------------------------------------------------------------------

    def action_undo(self) -> None:
        try:
            step = self.state.undo()
        except WriteBackError as error:
            self._undo_refused(error)
            return
        except sqlite3.Error as error:
            self._state_failed(error)
            return
        self._failed_undo = None
        if step is None:
            notify_literal(self.app, "Nothing to undo.")
            return
        self._after_step(step, undone=True)
        notify_literal(self.app, f"Undone: {step.describe()}")

    def _undo_refused(self, error: WriteBackError) -> None:
        """A publish whose file changed since cannot be undone: say so, and drop the
        step on a second ``u`` so that older steps stay reachable."""
        step = self.state.peek_undo()
        if step is not None and step.id == self._failed_undo:
            try:
                self.state.discard_last_step()
            except sqlite3.Error as state_error:
                self._state_failed(state_error)
                return
            self._failed_undo = None
            notify_literal(self.app, f"Dropped from undo: {step.describe()}")
            return
        self._failed_undo = step.id if step is not None else None
        message = Content.assemble(
            Content(str(error)), "\n", Content.styled("Press u again to drop this step.", "bold")
        )
        self._notify(message, severity="error")

    # -- moving ---------------------------------------------------------------------

    def action_next_unread(self, direction: int) -> None:
        start = self.article_list.cursor + direction
        if not self._go_to_unread(start, direction):
            notify_literal(self.app, "No more unread articles this way.")

    def action_read_and_next(self) -> None:
        article_list = self.article_list
        uid = article_list.cursor_uid
        article = self.store.get(uid) if uid is not None else None
        if article is None:
            self.app.bell()
            return
        if not self.state.is_read(article.key):
            self._apply_flag(Flag.READ, [article.key], True)
        # The view may have dropped the row: then the next one is already under the cursor.
        start = article_list.cursor + (1 if article_list.cursor_uid == uid else 0)
        if not self._go_to_unread(start, 1):
            article_list.move_cursor(start)

    def _go_to_unread(self, start: int, direction: int) -> bool:
        uids = self.article_list.uids
        index = start
        while 0 <= index < len(uids):
            if not self.state.is_read(self.store[uids[index]].key):
                self.article_list.move_cursor(index)
                return True
            index += direction
        return False

    # -- selection and views --------------------------------------------------------

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
        self.article_list.move_cursor(self.article_list.cursor + 1)

    def _clear_marks(self) -> None:
        marked = list(self.marked)
        self.marked.clear()
        for uid in marked:
            self.article_list.refresh_article(uid)

    def action_view(self, name: str) -> None:
        self.view_matcher.mode = ViewMode(name)
        self.refilter(keep_cursor=True)
        notify_literal(self.app, f"View: {name}")

    # -- keeping the screen in line with the state ----------------------------------

    def poll_state(self) -> None:
        """Pick up what another instance on this feed changed."""
        try:
            changed = self.state.refresh()
        except sqlite3.Error as error:
            self._state_failed(error)
            return
        if changed:
            self.status.unread = sum(1 for a in self.store if not self.state.is_read(a.key))
            # A new result repaints every row (their cached looks are dropped).
            self.refilter(keep_cursor=True)

    def _after_step(self, step: Step, *, undone: bool) -> None:
        """Repaint what ``step`` (or its undo) changed: its rows, or the list when
        articles enter or leave the view."""
        articles = self._articles_of(step.keys)
        if step.flag is None:
            self._reload(articles)
        elif step.flag is Flag.READ:
            now_read = step.value != undone
            self.status.unread += -len(articles) if now_read else len(articles)
            self._show_status()
        if self._membership_may_change(step.flag):
            self.refilter(keep_cursor=True)
            return
        for article in articles:
            self.article_list.refresh_article(article.uid)

    def _membership_may_change(self, flag: Flag | None) -> bool:
        if flag is None:
            # Publish changes what ``published:`` terms select, nothing else.
            return bool(self.query_text.strip())
        if "is:" in self.query_text.casefold():
            return True
        mode = self.view_matcher.mode
        return (
            flag is Flag.ARCHIVED
            or (mode is ViewMode.UNREAD and flag is Flag.READ)
            or (mode is ViewMode.STARRED and flag is Flag.STARRED)
        )

    def _reload(self, articles: list[Article]) -> None:
        """Read published files again, so the list and the next publish see them."""
        for article in articles:
            try:
                loaded = reload_article(article)
            except OSError as error:
                notify_literal(self.app, f"Cannot re-read {article.path}: {error.strerror}")
                continue
            if isinstance(loaded, Article):
                self.store.replace(article.uid, loaded)
            else:
                notify_literal(self.app, str(loaded), severity="warning")
        self.matcher.invalidate()

    # -- helpers --------------------------------------------------------------------

    def _confirm(self, question: Content, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmScreen(question), answered)

    def _notify(self, message: Content, *, severity: SeverityLevel) -> None:
        # Toasts take a str: notify_literal shows it literally and sanitised.
        notify_literal(self.app, message.plain, severity=severity)

    def _state_failed(self, error: sqlite3.Error) -> None:
        notify_literal(self.app, f"Triage state not saved: {error}", severity="error")

    def key_commands(self) -> list[KeyCommand]:
        """The reader's commands, with this screen's own under "Triage"."""
        own = {binding.action for binding in self._triage_bindings()}
        return [
            replace(command, group="Triage")
            if command.node is self and command.action in own
            else command
            for command in super().key_commands()
        ]

    @classmethod
    def _triage_bindings(cls) -> list[Binding]:
        return list(Binding.make_bindings(cls.__dict__["BINDINGS"]))
