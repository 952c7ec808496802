"""Live folder watch for the reader screen: poll in a thread, apply on the UI thread.

The :class:`FeedWatcher` is created in the loading thread *before* the first load
scans the folders, so a file written while the feed loads is not missed; polling
starts once the load is done, so a poll never races the initial load. Changes are
applied on the UI thread only (the store is not thread-safe), keeping the cursor on
the same article (uids survive an edit) and that article's row at the same height on
screen, and the filter text as it is.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.data.feed_update import StoreUpdate, apply_changes
from tui_reader.data.watch import FeedChanges, FeedWatcher

if TYPE_CHECKING:
    from tui_reader.ui.reader_screen import ReaderScreen

WATCH_INTERVAL = 2.0
"""Seconds between polls on a small feed: a stat of every file, ~5 ms per thousand."""
WATCH_DUTY = 0.05
"""At most this share of the time goes to polling: a 100k-file feed takes ~0.7 s to
stat, so it is polled every ~14 s rather than keeping a core a third busy (and the
UI thread waiting on the GIL) every 2 s."""


class FeedWatch:
    """The watcher of one screen's feed, and whether a poll is under way."""

    def __init__(self, paths: list[str], *, use_cache: bool, cache_dir: Path | None) -> None:
        self.paths = paths
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self._watcher: FeedWatcher | None = None
        self._created = threading.Event()
        self.polling = False
        """Set on the UI thread while a poll worker runs, so polls never pile up."""
        self.next_delay = WATCH_INTERVAL
        """Seconds until the next poll, from how long the last one took."""

    def begin(self) -> None:
        """Take the first snapshot (in the loading thread, before loading)."""
        self._watcher = FeedWatcher(self.paths, cache_dir=self.cache_dir, use_cache=self.use_cache)
        self._created.set()

    @property
    def ready(self) -> bool:
        """Whether the first snapshot exists (the watch can poll)."""
        return self._created.is_set()

    def poll(self) -> FeedChanges:
        """What changed since the last poll (call from a worker thread)."""
        if self._watcher is None:
            return FeedChanges()
        started = time.monotonic()
        changes = self._watcher.poll()
        self.next_delay = max(WATCH_INTERVAL, (time.monotonic() - started) / WATCH_DUTY)
        return changes


def change_note(changes: FeedChanges, now: datetime) -> str:
    """The header note for one batch: "12:04 2 new, 1 changed"."""
    return f"{now:%H:%M} {changes.summary()}"


def apply_to_screen(screen: ReaderScreen, changes: FeedChanges) -> StoreUpdate:
    """Put ``changes`` into the screen's store and show them, the cursor staying put."""
    article_list = screen.article_list
    row_on_screen = article_list.cursor - round(article_list.scroll_offset.y)
    shown = screen.shown_uid
    update = apply_changes(screen.store, changes)
    screen.errors.extend(changes.errors)
    screen.matcher.invalidate()
    status = screen.status
    status.errors = len(screen.errors)
    status.unread = sum(1 for a in screen.store if not screen.triage.is_read(a.key))
    status.note = change_note(changes, datetime.now())
    screen.refilter(keep_cursor=True)
    # The same row height as before, so the list does not jump under the reader's eyes.
    top = max(0, article_list.cursor - row_on_screen)
    if top != round(article_list.scroll_offset.y):
        article_list.scroll_to(y=top, animate=False, immediate=True)
    for uid in update.replaced:
        article_list.refresh_article(uid)
    if shown is not None:
        # The article on display may be edited or deleted, and its related, cited-by
        # and similar articles may have come or gone: show what is there now.
        screen.show_article(shown if shown in screen.store else article_list.cursor_uid)
    return update
