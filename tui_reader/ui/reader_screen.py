"""The reader's main screen: wires the list, filter, detail and related panes together.

Feed loading runs in a thread worker that hands batches to the UI thread, so the
screen is usable at once; the store is only ever changed on the UI thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from tui_reader.data.loader import LoadBatch, iter_load, load_detail
from tui_reader.data.model import Article, ArticleDetail, LoadError, Related
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage_view import TriageView
from tui_reader.data.watch import FeedChanges
from tui_reader.query import Matcher, QueryError
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.body_text import PreparedBody, prepare_body
from tui_reader.ui.dates import Clock
from tui_reader.ui.detail_pane import DetailPane
from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.feed_watch import WATCH_INTERVAL, FeedWatch, apply_to_screen
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.help_screen import HelpScreen, KeyGroup
from tui_reader.ui.history import History
from tui_reader.ui.key_catalog import KeyCommand, catalog
from tui_reader.ui.link_actions import copy_link, open_link
from tui_reader.ui.related_pane import FEW_RELATED, RelatedPane, RelatedSections
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.similar import SimilarArticles
from tui_reader.ui.status_header import FeedStatus, StatusHeader

NARROW_WIDTH = 100
"""Below this many columns one pane is shown at a time (Enter opens, Escape returns)."""
REFILTER_INTERVAL = 0.5
"""While a big feed loads, the list is re-filtered at most this often (seconds)."""
REFILTER_SOON = 0.02
"""Delay of the re-filter after a batch of a small feed (one frame)."""
REFILTER_AT_ONCE = 5000
"""Up to this many articles, each loaded batch is shown at once."""
DETAIL_DELAY = 0.12
"""Seconds the cursor must rest before the body is read (holding j stays smooth)."""


def feed_name(paths: list[str]) -> str:
    """A short name for the feed(s) opened."""
    if not paths:
        return "tui-reader"
    first = os.path.basename(os.path.normpath(paths[0])) or paths[0]
    return first if len(paths) == 1 else f"{first} +{len(paths) - 1}"


class ReaderScreen(Screen[None]):
    """List left, article right, related below it; one at a time when narrow."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: a non-priority binding acts only after the keys typed in the same
        # burst have already gone to the list (where "m", "s", "a" are triage actions).
        Binding("slash", "filter", "Filter", priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("e", "errors", "Errors"),
        Binding("S", "cycle_sort", "Sort"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False),
        Binding("backspace,alt+left", "back", "Back"),
        Binding("escape", "to_list", "To list", show=False),
        Binding("y", "copy_link", "Copy link"),
        Binding("o", "open_link", "Open link"),
        Binding("v", "overview", "Overview", show=False),
        Binding("ctrl+r", "rescan", "Rescan folder", show=False),
    ]

    DEFAULT_CSS = """
    ReaderScreen {
        #panes { height: 1fr; }
        #list { width: 45%; border-right: vkey $panel; }
        #reader { width: 1fr; }
        #detail { height: 2fr; }
        #related { height: 1fr; min-height: 5; }
        &.-narrow #list { width: 1fr; border-right: none; }
        &.-narrow #reader { display: none; }
        &.-narrow.-reading #list { display: none; }
        &.-narrow.-reading #reader { display: block; }
    }
    """

    def __init__(
        self,
        store: Store,
        paths: list[str],
        *,
        use_cache: bool,
        cache_dir: Path | None,
        clock: Clock,
        triage: TriageView,
    ) -> None:
        super().__init__()
        self.store = store
        self.paths = paths
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.clock = clock
        self.triage = triage
        self.matcher = Matcher(store)
        self.similar = SimilarArticles(store)
        self.history = History()
        self.errors: list[LoadError] = []
        self.sort = SortKey.DATE
        self.query_text = ""
        self.status = FeedStatus(feed_name=feed_name(paths), total=len(store))
        self._detail_timer: Timer | None = None
        self._refilter_timer: Timer | None = None
        self._refilter_interval = REFILTER_INTERVAL
        self._shown_uid: int | None = None
        self.feed_watch = FeedWatch(paths, use_cache=use_cache, cache_dir=cache_dir)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status")
        yield FilterBar(id="filter")
        with Horizontal(id="panes"):
            yield ArticleList(self.store, triage=self.triage, clock=self.clock, id="list")
            with Vertical(id="reader"):
                yield DetailPane(clock=self.clock, id="detail")
                yield RelatedPane(clock=self.clock, id="related")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def related_pane(self) -> RelatedPane:
        return self.query_one("#related", RelatedPane)

    def on_mount(self) -> None:
        self.query_one("#related", RelatedPane).border_title = "Related"
        self.status.unread = sum(1 for a in self.store if not self.triage.is_read(a.key))
        self._set_narrow(self.app.size.width)
        self.refilter()
        self.article_list.focus()
        if self.paths:
            self.status.loading = True
            self.load_feed()
        self._show_status()

    def on_resize(self, event: events.Resize) -> None:
        self._set_narrow(event.size.width)

    def _set_narrow(self, width: int) -> None:
        was_narrow = self.has_class("-narrow")
        self.set_class(width < NARROW_WIDTH, "-narrow")
        if was_narrow and not self.has_class("-narrow"):
            # The detail pane becomes visible: preview the cursor's article in it.
            uid = self.article_list.cursor_uid
            if uid is not None and uid != self._shown_uid:
                self._show(uid)

    # -- loading --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_feed(self) -> None:
        worker = get_current_worker()
        try:
            self.feed_watch.begin()
            for batch in iter_load(self.paths, use_cache=self.use_cache, cache_dir=self.cache_dir):
                if worker.is_cancelled:
                    return
                self.app.call_from_thread(self._add_batch, batch)
        except FileNotFoundError as error:
            self.app.call_from_thread(self._load_failed, f"No such file or folder: {error}")
        except OSError as error:
            self.app.call_from_thread(self._load_failed, f"Cannot read the feed: {error}")
        self.app.call_from_thread(self._load_finished)

    def _add_batch(self, batch: LoadBatch) -> None:
        added = self.store.add(batch.articles)
        self.errors.extend(batch.errors)
        self.matcher.invalidate()
        self.status.unread += sum(
            1 for uid in added if not self.triage.is_read(self.store[uid].key)
        )
        self.status.loaded_files, self.status.files = batch.done, batch.total
        self.status.errors = len(self.errors)
        self.status.total = len(self.store)
        self._show_status()
        # Re-sorting and re-filtering grows with the feed: do it at most a few times a
        # second while batches pour in, so keys stay responsive during a big load.
        if self._refilter_timer is None:
            at_once = len(self.store) <= REFILTER_AT_ONCE or not self.article_list.uids
            # Never 0: a Textual timer of 0 s divides by zero and never fires.
            delay = REFILTER_SOON if at_once else self._refilter_interval
            self._refilter_timer = self.set_timer(delay, self._refilter_after_batches)

    def _refilter_after_batches(self) -> None:
        self._refilter_timer = None
        started = time.perf_counter()
        self.refilter(keep_cursor=True)
        # Keep re-filtering under ~20 % of the time, however big the feed gets.
        self._refilter_interval = max(REFILTER_INTERVAL, 5 * (time.perf_counter() - started))

    def _load_failed(self, message: str) -> None:
        notify_literal(self.app, message, severity="error")

    def _load_finished(self) -> None:
        self.status.loading = False
        if self._refilter_timer is not None:
            self._refilter_timer.stop()
            self._refilter_timer = None
        self.refilter(keep_cursor=True)
        if self.feed_watch.ready:
            self.set_timer(WATCH_INTERVAL, self.poll_feed)

    # -- live watch -----------------------------------------------------------------

    def poll_feed(self, forced: bool = False) -> None:
        """Look for added, changed and removed files (in a thread worker)."""
        if self.feed_watch.polling:
            return
        self.feed_watch.polling = True
        self._poll_worker(forced)

    @work(thread=True, group="watch")
    def _poll_worker(self, forced: bool) -> None:
        changes = self.feed_watch.poll()
        self.app.call_from_thread(self._polled, changes, forced)

    def _polled(self, changes: FeedChanges, forced: bool) -> None:
        self.feed_watch.polling = False
        if not forced:
            # The next poll waits longer on a big feed (see FeedWatch.next_delay).
            self.set_timer(self.feed_watch.next_delay, self.poll_feed)
        if changes:
            apply_to_screen(self, changes)
        elif forced:
            notify_literal(self.app, "Rescanned: no changes.")

    def action_rescan(self) -> None:
        if not self.feed_watch.ready or self.status.loading:
            notify_literal(self.app, "Still loading the feed.", severity="warning")
            return
        self.poll_feed(forced=True)

    # -- filtering ------------------------------------------------------------------

    def refilter(self, keep_cursor: bool = False) -> None:
        """Run the current query again and show its result."""
        article_list = self.article_list
        previous = article_list.cursor_uid
        try:
            result = self.matcher.run(self.query_text, self.sort, self.triage)
        except QueryError as error:
            self.query_one(FilterBar).show_error(f"{error.term}: {error.message}")
            return
        cursor = 0
        if keep_cursor and previous is not None:
            found = _index_of(result.uids, previous, article_list.cursor)
            cursor = found if found >= 0 else article_list.cursor
        article_list.show_result(result, cursor)
        self.query_one(FilterBar).show_count(len(result.uids), len(self.store))
        self.status.shown, self.status.total = len(result.uids), len(self.store)
        self._show_status()

    def _show_status(self) -> None:
        self.status.sort = self.sort.value
        self.query_one(StatusHeader).show_status(self.status)

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if event.text == self.query_text:
            return  # set by the app itself (a jump cleared it): already applied
        self.query_text = event.text
        self.refilter()

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.article_list.focus()

    # -- following the cursor -------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.uid is None:
            self._show(None)
            return
        if self.has_class("-narrow") and not self.has_class("-reading"):
            # One pane at a time: the detail is hidden, so rendering a preview (a long
            # Markdown body costs ~1 s) would only delay the list. Enter shows it.
            return
        self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self._show(event.uid))

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        if self._shown_uid != event.uid:
            self._show(event.uid)
        self.set_class(True, "-reading")
        self.detail_pane.focus()

    @property
    def shown_uid(self) -> int | None:
        """The article in the detail pane, if any."""
        return self._shown_uid

    def show_article(self, uid: int | None) -> None:
        """Show article ``uid`` (or none) in the detail and related panes."""
        self._show(uid)

    def _show(self, uid: int | None) -> None:
        """Show article ``uid`` in the detail and related panes."""
        self._shown_uid = uid
        article = self.store.get(uid) if uid is not None else None
        duplicate = article is not None and self.store.is_duplicate(article)
        self.detail_pane.show_article(article, duplicate=duplicate)
        if article is None:
            self.related_pane.clear_sections()
            return
        self.related_pane.clear_sections("Loading…")
        self.load_detail(article.uid)

    @work(thread=True, exclusive=True, group="detail")
    def load_detail(self, uid: int) -> None:
        article = self.store.get(uid)
        if article is None:
            return
        detail = load_detail(article)
        prepared = (
            prepare_body(detail.body) if isinstance(detail, ArticleDetail) and detail.body else None
        )
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._detail_loaded, uid, detail, prepared)

    def _detail_loaded(
        self, uid: int, detail: ArticleDetail | LoadError, prepared: PreparedBody | None
    ) -> None:
        article = self.store.get(uid)
        if uid != self._shown_uid or article is None:
            return
        self.detail_pane.show_detail(detail, prepared, self.store.is_duplicate(article))
        if isinstance(detail, ArticleDetail):
            related = tuple((entry, self.store.resolve(entry.url)) for entry in detail.related)
        else:
            related = tuple(
                (Related(web_url=url), self.store.resolve(url)) for url in article.related_urls
            )
        cited_by = tuple(self.store.cited_by(article))
        more: tuple[Article, ...] = ()
        if len(related) < FEW_RELATED:
            linked = {a.uid for _, a in related if a is not None} | {a.uid for a in cited_by}
            more = tuple(self.similar.like(article, exclude=linked))
        self.related_pane.show_sections(RelatedSections(related, cited_by, more))

    # -- related jumps and history --------------------------------------------------

    @on(RelatedPane.Jump)
    def _jump(self, event: RelatedPane.Jump) -> None:
        if self._shown_uid is not None:
            self.history.push(self._shown_uid)
        self.go_to(event.uid)

    def go_to(self, uid: int) -> None:
        """Put the list cursor on ``uid`` (clearing the filter if it hides it) and show it."""
        if uid not in self.store:
            # Deleted since the pane listed it (folder watch): stay, filter untouched.
            self.app.bell()
            notify_literal(self.app, "That article is no longer in the feed.", severity="warning")
            return
        article_list = self.article_list
        index = _index_of(article_list.uids, uid, article_list.cursor)
        if index < 0:
            # The filter hides the target: show everything rather than not go there.
            self.query_text = ""
            self.query_one(FilterBar).set_text("")
            self.refilter()
            index = _index_of(article_list.uids, uid, 0)
        if index >= 0:
            article_list.move_cursor(index)
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._show(uid)

    def action_back(self) -> None:
        uid = self.history.pop()
        while uid is not None and uid not in self.store:
            uid = self.history.pop()
        if uid is None:
            self.app.bell()
            return
        self.go_to(uid)

    # -- panes ----------------------------------------------------------------------

    def _panes(self) -> list[Widget]:
        return [self.article_list, self.detail_pane, self.related_pane]

    def action_cycle_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        current = next(
            (
                index
                for index, pane in enumerate(panes)
                if focused is pane or (focused is not None and pane in focused.ancestors_with_self)
            ),
            0,
        )
        target = panes[(current + step) % len(panes)]
        self.set_class(target is not self.article_list, "-reading")
        if target is not self.article_list and self._shown_uid is None:
            uid = self.article_list.cursor_uid
            if uid is not None:
                self._show(uid)
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
        self.refilter(keep_cursor=True)

    def _current_url(self) -> str:
        uid = self._shown_uid if self.has_class("-reading") else self.article_list.cursor_uid
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
        self.app.push_screen(ErrorsScreen(self.errors))

    def key_commands(self) -> list[KeyCommand]:
        """Every described action of this screen and its panes."""
        return catalog(
            self.app,
            [
                ("Reader", self),
                ("Article list", self.article_list),
                ("Article", self.detail_pane),
                ("Related", self.related_pane),
            ],
        )

    def action_help(self) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        for command in self.key_commands():
            groups.setdefault(command.group, []).append(
                (", ".join(command.keys), command.description)
            )
        help_groups: list[KeyGroup] = list(groups.items())
        self.app.push_screen(HelpScreen(help_groups))


def _index_of(uids: Sequence[int], uid: int, hint: int) -> int:
    """Where ``uid`` is in ``uids`` (looking near ``hint`` first), or -1."""
    for index in (hint, hint - 1, hint + 1):
        if 0 <= index < len(uids) and uids[index] == uid:
            return index
    try:
        return uids.index(uid)
    except ValueError:
        return -1
