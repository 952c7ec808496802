"""Picking up where the reader left off: per feed, the cursor's article, the filter, the
view and the sort, kept in the triage database (:class:`~tui_reader.data.triage.Place`).

At start the screen takes its filter, view and sort from the saved place, which wins
over ``default_view``/``default_sort``; the cursor goes back to its article as soon as
the list shows it, and keys typed meanwhile wait until then (:meth:`PlaceKeeper.settled`
decides when the screen is ready). :class:`PlaceKeeper` is a container around the panes,
so it sees the list's cursor moves bubble past; the place is written ``SAVE_AFTER``
seconds after the last cursor move or filter keystroke (never once per move), at once
when the view or the sort changes (one key each: a ``kill -9`` right after keeps them),
and on quit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, TypeVar, runtime_checkable

from textual import on
from textual.containers import Container

from tui_reader.config import Config
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import Place, TriageError, TriageState, by_name, merge_searches
from tui_reader.query import QueryError, parse
from tui_reader.query.views import View
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.live_feed import LoadProgress
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.scheduler import Cancel, Scheduler, TimerScheduler

SAVE_AFTER = 0.5
"""Seconds of rest after a change before the place is written."""

Named = TypeVar("Named", bound=StrEnum)


@runtime_checkable
class PlaceSource(Protocol):
    """The screen's side of the place: its filter, view and sort (reactives)."""

    @property
    def query_text(self) -> str: ...
    @property
    def view(self) -> View | None: ...
    @property
    def sort(self) -> SortKey: ...


class PlaceKeeper(Container):
    """One feed's place: read once at start, restored, written when it changed."""

    DEFAULT_CSS = """
    PlaceKeeper { height: 1fr; }
    """

    def __init__(
        self,
        state: TriageState | None,
        store: Store,
        config: Config,
        *,
        scheduler: Scheduler | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.store = store
        self._problem = ""
        self.saved = self._read()
        saved = self.saved or Place()
        self.start_query = saved.query if _runs(saved.query, self._searches(config)) else ""
        """The filter to start with (one this version cannot read is dropped)."""
        self.start_sort = _named(SortKey, saved.sort, config.default_sort)
        """The sort to start with."""
        self.start_view = (
            _named(View, saved.view, config.default_view) if state is not None else None
        )
        """The view to start with (None: no triage state, so no views)."""
        self._cursor_key = saved.article
        self._restoring = bool(saved.article)
        self._started = False
        self._scheduler: Scheduler = scheduler or TimerScheduler(self)
        self._cancel: Cancel | None = None
        self._list: ArticleList | None = None
        self._source: PlaceSource | None = None

    def _read(self) -> Place | None:
        if self.state is None:
            return None
        try:
            return self.state.place()
        except TriageError as error:
            self._problem = f"Where you were in this feed is not known: {error}"
            return None

    def _searches(self, config: Config) -> dict[str, str]:
        """What ``search:NAME`` in the saved filter may name."""
        saved: dict[str, str] = {}
        if self.state is not None:
            # Unreadable: the screen says so when it reads them.
            with contextlib.suppress(TriageError):
                saved = self.state.saved_searches()
        return by_name(merge_searches(config.searches, saved))

    def on_mount(self) -> None:
        # Kept: at quit the list and the screen have left the DOM before this unmounts.
        self._list = self.query_one(ArticleList)
        screen = self.screen
        if isinstance(screen, PlaceSource):
            self._source = screen
            self.watch(screen, "query_text", self._changed, init=False)
            for name in ("view", "sort"):
                self.watch(screen, name, self._chosen, init=False)
        if self._problem:
            notify_literal(self.app, self._problem, severity="warning")

    def on_unmount(self) -> None:
        if self._cancel is not None:
            self._cancel()
        self.save()

    # -- start ------------------------------------------------------------------------

    def start_up_ends(
        self, article_list: ArticleList, shown: Sequence[int], progress: LoadProgress
    ) -> bool:
        """True once, when start-up is over: rows are shown (or none are coming) and the
        cursor is back on its article (put back now), or that article is not coming."""
        if self._started or not self._settled(article_list, shown, progress.loading):
            return False
        self._started = True
        return True

    def _settled(self, article_list: ArticleList, shown: Sequence[int], loading: bool) -> bool:
        if not shown and loading:
            return False
        if not self._restoring:
            return True
        uids = self.store.uids_of_key(self._cursor_key)
        if not uids:
            if loading:
                return False  # not loaded yet
            self._restoring = False  # gone from the feed
            return True
        # Asked once: the article is loaded, so the list shows it now or never (the
        # filter hides it); finding its row is a walk over the result.
        self._restoring = False
        index = next((i for i in map(article_list.index_of, uids) if i >= 0), -1)
        if index >= 0:
            article_list.move_cursor(index)
        return True

    # -- saving -----------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _changed(self) -> None:
        if self.state is None:
            return
        if self._cancel is not None:
            self._cancel()
        self._cancel = self._scheduler.call_later(SAVE_AFTER, self.save)

    def _chosen(self) -> None:
        if self._cancel is not None:
            self._cancel()
        self.save()

    def current(self) -> Place | None:
        """Where the reader is now (None before the panes are mounted)."""
        screen = self._source
        if self._list is None or screen is None:
            return None
        uid = self._list.cursor_uid
        article = self.store.get(uid) if uid is not None else None
        return Place(
            article.key if article is not None else "",
            screen.query_text,
            screen.view.value if screen.view is not None else "",
            screen.sort.value,
        )

    def save(self) -> None:
        """Write the place if it changed (not while the cursor is still being restored)."""
        self._cancel = None
        place = self.current()
        if self.state is None or place is None or self._restoring or place == self.saved:
            return
        try:
            self.state.remember_place(place)
        except TriageError as error:
            problem = f"Cannot remember where you were in this feed: {error}"
            if problem != self._problem:
                self._problem = problem
                notify_literal(self.app, problem, severity="warning")
            return
        self.saved = place


def _runs(query: str, searches: dict[str, str]) -> bool:
    try:
        parse(query, searches)
    except QueryError:
        return False
    return True


def _named(kind: type[Named], name: str, default: Named) -> Named:
    try:
        return kind(name) if name else default
    except ValueError:
        return default
