"""Keeps the reader's store in step with the feed on disk: the first load, then the watch.

Loading runs in a thread worker that hands batches to the UI thread, so the screen is
usable at once; the store is only ever changed on the UI thread (through the session).
While a big feed pours in, the list is refreshed at most a few times a second, so keys
stay responsive. Once loaded, a worker waits for the operating system to say what
changed (inotify); where it cannot (network mounts) the feed is polled instead, less
often the longer a poll takes. Changes are applied on the UI thread and reported.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from tui_reader.data.body_index import BodyProgress
from tui_reader.data.changes import FeedChanges, StoreUpdate
from tui_reader.data.loader import LoadBatch
from tui_reader.data.session import FeedSession
from tui_reader.ui.safe_text import notify_literal

REFRESH_INTERVAL = 0.5
"""While a big feed loads, the list is refreshed at most this often (seconds)."""
REFRESH_SOON = 0.02
"""Delay of the refresh after a batch of a small feed (one frame)."""
REFRESH_AT_ONCE = 5000
"""Up to this many articles, each loaded batch is shown at once."""
WATCH_INTERVAL = 2.0
"""Seconds between polls on a small feed: a stat of every file, ~5 ms per thousand."""
WATCH_DUTY = 0.05
"""At most this share of the time goes to polling: a 100k-file feed takes ~0.7 s to
stat, so it is polled every ~14 s rather than keeping a core a third busy."""


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far the first load has got."""

    done: int = 0
    total: int = 0
    loading: bool = True


class LiveFeed:
    """Drives one session's load and watch for the widget ``host`` (the reader screen).

    ``on_progress`` is told how far the load is; ``refresh`` re-runs the list (throttled
    while loading); ``on_changes`` gets what the watch applied to the store; ``prepare``
    builds indexes ahead of need, in a worker thread, once the store has settled.
    """

    def __init__(
        self,
        host: Widget,
        session: FeedSession,
        *,
        on_progress: Callable[[LoadProgress], None],
        refresh: Callable[[], None],
        on_changes: Callable[[FeedChanges, StoreUpdate], None],
        on_failure: Callable[[str], None],
        prepare: Callable[[], None] = lambda: None,
        on_prepared: Callable[[], None] = lambda: None,
        on_bodies: Callable[[BodyProgress], None] = lambda _progress: None,
    ) -> None:
        self.host = host
        self.session = session
        self._on_progress = on_progress
        self._refresh = refresh
        self._on_changes = on_changes
        self._on_failure = on_failure
        self._prepare = prepare
        self._on_prepared = on_prepared
        self._on_bodies = on_bodies
        self.bodies = BodyProgress(0, 0)
        """How far the full-text index of the bodies is."""
        self.progress = LoadProgress(loading=False)
        self._refresh_timer: Timer | None = None
        self._refresh_interval = REFRESH_INTERVAL
        self._polling = False
        self._watching = False
        self._next_poll = WATCH_INTERVAL
        self._stop = threading.Event()
        self._preparing: int | None = None
        """The store generation the running prepare worker started from (None: none)."""
        self._prepare_again = False
        """Set when the store changed while the indexes were being built: go again."""
        self._indexing = False
        self._bodies_again = False
        """Set when the feed changed while the bodies were being indexed: go again."""

    # -- loading ----------------------------------------------------------------------

    def start(self) -> None:
        """Begin loading (in a thread worker)."""
        self.progress = LoadProgress()
        self._on_progress(self.progress)
        self.host.run_worker(self._load, thread=True, exclusive=True, group="load", name="load")

    def _load(self) -> None:
        worker = get_current_worker()
        app = self.host.app
        try:
            for batch in self.session.load():
                if worker.is_cancelled:
                    return
                app.call_from_thread(self._add, batch)
        except FileNotFoundError as error:
            app.call_from_thread(self._on_failure, f"No such file or folder: {error}")
        except OSError as error:
            app.call_from_thread(self._on_failure, f"Cannot read the feed: {error}")
        app.call_from_thread(self._finished)

    def _add(self, batch: LoadBatch) -> None:
        self.session.add(batch)
        self.progress = LoadProgress(batch.done, batch.total)
        self._on_progress(self.progress)
        if self._refresh_timer is None:
            store = self.session.store
            # Re-sorting and re-filtering grows with the feed: at most a few times a
            # second while batches pour in. Never 0 s: such a Textual timer never fires.
            at_once = len(store) <= REFRESH_AT_ONCE or self.progress.done == len(store)
            delay = REFRESH_SOON if at_once else self._refresh_interval
            self._refresh_timer = self.host.set_timer(delay, self._refresh_now)

    def _refresh_now(self) -> None:
        self._refresh_timer = None
        started = time.perf_counter()
        self._refresh()
        # Keep refreshing under ~20 % of the time, however big the feed gets.
        self._refresh_interval = max(REFRESH_INTERVAL, 5 * (time.perf_counter() - started))

    def _finished(self) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        self._watching = self.session.watches
        self.progress = LoadProgress(self.progress.done, self.progress.total, loading=False)
        self._on_progress(self.progress)
        self._refresh()
        # Once the full list is on screen: the workers would compete with painting it.
        self.host.call_after_refresh(self.prepare_soon)
        if self._watching:
            if self.session.notified:
                # A daemon thread rather than a worker: it waits for as long as the app
                # runs, and must not hold up the app's exit (``stop`` ends it).
                threading.Thread(
                    target=self._notifications, name="tui-reader-watch", daemon=True
                ).start()
            else:
                self.host.set_timer(WATCH_INTERVAL, self.poll)

    def stop(self) -> None:
        """Stop watching (the screen goes away)."""
        self._stop.set()

    @property
    def polled(self) -> bool:
        """Whether the feed is polled (no notifications from the operating system)."""
        return self._watching and not self.session.notified

    @property
    def poll_seconds(self) -> float:
        """How often the feed is polled (0: it is not: notifications, or no watch)."""
        return self._next_poll if self.polled else 0.0

    def _notifications(self) -> None:
        app = self.host.app
        try:
            for changes in self.session.notifications(self._stop):
                app.call_from_thread(self._notified, changes)
            reason = "" if self._stop.is_set() else "the system stopped reporting changes"
        except Exception as error:  # noqa: BLE001 - reported below, then polled instead
            reason = "" if self._stop.is_set() else f"{type(error).__name__}: {error}"
        if reason:
            # RuntimeError: the app has exited meanwhile, nobody to tell.
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(self._watch_failed, reason)

    def _watch_failed(self, reason: str) -> None:
        self.session.notified = False
        self._on_failure(f"Watching the folder by notification failed ({reason}); polling it.")
        self.host.set_timer(WATCH_INTERVAL, self.poll)

    def _notified(self, changes: FeedChanges) -> None:
        self._on_changes(changes, self.session.apply(changes))
        self.prepare_soon()

    def prepare_soon(self) -> None:
        """Build the indexes of the store as it is now, in a thread worker (one at a
        time: a request while one runs makes it go round again if the store has moved
        on by then), then bring the bodies' full-text index up to date in another."""
        self._start_prepare()
        if self.session.bodies is None:
            return
        if self._indexing:
            self._bodies_again = True  # the running update goes round once more
            return
        self._indexing = True
        self.host.run_worker(self._index_bodies, thread=True, group="bodies", name="bodies")

    def want_index(self) -> None:
        """The list waits for the search index: build it now unless the load is still
        running (its end builds it) or a build is under way (its end re-runs the list)."""
        if not self.progress.loading and self._preparing is None:
            self._start_prepare()

    @property
    def preparing(self) -> bool:
        """Whether the indexes are being built (in a worker)."""
        return self._preparing is not None

    def _start_prepare(self) -> None:
        if self._preparing is not None:
            self._prepare_again = True
            return
        self._preparing = self.session.store.generation
        self.host.run_worker(self._prepare_worker, thread=True, group="prepare", name="prepare")

    def _prepare_worker(self) -> None:
        self._prepare()
        with contextlib.suppress(RuntimeError):  # the app exited meanwhile
            self.host.app.call_from_thread(self._prepare_done)

    def _prepare_done(self) -> None:
        started, self._preparing = self._preparing, None
        again, self._prepare_again = self._prepare_again, False
        if again and started != self.session.store.generation:
            self._start_prepare()
        else:
            self._on_prepared()

    def _index_bodies(self) -> None:
        app = self.host.app
        worker = get_current_worker()

        def stopped() -> bool:
            return worker.is_cancelled or self._stop.is_set()

        with contextlib.suppress(RuntimeError):  # the app exited meanwhile
            while not stopped():
                self._bodies_again = False
                self.session.index_bodies(
                    progress=lambda state: app.call_from_thread(self._bodies_progress, state),
                    cancelled=stopped,
                )
                if not self._bodies_again:
                    break
            app.call_from_thread(self._bodies_done)

    def _bodies_done(self) -> None:
        self._indexing = False
        if self._bodies_again:  # a change came as the last round ended
            self._bodies_again = False
            self.prepare_soon()

    def _bodies_progress(self, state: BodyProgress) -> None:
        self.bodies = state
        self._on_bodies(state)

    # -- watching ---------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether the first load is done (the watch runs)."""
        return self._watching

    def rescan(self) -> bool:
        """Look at the folder now (``ctrl+r``); False, said so, while it still loads."""
        if not self.ready:
            notify_literal(self.host.app, "Still loading the feed.", severity="warning")
            return False
        self.poll(forced=True)
        return True

    def poll(self, forced: bool = False) -> None:
        """Look for added, changed and removed files (in a thread worker)."""
        if self._polling or not self._watching:
            return
        self._polling = True
        self.host.run_worker(
            lambda: self._poll_worker(forced), thread=True, group="watch", name="watch"
        )

    def _poll_worker(self, forced: bool) -> None:
        started = time.monotonic()
        changes = self.session.poll()
        self._next_poll = max(WATCH_INTERVAL, (time.monotonic() - started) / WATCH_DUTY)
        self.host.app.call_from_thread(self._polled, changes, forced)

    def _polled(self, changes: FeedChanges, forced: bool) -> None:
        self._polling = False
        if not forced and self.polled:
            self.host.set_timer(self._next_poll, self.poll)
        update = self.session.apply(changes) if changes else StoreUpdate()
        if changes or forced:
            self._on_changes(changes, update)
        if changes:
            self.prepare_soon()

    def apply(self, changes: FeedChanges) -> None:
        """Apply changes the app itself caused (files read again after a write)."""
        self._on_changes(changes, self.session.apply(changes))
        self.prepare_soon()
