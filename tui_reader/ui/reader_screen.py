"""The reader's screen: the list, the article and what is related, over one feed session.

The screen holds the reader's state as reactives (filter text, sort, view, selection
and the header's status) and runs the query when one changes. Loading and watching the
feed is :class:`LiveFeed`'s, showing an article :class:`ArticleReader`'s, triage
:class:`TriageKeys`' and where the reader left off :class:`PlaceKeeper`'s (containers
around the panes); the screen wires them together.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui_reader.config import Config
from tui_reader.data.body_index import BodyProgress
from tui_reader.data.changes import FeedChanges, StoreUpdate
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.stories.feed_stories import FeedStories, story_cache_for
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.triage import NoTriage, TriageState, TriageView
from tui_reader.query import Matcher, MatchResult
from tui_reader.query.views import View
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import ArticleReader
from tui_reader.ui.dates import Clock
from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.key_catalog import KeyCommand, catalog
from tui_reader.ui.list_query import ListQuery
from tui_reader.ui.live_feed import LiveFeed, LoadProgress
from tui_reader.ui.panes import Panes
from tui_reader.ui.place_keeper import PlaceKeeper
from tui_reader.ui.safe_text import feed_text, notify_literal
from tui_reader.ui.scheduler import Scheduler
from tui_reader.ui.similar import SimilarArticles
from tui_reader.ui.sort_order import order_phrase
from tui_reader.ui.status_header import FeedStatus, StatusHeader
from tui_reader.ui.triage_keys import TriageKeys

BRIEF = 3.0
"""Seconds a confirmation toast stays (errors and warnings keep Textual's default)."""


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
        self.stories = FeedStories(self.store, story_cache_for(session))
        self.matcher = Matcher(self.store, session.bodies, self.stories)
        self.similar = SimilarArticles(self.store)
        self.result = MatchResult("", ())
        self.live = LiveFeed(
            self,
            session,
            on_progress=self._progress,
            refresh=lambda: self.refilter(keep_cursor=True),
            on_changes=self._feed_changed,
            on_failure=lambda message: notify_literal(self.app, message, severity="error"),
            prepare=self._prepare_indexes,
            on_bodies=self._bodies_progress,
        )
        self._note = ""
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
        with self.places, triage_keys:
            yield Panes(
                self.session,
                triage=self.triage,
                similar=self.similar,
                clock=self.clock,
                dates=self.config.dates,
                stories=self.stories,
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

    @property
    def shown_uid(self) -> int | None:
        """The article in the detail pane, if any."""
        return self.reader.shown_uid

    class Ready(Message):
        """The first rows are on screen (or the feed is empty): keys can act now."""

    def on_mount(self) -> None:
        self.live.start()
        self.refilter()
        self.article_list.focus()

    def on_unmount(self) -> None:
        self.live.stop()

    # -- the query --------------------------------------------------------------------

    def watch_query_text(self) -> None:
        # Typing puts the best match on top; clearing returns to the article in use.
        self.refilter(keep_cursor=not self.query_text)

    def watch_sort(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_reverse(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_view(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_one_per_story(self) -> None:
        self.refilter(keep_cursor=True)

    def watch_selected(self) -> None:
        self._refresh_status()

    def refilter(self, keep_cursor: bool = False) -> None:
        """Run the current query again and show its result."""
        article_list = self.article_list
        question = ListQuery(
            self.query_text,
            self.sort,
            self.reverse,
            self.view,
            self.in_bodies,
            self.one_per_story,
        )
        result, error = question.run(self.matcher, self.triage)
        filter_bar = self.query_one(FilterBar)
        if result is None:
            assert error is not None
            filter_bar.show_error(f"{error.term}: {error.message}")
            return
        self.result = result
        empty = self._empty_message() if not result.uids else None
        article_list.show_result(result, keep_cursor=keep_cursor, empty=empty)
        if error is not None:
            filter_bar.show_error(f"{error.term}: {error.message}", incomplete=True)
        else:
            filter_bar.show_count(len(result.uids), len(self.store), result.body_progress)
        self._refresh_status()
        if self.places.start_up_ends(article_list, result.uids, self.live.progress):
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
            sort=order_phrase(self.sort, self.reverse),
            view=self.view.label if self.view is not None else "",
            selected=self.selected,
            note=self._note,
            polled=self.live.polled,
            bodies_indexed=self.live.bodies.indexed,
            bodies_total=self.live.bodies.total,
        )

    def _empty_message(self) -> Content:
        """Why the list is empty, and the key that leaves this state."""
        key = self.key_for
        if self.live.progress.loading:
            return Content("Loading the feed…")
        if not len(self.store):
            errors = (
                f" {len(self.session.errors):,} files could not be read: {key('errors')} "
                "lists them."
                if self.session.errors
                else ""
            )
            return feed_text(
                f"No articles in {self.session.name or 'this folder'}. tui-reader reads "
                f"Markdown (.md, .markdown) and .txt files with front matter.{errors} "
                f"{key('quit')} quits."
            )
        if self.query_text:
            where = f" in view {self.view.label}" if self.view not in (None, View.ALL) else ""
            return feed_text(
                f"Nothing matches “{self.query_text}”{where}. {key('clear_filter')} clears "
                f"the filter, {key('filter')} edits it."
            )
        show_all = f"{key('view_all')} shows all articles."
        messages = {
            View.UNREAD: f"Nothing unread here: all caught up. {show_all}",
            View.STARRED: f"No starred articles yet: {key('star')} stars one. {show_all}",
            View.ARCHIVED: f"Nothing archived: {key('archive')} archives one. {show_all}",
            View.ALL: f"Every article is archived. {key('view_archived')} shows them.",
        }
        return Content(messages.get(self.view, "Nothing to show.") if self.view else "")

    def key_for(self, command_id: str) -> str:
        """The first key that runs ``command_id`` now (the user's keymap applied)."""
        return table.first_key(command_id, getattr(self.app, "keymap", {}))

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.query_text = event.text

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        parsed = self.result.parsed
        found = parsed.body_terms() if parsed is not None else ()
        if found:
            # Opened from a body search: its words are found in the article.
            self.reader.detail_pane.find_text(found[0].text)

    @on(FilterBar.Scope)
    def _scope(self, event: FilterBar.Scope) -> None:
        self.in_bodies = event.bodies

    def watch_in_bodies(self) -> None:
        self.refilter()

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.article_list.focus()

    # -- the feed ---------------------------------------------------------------------

    def _bodies_progress(self, progress: BodyProgress) -> None:
        self._refresh_status()
        parsed = self.result.parsed
        if parsed is not None and parsed.body_terms():
            self.refilter(keep_cursor=True)  # answer over what is indexed now

    def _prepare_indexes(self) -> None:
        # In a worker thread: each piece builds from a snapshot and is used only if the
        # store has not moved on meanwhile.
        self.store.prepare(self.sort)
        self.matcher.prepare()
        self.similar.prepare()
        before = self.stories.current
        self.stories.prepare()
        self.matcher.prepare_stories()
        if self.stories.current is not before:
            self.app.call_from_thread(self._stories_changed, before)

    def _stories_changed(self, before: StoryIndex) -> None:
        """New stories: the rows of one a story, and the reports of the shown article
        (shown again only if its story changed: a reader in the middle of it stays)."""
        if self.stories.error is not None:
            self.session.errors.append(self.stories.error)
            self.stories.error = None
        if self.one_per_story or self.matcher.uses_stories(self.result.parsed):
            self.refilter(keep_cursor=True)
        shown = self.shown_uid
        current = self.stories.current
        if shown in self.store and before.members(shown) != current.members(shown):  # type: ignore[arg-type]
            self.reader.show(shown)

    def _progress(self, progress: LoadProgress) -> None:
        self._refresh_status()

    def _feed_changed(self, changes: FeedChanges, update: StoreUpdate) -> None:
        if not changes:
            notify_literal(self.app, "Rescanned: no changes.")
            return
        article_list = self.article_list
        shown = self.shown_uid
        self._note = f"{datetime.now():%H:%M} {changes.summary()}"
        self.refilter(keep_cursor=True)
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
        elif self.result.parsed is not None and self.result.parsed.depends_on(step.flag):
            self.refilter(keep_cursor=True)
        else:
            for article in articles:
                self.article_list.refresh_article(article.uid)
            self._refresh_status()
        if event.undone and articles and self.article_list.index_of(articles[0].uid) >= 0:
            self.panes.go_to(articles[0].uid)  # to what the undo restored

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
        # The filter hides the article the reader wants: show everything rather than
        # not go there.
        self.set_filter("")
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
        bar = self.query_one(FilterBar)
        bar.set_text(text)
        if text:
            bar.show()
        else:
            bar.hide()
        self.query_text = text

    def action_cycle_sort(self) -> None:
        order = list(SortKey)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        notify_literal(self.app, f"Sorted: {order_phrase(self.sort, self.reverse)}", timeout=BRIEF)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        notify_literal(self.app, f"Sorted: {order_phrase(self.sort, self.reverse)}", timeout=BRIEF)

    def action_toggle_stories(self) -> None:
        self.one_per_story = not self.one_per_story
        if not self.one_per_story:
            notify_literal(self.app, "One row per article.")
        elif self.stories.current.generation < 0:
            notify_literal(self.app, "One row per story (finding the stories…).")
        else:
            notify_literal(self.app, "One row per story: z for one per article.")

    def action_overview(self) -> None:
        # Imported here: not needed for the first frame.
        from tui_reader.ui.overview_screen import OverviewScreen

        def chosen(query: str | None) -> None:
            if query:
                self.set_filter(query)
                self.article_list.focus()
                notify_literal(
                    self.app,
                    f"Filtered: {query} — {len(self.result.uids):,} shown. "
                    f"{self.key_for('clear_filter')} clears it.",
                    timeout=BRIEF,
                )

        self.app.push_screen(OverviewScreen(self.store, self.triage), chosen)

    def action_errors(self) -> None:
        self.app.push_screen(ErrorsScreen(self.session.errors))

    def key_commands(self) -> list[KeyCommand]:
        """Every command of this screen and its panes, with the keys that run them now."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return catalog([self.app, self, *self.walk_children()], keymap)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.of_commands(self.key_commands()))
