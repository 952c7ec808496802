"""The reader's screen: the list, the article and what is related, over one feed session.

The screen holds the reader's state as reactives (filter text, sort, view, selection
and the header's status) and runs the query when one changes. Loading and watching the
feed is :class:`LiveFeed`'s, showing an article :class:`ArticleReader`'s, and triage
:class:`TriageKeys`' (a container around the panes); the screen wires them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from tui_reader.data.changes import FeedChanges, StoreUpdate
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.triage import Flag, NoTriage, TriageState, TriageView
from tui_reader.query import Matcher, MatchResult, QueryError
from tui_reader.query.parser import TriageCondition
from tui_reader.query.views import View
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import ArticleReader
from tui_reader.ui.dates import Clock
from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.history import History
from tui_reader.ui.key_catalog import KeyCommand, catalog
from tui_reader.ui.link_actions import copy_link, open_link
from tui_reader.ui.live_feed import LiveFeed, LoadProgress
from tui_reader.ui.related_pane import RelatedPane
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.scheduler import Scheduler
from tui_reader.ui.status_header import FeedStatus, StatusHeader
from tui_reader.ui.triage_keys import TriageKeys

NARROW_WIDTH = 100
"""Below this many columns one pane is shown at a time (Enter opens, Escape returns)."""

_CONDITIONS_OF: dict[Flag, frozenset[TriageCondition]] = {
    Flag.READ: frozenset({TriageCondition.READ, TriageCondition.UNREAD}),
    Flag.STARRED: frozenset({TriageCondition.STARRED}),
    Flag.ARCHIVED: frozenset({TriageCondition.ARCHIVED}),
}


class ReaderScreen(Screen[None]):
    """List left, article right, related below it; one at a time when narrow."""

    BINDINGS: ClassVar[list[BindingType]] = table.bindings(table.READER)

    DEFAULT_CSS = """
    ReaderScreen {
        #panes { height: 1fr; }
        #list { width: 45%; border-right: vkey $panel; }
        #reader { width: 1fr; }
        &.-narrow #list { width: 1fr; border-right: none; }
        &.-narrow #reader { display: none; }
        &.-narrow.-reading #list { display: none; }
        &.-narrow.-reading #reader { display: block; }
    }
    """

    query_text: var[str] = var("")
    sort: var[SortKey] = var(SortKey.DATE)
    view: var[View | None] = var(None)
    """The triage view (None when the feed has no triage state)."""
    selected: var[int] = var(0)
    status: reactive[FeedStatus] = reactive(FeedStatus, always_update=True)

    def __init__(
        self,
        session: FeedSession,
        *,
        clock: Clock,
        state: TriageState | None,
        triage: TriageView | None = None,
        read_dwell: float,
        scheduler: Scheduler | None = None,
    ) -> None:
        super().__init__()
        self.scheduler = scheduler
        self.session = session
        self.store = session.store
        self.clock = clock
        self.state = state
        self.triage: TriageView = state or triage or NoTriage()
        self.read_dwell = read_dwell
        self.matcher = Matcher(self.store)
        self.history = History()
        self.result = MatchResult("", ())
        self.live = LiveFeed(
            self,
            session,
            on_progress=self._progress,
            refresh=lambda: self.refilter(keep_cursor=True),
            on_changes=self._feed_changed,
            on_failure=lambda message: notify_literal(self.app, message, severity="error"),
        )
        self._note = ""
        self._ready = False
        self.set_reactive(ReaderScreen.view, View.ALL if state is not None else None)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status").data_bind(ReaderScreen.status)
        yield FilterBar(id="filter")
        triage_keys = TriageKeys(
            self.session,
            self.state,
            read_dwell=self.read_dwell,
            scheduler=self.scheduler,
            id="triage",
        )
        with triage_keys, Horizontal(id="panes"):
            yield ArticleList(self.store, triage=self.triage, clock=self.clock, id="list")
            yield ArticleReader(self.session, clock=self.clock, id="reader")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def reader(self) -> ArticleReader:
        return self.query_one("#reader", ArticleReader)

    @property
    def shown_uid(self) -> int | None:
        """The article in the detail pane, if any."""
        return self.reader.shown_uid

    class Ready(Message):
        """The first rows are on screen (or the feed is empty): keys can act now."""

    def on_mount(self) -> None:
        self._set_narrow(self.app.size.width)
        self.live.start()
        self.refilter()
        self.article_list.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._set_narrow(event.size.width)

    def _set_narrow(self, width: int) -> None:
        was_narrow = self.has_class("-narrow")
        self.set_class(width < NARROW_WIDTH, "-narrow")
        if was_narrow and not self.has_class("-narrow"):
            # The detail pane becomes visible: preview the cursor's article in it.
            uid = self.article_list.cursor_uid
            if uid is not None and uid != self.shown_uid:
                self.reader.show(uid)

    # -- the query --------------------------------------------------------------------

    def watch_query_text(self) -> None:
        self.refilter()

    def watch_sort(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_view(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_selected(self) -> None:
        self._refresh_status()

    def refilter(self, keep_cursor: bool = False) -> None:
        """Run the current query again and show its result."""
        article_list = self.article_list
        previous = article_list.cursor_uid
        try:
            result = self.matcher.run(self.query_text, self.sort, self.triage, self.view)
        except QueryError as error:
            self.query_one(FilterBar).show_error(f"{error.term}: {error.message}")
            return
        self.result = result
        cursor = 0
        if keep_cursor and previous is not None:
            found = index_of(result.uids, previous, article_list.cursor)
            cursor = found if found >= 0 else article_list.cursor
        article_list.show_result(result, cursor)
        self.query_one(FilterBar).show_count(len(result.uids), len(self.store))
        self._refresh_status()
        if not self._ready and (result.uids or not self.live.progress.loading):
            self._ready = True
            self.post_message(self.Ready())

    def _refresh_status(self) -> None:
        progress = self.live.progress
        self.status = FeedStatus(
            feed_name=self.session.name,
            shown=len(self.result.uids),
            total=len(self.store),
            unread=self.matcher.unread_count(self.triage),
            loaded_files=progress.done,
            files=progress.total,
            loading=progress.loading,
            errors=len(self.session.errors),
            sort=self.sort.value,
            view=self.view.label if self.view is not None else "",
            selected=self.selected,
            note=self._note,
        )

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.query_text = event.text

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.article_list.focus()

    # -- the feed ---------------------------------------------------------------------

    def _progress(self, progress: LoadProgress) -> None:
        self._refresh_status()

    def _feed_changed(self, changes: FeedChanges, update: StoreUpdate) -> None:
        if not changes:
            notify_literal(self.app, "Rescanned: no changes.")
            return
        article_list = self.article_list
        row_on_screen = article_list.cursor - round(article_list.scroll_offset.y)
        shown = self.shown_uid
        self._note = f"{datetime.now():%H:%M} {changes.summary()}"
        self.refilter(keep_cursor=True)
        # The same row height as before, so the list does not jump under the reader's eyes.
        top = max(0, article_list.cursor - row_on_screen)
        if top != round(article_list.scroll_offset.y):
            article_list.scroll_to(y=top, animate=False, immediate=True)
        for uid in update.replaced:
            article_list.refresh_article(uid)
        if shown is not None:
            # The article on display may be edited or deleted, and its related, cited-by
            # and similar articles may have come or gone: show what is there now.
            self.reader.show(shown if shown in self.store else article_list.cursor_uid)

    def action_rescan(self) -> None:
        if not self.live.ready:
            notify_literal(self.app, "Still loading the feed.", severity="warning")
            return
        self.live.poll(forced=True)
        # Another instance's triage too, without waiting for the next look.
        self.query_one(TriageKeys).poll_state()

    # -- triage -----------------------------------------------------------------------

    @on(TriageKeys.Changed)
    def _triage_changed(self, event: TriageKeys.Changed) -> None:
        step = event.step
        if step is None:
            self.refilter(keep_cursor=True)  # another instance: anything may differ
            return
        articles = [a for key in step.keys for a in self.store.by_key(key)]
        if step.flag is None:
            # Publish wrote into the files: read them again, like any outside change.
            self.live.apply(self.session.reread(articles))
        elif _CONDITIONS_OF[step.flag] & self.result_conditions():
            self.refilter(keep_cursor=True)
        else:
            for article in articles:
                self.article_list.refresh_article(article.uid)
            self._refresh_status()
        if event.undone and articles:
            self.go_to(articles[0].uid, clear_filter=False)

    def result_conditions(self) -> frozenset[TriageCondition]:
        """The triage conditions the list's query (with its view) depends on."""
        parsed = self.result.parsed
        return parsed.triage_conditions() if parsed is not None else frozenset()

    @on(TriageKeys.Selection)
    def _selection(self, event: TriageKeys.Selection) -> None:
        self.selected = event.count

    @on(TriageKeys.ViewChosen)
    def _view_chosen(self, event: TriageKeys.ViewChosen) -> None:
        self.view = event.view
        notify_literal(self.app, f"View: {event.view.label}")

    # -- following the cursor ---------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        if event.uid is None:
            self.reader.show(None)
        elif self.has_class("-narrow") and not self.has_class("-reading"):
            # One pane at a time: the detail is hidden, so rendering a preview (a long
            # Markdown body costs ~1 s) would only delay the list. Enter shows it.
            self.reader.cancel_pending()
        else:
            self.reader.show_soon(event.uid)

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        if self.shown_uid != event.uid:
            self.reader.show(event.uid)
        self.set_class(True, "-reading")
        self.reader.detail_pane.focus()

    def show_article(self, uid: int | None) -> None:
        """Show article ``uid`` (or none) in the detail and related panes."""
        self.reader.show(uid)

    # -- related jumps and history ----------------------------------------------------

    @on(RelatedPane.Jump)
    def _jump(self, event: RelatedPane.Jump) -> None:
        if self.shown_uid is not None:
            self.history.push(self.shown_uid)
        self.go_to(event.uid)

    def go_to(self, uid: int, *, clear_filter: bool = True) -> None:
        """Put the list cursor on ``uid`` (clearing the filter if it hides it) and show it."""
        if uid not in self.store:
            # Deleted since the pane listed it (folder watch): stay, filter untouched.
            self.app.bell()
            notify_literal(self.app, "That article is no longer in the feed.", severity="warning")
            return
        article_list = self.article_list
        index = index_of(article_list.uids, uid, article_list.cursor)
        if index < 0 and clear_filter:
            # The filter hides the target: show everything rather than not go there.
            self.query_one(FilterBar).set_text("")
            self.query_text = ""
            index = index_of(article_list.uids, uid, 0)
        if index >= 0:
            article_list.move_cursor(index)
        if clear_filter or index >= 0:
            self.reader.show(uid)

    def action_back(self) -> None:
        uid = self.history.pop()
        while uid is not None and uid not in self.store:
            uid = self.history.pop()
        if uid is None:
            self.app.bell()
            return
        self.go_to(uid)

    # -- panes ------------------------------------------------------------------------

    def action_cycle_pane(self, step: int) -> None:
        reader = self.reader
        panes: list[Widget] = [self.article_list, reader.detail_pane, reader.related_pane]
        focused = self.focused
        current = next(
            (
                index
                for index, pane in enumerate(panes)
                if focused is not None and pane in focused.ancestors_with_self
            ),
            0,
        )
        target = panes[(current + step) % len(panes)]
        self.set_class(target is not self.article_list, "-reading")
        if target is not self.article_list and self.shown_uid is None:
            uid = self.article_list.cursor_uid
            if uid is not None:
                reader.show(uid)
        target.focus()

    def action_to_list(self) -> None:
        self.set_class(False, "-reading")
        self.article_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            return False  # "/" typed into the filter (or another field) is text
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        self.set_class(False, "-reading")
        self.query_one(FilterBar).open()

    def action_cycle_sort(self) -> None:
        order = list(SortKey)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]

    def _current_url(self) -> str:
        uid = self.shown_uid if self.has_class("-reading") else self.article_list.cursor_uid
        article = self.store.get(uid) if uid is not None else None
        return article.url if article is not None else ""

    def action_copy_link(self) -> None:
        copy_link(self.app, self._current_url())

    def action_open_link(self) -> None:
        open_link(self.app, self._current_url())

    def action_overview(self) -> None:
        # Imported here: not needed for the first frame.
        from tui_reader.ui.overview_screen import OverviewScreen

        self.app.push_screen(OverviewScreen(self.store, self.triage))

    def action_errors(self) -> None:
        self.app.push_screen(ErrorsScreen(self.session.errors))

    # -- commands ---------------------------------------------------------------------

    def command_nodes(self) -> dict[str, DOMNode]:
        """Which node runs each group of commands."""
        nodes: dict[str, DOMNode] = {table.GENERAL: self.app, table.READER: self}
        if self.state is not None:
            nodes[table.TRIAGE] = self.query_one(TriageKeys)
        nodes[table.LIST] = self.article_list
        nodes[table.ARTICLE] = self.reader.detail_pane
        nodes[table.RELATED] = self.reader.related_pane
        return nodes

    def key_commands(self) -> list[KeyCommand]:
        """Every command of this screen and its panes, with the keys that run them now."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return catalog(self.command_nodes(), keymap)

    def action_help(self) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        for command in self.key_commands():
            groups.setdefault(command.group, []).append(
                (", ".join(command.keys), command.description)
            )
        self.app.push_screen(HelpScreen(list(groups.items())))


def index_of(uids: Sequence[int], uid: int, hint: int) -> int:
    """Where ``uid`` is in ``uids`` (looking near ``hint`` first), or -1."""
    for index in (hint, hint - 1, hint + 1):
        if 0 <= index < len(uids) and uids[index] == uid:
            return index
    try:
        return uids.index(uid)
    except ValueError:
        return -1
