"""The reader's screen: the list, the article and what is related, over one feed session.

The screen holds the reader's state as reactives (filter text, sort, view, selection,
the header's status) and runs the query when one changes; it wires the rest together.
Loading and watching the feed is :class:`LiveFeed`'s, showing an article
:class:`ArticleReader`'s; triage, the order and where the reader left off are commands
of containers around the panes (:class:`TriageKeys`, :class:`ListOrder`,
:class:`PlaceKeeper`); a change elsewhere is :class:`ChangeFollower`'s to repaint and
the screens over the list are :class:`ReaderDialogs`'.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui_reader.config import Config
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.triage import NoTriage, TriageState, TriageView
from tui_reader.query import MatchResult
from tui_reader.query.views import View
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import ArticleReader
from tui_reader.ui.change_follower import ChangeFollower
from tui_reader.ui.dates import Clock
from tui_reader.ui.feed_indexes import FeedIndexes
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.key_catalog import KeyCommand, catalog
from tui_reader.ui.list_order import ListOrder
from tui_reader.ui.list_query import ListQuery
from tui_reader.ui.live_feed import LiveFeed
from tui_reader.ui.panes import Panes
from tui_reader.ui.place_keeper import PlaceKeeper
from tui_reader.ui.reader_dialogs import ReaderDialogs
from tui_reader.ui.safe_text import BRIEF, notify_literal
from tui_reader.ui.saved_searches import SavedSearches
from tui_reader.ui.scheduler import Scheduler
from tui_reader.ui.shown_list import ShownList
from tui_reader.ui.status_header import FeedStatus, StatusHeader
from tui_reader.ui.triage_keys import TriageKeys


class ReaderScreen(Screen[None]):
    """List left, article right, related below it; one at a time when narrow."""

    COMMANDS_GROUP = table.READER
    BINDINGS: ClassVar[list[BindingType]] = table.bindings(table.READER)

    query_text: var[str] = var("")
    sort: var[SortKey] = var(SortKey.DATE)
    reverse: var[bool] = var(False)
    """The sort's order turned around (oldest first, Z–A)."""
    view: var[View | None] = var(None)
    """The triage view (None when the feed has no triage state)."""
    selected: var[int] = var(0)
    in_bodies: var[bool] = var(False)
    """Whether free words match the bodies too (the filter bar's ctrl+o)."""
    one_per_story: var[bool] = var(False)
    """``z``: one row a story (its best report matched) instead of one an article."""
    status: reactive[FeedStatus] = reactive(FeedStatus, always_update=True)

    def __init__(
        self,
        session: FeedSession,
        *,
        clock: Clock,
        state: TriageState | None,
        triage: TriageView | None = None,
        config: Config,
        scheduler: Scheduler | None = None,
    ) -> None:
        super().__init__()
        self.scheduler = scheduler
        self.session = session
        self.store = session.store
        self.clock = clock
        self.state = state
        self.triage: TriageView = state or triage or NoTriage()
        self.config = config
        self.places = PlaceKeeper(state, self.store, config, scheduler=scheduler)
        self.indexes = FeedIndexes(session, self.triage)
        self.saved_searches = SavedSearches(state, config, self.indexes.matcher, self.triage)
        """config.toml's and the app's searches: ``search:NAME``, ``f``, ``ctrl+s``."""
        self.live = LiveFeed(
            self,
            session,
            on_progress=lambda _progress: self.refresh_status(),
            refresh=lambda: self.refilter(keep_cursor=True),
            on_changes=lambda changes, update: self.follower.feed_changed(changes, update),
            on_failure=lambda message: notify_literal(self.app, message, severity="error"),
            prepare=lambda: self.follower.prepare_indexes(self.sort),
            on_prepared=lambda: self.follower.indexes_prepared(),
            on_bodies=lambda _progress: self.follower.bodies_indexed(),
        )
        self.shown = ShownList(session, self.live, self.indexes.matcher, self.triage, self.key_for)
        """The list's answer as shown, and the header's status."""
        self.follower = ChangeFollower(self, session, self.live, self.indexes, self.shown)
        """What a change on disk, in the stories or in the triage state repaints."""
        self.dialogs = ReaderDialogs(self, session, self.triage, self.saved_searches, clock)
        """The overview, saved searches, digest export and load errors over the list."""
        self.set_reactive(ReaderScreen.query_text, self.places.start_query)
        self.set_reactive(ReaderScreen.sort, self.places.start_sort)
        self.set_reactive(ReaderScreen.view, self.places.start_view)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status").data_bind(ReaderScreen.status)
        yield FilterBar(self.query_text, leave_to=lambda: self.article_list, id="filter")
        triage_keys = TriageKeys(
            self.session,
            self.state,
            read_dwell=self.config.read_dwell_seconds,
            scheduler=self.scheduler,
            id="triage",
        )
        with self.places, triage_keys, ListOrder(self, self.indexes.stories, id="order"):
            yield Panes(
                self.session,
                triage=self.triage,
                similar=self.indexes.similar,
                clock=self.clock,
                dates=self.config.dates,
                stories=self.indexes.stories,
                id="panes",
            )
        # The palette's key is in help: at 80 columns the footer keeps its room for the
        # keys of the pane in use.
        yield Footer(compact=True, show_command_palette=False)

    @property
    def panes(self) -> Panes:
        return self.query_one(Panes)

    @property
    def article_list(self) -> ArticleList:
        return self.panes.article_list

    @property
    def reader(self) -> ArticleReader:
        return self.panes.reader

    class Ready(Message):
        """The first rows are on screen (or the feed is empty): keys can act now."""

    def on_mount(self) -> None:
        for name in ("sort", "reverse", "view", "one_per_story"):
            self.watch(self, name, self._order_changed, init=False)
        # Free words in the bodies too (or no longer): a new answer, the best match on top.
        self.watch(self, "in_bodies", lambda: self.refilter(), init=False)
        self.live.start()
        self.refilter()
        self.article_list.focus()
        if self.saved_searches.problem:
            notify_literal(self.app, self.saved_searches.problem, severity="warning")

    def on_unmount(self) -> None:
        self.live.stop()

    # -- the query --------------------------------------------------------------------

    def watch_query_text(self) -> None:
        # Typing puts the best match on top; clearing returns to the article in use.
        self.refilter(keep_cursor=not self.query_text)

    def _order_changed(self) -> None:
        # The sort, its direction, the view or one row a story: the same articles in
        # another order or subset, the cursor kept on the one in use.
        self.refilter(keep_cursor=True)

    def watch_selected(self) -> None:
        self.refresh_status()

    @property
    def list_question(self) -> ListQuery:
        """What the list asks the engine now: the filter, the order, the view."""
        return ListQuery(
            self.query_text, self.sort, self.reverse, self.view, self.in_bodies, self.one_per_story
        )

    @property
    def result(self) -> MatchResult:
        """The answer the list shows."""
        return self.shown.result

    def refilter(self, keep_cursor: bool = False) -> None:
        """Run the current query again and show its result."""
        article_list, bar = self.article_list, self.query_one(FilterBar)
        if not self.shown.show(self.list_question, article_list, bar, keep_cursor=keep_cursor):
            return
        self.refresh_status()
        if self.places.start_up_ends(article_list, self.result.uids, self.live.progress):
            self.post_message(self.Ready())

    def refresh_status(self) -> None:
        """Show the feed's status as it is now in the header."""
        self.status = self.shown.status(self.list_question, self.selected)

    def key_for(self, command_id: str) -> str:
        """The first key that runs ``command_id`` now (the user's keymap applied)."""
        return table.first_key(command_id, getattr(self.app, "keymap", {}))

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.query_text = event.text

    @on(FilterBar.Scope)
    def _scope(self, event: FilterBar.Scope) -> None:
        self.in_bodies = event.bodies

    # -- the feed ---------------------------------------------------------------------

    def action_rescan(self) -> None:
        if self.live.rescan():
            # Another instance's triage too, without waiting for the next look.
            self.query_one(TriageKeys).poll_state()

    # -- triage -----------------------------------------------------------------------

    @on(TriageKeys.Changed)
    def _triage_changed(self, event: TriageKeys.Changed) -> None:
        self.follower.triage_changed(event.step, undone=event.undone)

    @on(TriageKeys.Selection)
    def _selection(self, event: TriageKeys.Selection) -> None:
        self.selected = event.count

    @on(TriageKeys.ViewChosen)
    def _view_chosen(self, event: TriageKeys.ViewChosen) -> None:
        self.view = event.view
        shown = len(self.result.uids)
        notify_literal(self.app, f"View: {event.view.label} — {shown:,} shown", timeout=BRIEF)

    @on(Panes.Hidden)
    def _reveal(self, event: Panes.Hidden) -> None:
        # The filter hides the article the reader wants: clear it (and say so) rather
        # than not go there.
        if self.query_text:
            self.action_clear_filter()
        if self.article_list.index_of(event.uid) >= 0:
            self.panes.go_to(event.uid)
        else:
            self.reader.show(event.uid)

    # -- reader commands ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            return False  # "/" typed into the filter (or another field) is text
        if action == "clear_filter":
            return bool(self.query_text) and not isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        self.panes.set_class(False, "-reading")
        self.query_one(FilterBar).open()

    def action_clear_filter(self) -> None:
        shown = self.query_text
        self.set_filter("")
        notify_literal(self.app, f"Filter “{shown}” cleared.", timeout=BRIEF)

    def set_filter(self, text: str) -> None:
        """Filter the list by ``text`` (the bar shows it; empty: the bar closes)."""
        self.query_one(FilterBar).set_text(text)
        self.query_text = text

    # -- the screens over the list (ReaderDialogs') ---------------------------------

    def action_overview(self) -> None:
        self.dialogs.overview()

    def action_errors(self) -> None:
        self.dialogs.errors()

    def action_searches(self) -> None:
        self.dialogs.saved_searches()

    def action_save_search(self) -> None:
        self.dialogs.save_search(self.query_one(FilterBar).text)

    def action_export(self) -> None:
        self.dialogs.export(self.query_one(TriageKeys).marked, self.query_text)

    def key_commands(self) -> list[KeyCommand]:
        """Every command of this screen and its panes, with the keys that run them now."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return catalog([self.app, self, *self.walk_children()], keymap)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.of_commands(self.key_commands()))
