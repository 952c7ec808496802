"""Triage, plugged into the reader: read, star, archive, publish, undo, selection, dwell.

:class:`TriageKeys` is a container around the reader's panes: its bindings are in the
key chain whenever a pane has focus, and it sees the list's cursor messages as they
bubble past, so it needs no hook in the screen. It changes the triage state and says
what it did with :class:`TriageKeys.Changed`; the screen decides what to repaint.
Without a state (a feed of single files with no folder, a read-only preview) every
triage command is disabled.

The selection is one set of uids: ``space`` toggles a row, ``V`` starts a range that
the cursor then stretches (as in vim's visual line mode), Escape clears it all. Every
action says what it did, naming the article (or how many), and how to undo it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import DETAIL_DELAY, ArticleReader
from tui_reader.ui.command_table import TRIAGE, bindings
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.safe_text import feed_text, join_lines, notify_literal
from tui_reader.ui.scheduler import Cancel, Scheduler, TimerScheduler
from tui_reader.ui.story_rows import story_targets

REFRESH_SECONDS = 2.0
"""How often the state is checked for another instance's changes (cheap when none)."""
BRIEF = 3.0
"""Seconds a confirmation toast stays."""
TITLE_CHARS = 48
"""Longer titles are cut in toasts and questions."""
NAMED_IN_QUESTION = 3
"""A bulk question names this many of the articles it acts on."""


def quoted(title: str) -> str:
    """“A title”, cut to fit a toast."""
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "…"
    return f"“{title}”"


@dataclass(slots=True)
class _Range:
    """A range being selected with ``V``: rows ``anchor`` to ``cursor`` of the list."""

    anchor_uid: int
    anchor: int
    cursor: int
    added: set[int] = field(default_factory=set)
    """The uids the range selected (not those picked before it)."""


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
        self._range: _Range | None = None
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
        if action == "clear_selection":
            # Nothing selected: Escape goes on (to clear the filter).
            return self.state is not None and bool(self.marked or self._range)
        return self.state is not None

    # -- reading marks read -----------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _restart_dwell(self, event: ArticleList.Highlighted) -> None:
        # Any cursor move starts the wait again: passing over a row never marks it.
        self._start_dwell(event.uid)
        if self._range is not None:
            self._stretch_range()

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

    def _subject(self, articles: Sequence[Article], what: str = "selected article") -> str:
        """How a toast or question names ``articles``: “Its title”, or "3 selected articles"."""
        if len(articles) == 1 and not self.marked:
            return quoted(articles[0].title or articles[0].rel_path)
        return plural(len(articles), what)

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
        subject = self._subject(articles)
        if self.marked:
            self._confirm(
                flag, value, subject, articles, lambda: self._bulk(flag, keys, value, subject)
            )
        else:
            self._set_flag(flag, keys, value, subject=subject)

    def action_read_all_shown(self) -> None:
        self._read_rows(range(len(self.article_list.uids)), "shown article")

    def action_read_above(self) -> None:
        self._read_rows(range(self.article_list.cursor, -1, -1), "article", where="above")

    def action_read_below(self) -> None:
        uids = self.article_list.uids
        self._read_rows(range(self.article_list.cursor, len(uids)), "article", where="below")

    def _read_rows(self, rows: range, what: str, *, where: str = "") -> None:
        """Mark the unread articles of list ``rows`` read, after asking."""
        state = self._state()
        store = self.session.store
        uids = self.article_list.uids
        if not uids:
            self.app.bell()
            return
        # On a list of one row a story, a row read is its story read: its copies too.
        chosen = story_targets(self.article_list.result, store, (store[uids[row]] for row in rows))
        articles = list({a.key: a for a in chosen if not state.is_read(a.key)}.values())
        if not articles:
            notify_literal(self.app, "Every one of them is already read.", timeout=BRIEF)
            return
        keys = [article.key for article in articles]
        subject = plural(len(keys), f"unread {what}")
        if where:
            subject += f" (this one and {where})"
        self._confirm(
            Flag.READ, True, subject, articles, lambda: self._bulk(Flag.READ, keys, True, subject)
        )

    def _bulk(self, flag: Flag, keys: list[str], value: bool, subject: str) -> None:
        self._clear_marks()
        self._set_flag(flag, keys, value, subject=subject)

    def _set_flag(
        self,
        flag: Flag,
        keys: list[str],
        value: bool,
        *,
        undoable: bool = True,
        subject: str = "",
    ) -> Step | None:
        try:
            step = self._state().set_flag(flag, keys, value, undoable=undoable)
        except TriageError as error:
            self._state_failed(error)
            return None
        if step is not None:
            self.post_message(self.Changed(step))
            if undoable:
                done = step.action.past.format(n=subject or plural(len(step.keys)))
                notify_literal(self.app, f"{done} — {self._undo_key()} to undo", timeout=BRIEF)
        elif undoable:
            already = action_for(flag, value).state
            notify_literal(self.app, f"Already {already}.", timeout=BRIEF)
        return step

    def _undo_key(self) -> str:
        return self._key_for("undo")

    def _key_for(self, command_id: str) -> str:
        return table.first_key(command_id, getattr(self.app, "keymap", {}))

    # -- publish ----------------------------------------------------------------------

    def action_toggle_publish(self) -> None:
        articles = self._rows()
        if not articles:
            self.app.bell()
            return
        value = not all(article.published is True for article in articles)
        subject = self._subject(articles)
        if self.marked:
            self._confirm(
                None, value, subject, articles, lambda: self._bulk_publish(articles, value, subject)
            )
        else:
            self._publish(articles, value, subject)

    def _bulk_publish(self, articles: list[Article], value: bool, subject: str) -> None:
        self._clear_marks()
        self._publish(articles, value, subject)

    def _publish(self, articles: list[Article], value: bool, subject: str) -> None:
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
            written = len(outcome.step.keys)
            done = outcome.step.action.past.format(
                n=subject if written == len(articles) else plural(written)
            )
            notify_literal(self.app, f"{done} — {self._undo_key()} to undo", timeout=BRIEF)
        elif outcome.unchanged and not outcome.refused:
            notify_literal(
                self.app, f"Already {'published' if value else 'unpublished'}.", timeout=BRIEF
            )

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
        now = action_for(step.flag, not step.value).state
        articles = [a for key in step.keys[:1] for a in self.session.store.by_key(key)]
        if len(step.keys) == 1 and articles:
            what = f"{quoted(articles[0].title or articles[0].rel_path)} is {now} again"
        else:
            what = f"{plural(len(step.keys))} are {now} again"
        try:
            left = state.undo_depth()
        except TriageError:
            left = 0
        more = f" ({left:,} more to undo)" if left else ""
        notify_literal(self.app, f"Undone: {what}{more}", timeout=BRIEF)

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
            notify_literal(self.app, f"Wrapped around to the {where}.", timeout=BRIEF)
        else:
            notify_literal(self.app, "No other unread article in this list.", timeout=BRIEF)

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

    def _go_to_unread(self, start: int, direction: int, stop: int | None = None) -> bool:
        """Put the cursor on the first unread row from ``start`` on (``stop`` excluded)."""
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
        if self._range is not None:
            self._range.added.discard(uid)
        self.article_list.refresh_article(uid)
        self._selection_changed()
        self.article_list.move_cursor(self.article_list.cursor + 1)

    def action_select_range(self) -> None:
        article_list = self.article_list
        uid = article_list.cursor_uid
        if self._range is not None:
            self._range = None
            notify_literal(
                self.app, f"Range done: {plural(len(self.marked))} selected.", timeout=BRIEF
            )
            return
        if uid is None:
            self.app.bell()
            return
        self._range = _Range(uid, article_list.cursor, article_list.cursor)
        if uid not in self.marked:
            self.marked.add(uid)
            self._range.added.add(uid)
        article_list.refresh_article(uid)
        self._selection_changed()
        notify_literal(
            self.app,
            "Selecting a range: j/k stretch it, m s a p act on it, "
            f"{self._key_for('select_range')} ends it, Esc clears.",
            timeout=BRIEF,
        )

    def _stretch_range(self) -> None:
        """The cursor moved during ``V``: select the rows between it and the anchor."""
        selection = self._range
        assert selection is not None
        article_list = self.article_list
        uids = article_list.uids
        anchor = article_list.index_of(selection.anchor_uid)
        if anchor < 0:
            self._range = None  # the anchor left the list (filter, view): keep what is picked
            return
        if anchor != selection.anchor:
            selection.anchor = selection.cursor = anchor
        cursor = article_list.cursor
        old = (min(selection.anchor, selection.cursor), max(selection.anchor, selection.cursor))
        new = (min(anchor, cursor), max(anchor, cursor))
        selection.cursor = cursor
        for row in _rows_outside(new, old):
            uid = uids[row]
            if uid not in self.marked:
                self.marked.add(uid)
                selection.added.add(uid)
            article_list.refresh_article(uid)
        for row in _rows_outside(old, new):
            if row < len(uids):
                uid = uids[row]
                if uid in selection.added:
                    selection.added.discard(uid)
                    self.marked.discard(uid)
                article_list.refresh_article(uid)
        self._selection_changed()

    def action_clear_selection(self) -> None:
        count = len(self.marked)
        self._clear_marks()
        notify_literal(self.app, f"Selection cleared ({plural(count)}).", timeout=BRIEF)

    def _selection_changed(self) -> None:
        self.post_message(self.Selection(len(self.marked)))

    def _clear_marks(self) -> None:
        marked = list(self.marked)
        self.marked.clear()
        self._range = None
        for uid in marked:
            self.article_list.refresh_article(uid)
        self._selection_changed()

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
        self,
        flag: Flag | None,
        value: bool,
        subject: str,
        articles: Sequence[Article],
        then: Callable[[], None],
    ) -> None:
        """Ask before a bulk action, naming what it acts on."""
        question = action_for(flag, value).imperative.format(n=subject) + "?"
        lines = [Content.styled(question, "bold")]
        for article in articles[:NAMED_IN_QUESTION]:
            lines.append(feed_text(f"  • {quoted(article.title or article.rel_path)}"))
        if len(articles) > NAMED_IN_QUESTION:
            lines.append(Content(f"  and {plural(len(articles) - NAMED_IN_QUESTION, 'more')}"))

        def answered(yes: bool | None) -> None:
            if yes:
                then()
            elif yes is None and self.marked:
                self._clear_marks()  # Escape: no, and let go of the selection

        keys = "y / Enter: yes    n: no    Escape: no, and clear the selection"
        self.app.push_screen(
            ConfirmScreen(join_lines(lines), keys if self.marked else None), answered
        )

    def _notify(self, message: Content, *, severity: SeverityLevel) -> None:
        # Toasts take a str; markup=False makes Textual take it literally.
        notify_literal(self.app, message.plain, severity=severity)

    def _state_failed(self, error: TriageError) -> None:
        notify_literal(self.app, f"Triage state not saved: {error}", severity="error")


def _rows_outside(rows: tuple[int, int], other: tuple[int, int]) -> list[int]:
    """The rows of the closed interval ``rows`` that are not in ``other`` (in order)."""
    low, high = rows
    other_low, other_high = other
    return [
        *range(low, min(high, other_low - 1) + 1),
        *range(max(low, other_high + 1), high + 1),
    ]
