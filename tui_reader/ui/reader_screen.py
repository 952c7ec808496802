"""The reader's screen: the list, the article and what is related, over one feed session.

The screen holds the reader's state as reactives (filter text, sort, view, selection
and the header's status) and runs the query when one changes. Loading and watching the
feed is :class:`LiveFeed`'s, showing an article :class:`ArticleReader`'s, triage
:class:`TriageKeys`' and where the reader left off :class:`PlaceKeeper`'s (containers
around the panes); the screen wires them together.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui_reader.config import Config
from tui_reader.data.changes import FeedChanges, StoreUpdate
from tui_reader.data.digest import format_for, make_digest, read_entries, render, write_digest
from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.triage import (
    NoTriage,
    SavedSearch,
    SearchNameError,
    TriageError,
    TriageState,
    TriageView,
    by_name,
    merge_searches,
    normal_search_name,
    plural,
)
from tui_reader.query import Matcher, MatchResult, QueryError, parse
from tui_reader.query.search_counts import SearchCounter
from tui_reader.query.views import View
from tui_reader.ui import command_table as table
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import ArticleReader
from tui_reader.ui.dates import Clock
from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.key_catalog import KeyCommand, catalog
from tui_reader.ui.live_feed import LiveFeed, LoadProgress
from tui_reader.ui.panes import Panes
from tui_reader.ui.place_keeper import PlaceKeeper
from tui_reader.ui.safe_text import feed_text, join_lines, labelled, notify_literal
from tui_reader.ui.scheduler import Scheduler
from tui_reader.ui.searches_screen import SearchesScreen
from tui_reader.ui.similar import SimilarArticles
from tui_reader.ui.sort_order import order_phrase, reversed_result
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
        self.matcher = Matcher(self.store)
        self.searches: list[SavedSearch] = []
        """Every saved search (config.toml's, then the app's): what ``f`` lists."""
        self.search_counter = SearchCounter(self.matcher, self.triage)
        self._searches_problem = self._load_searches()
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
        )
        self._note = ""
        self.set_reactive(ReaderScreen.query_text, self.places.start_query)
        self.set_reactive(ReaderScreen.sort, self.places.start_sort)
        self.set_reactive(ReaderScreen.view, self.places.start_view)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status").data_bind(ReaderScreen.status)
        yield FilterBar(self.query_text, id="filter")
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
        if self._searches_problem:
            notify_literal(self.app, self._searches_problem, severity="warning")

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

    def watch_selected(self) -> None:
        self._refresh_status()

    def refilter(self, keep_cursor: bool = False) -> None:
        """Run the current query again and show its result."""
        article_list = self.article_list
        try:
            result = self.matcher.run(self.query_text, self.sort, self.triage, self.view)
        except QueryError as error:
            self.query_one(FilterBar).show_error(f"{error.term}: {error.message}")
            return
        if self.reverse:
            result = reversed_result(result)
        self.result = result
        empty = self._empty_message() if not result.uids else None
        article_list.show_result(result, keep_cursor=keep_cursor, empty=empty)
        self.query_one(FilterBar).show_count(len(result.uids), len(self.store))
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

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.article_list.focus()

    # -- the feed ---------------------------------------------------------------------

    def _prepare_indexes(self) -> None:
        # In a worker thread: each piece builds from a snapshot and is used only if the
        # store has not moved on meanwhile.
        self.store.prepare(self.sort)
        self.matcher.prepare()
        self.similar.prepare()

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
            self.reader.detail_pane.refresh_yours()
            return
        articles = [a for key in step.keys for a in self.store.by_key(key)]
        if step.annotates:
            parsed = self.result.parsed
            if parsed is not None and parsed.depends_on_annotations:
                self.refilter(keep_cursor=True)
            self.reader.detail_pane.refresh_yours()
        elif step.flag is None:
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

    # -- saved searches ---------------------------------------------------------------

    def _load_searches(self) -> str:
        """Read every saved search into the matcher and the counter; a problem to say."""
        saved: dict[str, str] = {}
        problem = ""
        if self.state is not None:
            try:
                saved = self.state.saved_searches()
            except TriageError as error:
                problem = f"The searches saved in the app cannot be read: {error}"
        self.searches = merge_searches(self.config.searches, saved)
        self.matcher.searches = by_name(self.searches)
        self.search_counter.set_searches(self.searches)
        return problem

    def action_searches(self) -> None:
        def chosen(name: str | None) -> None:
            if name:
                self.set_filter(f"search:{name}")
                self.article_list.focus()
                notify_literal(
                    self.app,
                    f"Filtered: search:{name} — {len(self.result.uids):,} shown. "
                    f"{self.key_for('clear_filter')} clears it.",
                    timeout=BRIEF,
                )

        self.app.push_screen(
            SearchesScreen(self.search_counter, forget=self._forget_search), chosen
        )

    def _forget_search(self, search: SavedSearch) -> bool:
        if self.state is None:
            return False
        try:
            forgotten = self.state.forget_search(search.name)
        except TriageError as error:
            notify_literal(self.app, f"Search not forgotten: {error}", severity="error")
            return False
        self._load_searches()
        self.refilter(keep_cursor=True)  # the filter may name it
        return forgotten

    def action_save_search(self) -> None:
        query = self.query_one(FilterBar).text.strip()
        if not query:
            notify_literal(
                self.app,
                f"Nothing to save: type a filter ({self.key_for('filter')}), "
                f"then {self.key_for('save_search')} names it.",
            )
            return
        if self.state is None:
            notify_literal(
                self.app,
                "No triage state here to save searches in: add it to [searches] in "
                "config.toml instead.",
                severity="warning",
            )
            return
        try:
            parse(query, self.matcher.searches)
        except QueryError as error:
            notify_literal(
                self.app,
                f"This filter does not run: {error.term}: {error.message}",
                severity="warning",
            )
            return

        def check(name: str) -> str | None:
            try:
                normal = normal_search_name(name)
            except SearchNameError as error:
                return str(error)
            if normal in self.config.searches:
                return f"{normal} is in config.toml: choose another name (or edit the file)."
            try:
                parse(query, {**self.matcher.searches, normal: query}, within=[normal])
            except QueryError as error:
                return error.message
            return None

        def answered(name: str | None) -> None:
            if name is None:
                return
            normal = normal_search_name(name)
            assert self.state is not None
            replaced = normal in self.matcher.searches
            try:
                self.state.save_search(normal, query)
            except TriageError as error:
                notify_literal(self.app, f"Search not saved: {error}", severity="error")
                return
            self._load_searches()
            verb = "Replaced" if replaced else "Saved"
            notify_literal(
                self.app,
                f"{verb} search:{normal} ({query}) — {self.key_for('searches')} lists your "
                "searches.",
            )

        names = ", ".join(search.name for search in self.searches) or "none yet"
        question = join_lines(
            [
                labelled("Filter", query),
                Content.styled("A name (letters, digits, - and _):", "bold"),
            ]
        )
        self.app.push_screen(
            InputDialog(
                "Save the filter as a search",
                question,
                placeholder="e.g. policing-unread",
                note=f"Saved so far: {names}. Enter: save    Escape: cancel",
                check=check,
            ),
            answered,
        )

    # -- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        marked = sorted(self.query_one(TriageKeys).marked)
        uids = [uid for uid in marked if uid in self.store] or list(self.result.uids)
        if not uids:
            self.app.bell()
            notify_literal(self.app, "Nothing to export: the list is empty.")
            return
        what = "the selection" if marked else "the list"
        default = f"digest-{self.clock():%Y-%m-%d}.md"

        def check(path: str) -> str | None:
            target = os.path.abspath(os.path.expanduser(path.strip()))
            if not path.strip():
                return "A file name, please (.md, .html or .json)."
            if os.path.isdir(target):
                return f"{target} is a folder: give a file name in it."
            if not os.path.isdir(os.path.dirname(target)):
                return f"No folder {os.path.dirname(target)}."
            return None

        def answered(path: str | None) -> None:
            if path is not None:
                self._export(uids, path.strip())

        question = join_lines(
            [
                Content.styled(f"Export {what}: {plural(len(uids))}, in its order.", "bold"),
                Content("The file name's ending chooses the format: .md, .html or .json."),
            ]
        )
        self.app.push_screen(
            InputDialog("Export a digest", question, value=default, check=check), answered
        )

    def _export(self, uids: list[int], path: str) -> None:
        # Tags and notes are read here, on the UI thread; the worker only reads files.
        articles = [self.store[uid] for uid in uids if uid in self.store]
        annotations = {a.key: (self.triage.tags(a.key), self.triage.note(a.key)) for a in articles}
        notify_literal(self.app, f"Exporting {plural(len(articles))}…", timeout=BRIEF)
        self._write_digest(articles, annotations, path, self.query_text)

    @work(thread=True, exclusive=True, group="export")
    def _write_digest(
        self,
        articles: list[Article],
        annotations: dict[str, tuple[tuple[str, ...], str]],
        path: str,
        query: str,
    ) -> None:
        entries = read_entries(articles, lambda article: annotations[article.key])
        text = render(make_digest(entries, query), format_for(path))
        try:
            written = write_digest(path, text)
        except OSError as error:
            message = f"Cannot write {path}: {error.strerror or error}"
            self.app.call_from_thread(notify_literal, self.app, message, severity="error")
            return
        self.app.call_from_thread(
            notify_literal, self.app, f"Wrote {plural(len(entries))} to {written}"
        )

    def key_commands(self) -> list[KeyCommand]:
        """Every command of this screen and its panes, with the keys that run them now."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return catalog([self.app, self, *self.walk_children()], keymap)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.of_commands(self.key_commands()))
