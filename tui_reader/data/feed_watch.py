"""Watching a feed's paths: what the operating system reports (inotify, through
``watchfiles``) or, where that does not work, a rescan on a timer; either way only the
files new or changed since the last look are read.

The watch starts from the scan the load made (:class:`FeedRoot.files`), so a folder is
scanned once at start and a file written while the feed loads is still seen.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator

from tui_reader.data.cache import CachedFile
from tui_reader.data.changes import FeedChanges
from tui_reader.data.feed_roots import FeedRoot, notifies, scanned_file, stamp
from tui_reader.data.folder_load import update_cache
from tui_reader.data.folder_scan import FeedFile, ScannedFile
from tui_reader.data.loader import load_file
from tui_reader.data.model import Article, LoadError
from tui_reader.data.records import to_record

NOTIFY_DEBOUNCE_MS = 150
"""Changes reported together within this long are looked at together (an editor's
save is several events)."""
NOTIFY_STEP_MS = 50


class FeedWatch:
    """The roots of one feed and what changed in them since they were last looked at
    (any thread; one look at a time)."""

    def __init__(self) -> None:
        self._roots: list[FeedRoot] = []
        self._lock = threading.Lock()
        self._notified: bool | None = None

    def add(self, root: FeedRoot) -> None:
        """A root being loaded: watched from the scan its load makes."""
        with self._lock:
            self._roots.append(root)

    def scanned(self) -> dict[str, list[ScannedFile]]:
        """Each root's files as last scanned, by root path."""
        with self._lock:
            return {root.path: list(root.files.values()) for root in self._roots}

    def poll(self) -> FeedChanges:
        """Scan again and load only what is new or changed since the last scan.
        Nothing is polled before a load scanned."""
        with self._lock:
            changes = FeedChanges()
            for root in self._roots:
                self._poll_root(root, changes)
            return changes

    def notifications(self, stop: threading.Event) -> Iterator[FeedChanges]:
        """What changes on disk, as the operating system tells it (blocks).

        Ends when ``stop`` is set, or at once when notifications are not available here
        (then :attr:`notified` is False and the caller polls instead).
        """
        folders = [root.path for root in self._roots]
        if not folders or not self.notified:
            return
        import watchfiles  # imported here: only a watching app needs it

        try:
            for events in watchfiles.watch(
                *(os.path.abspath(folder) for folder in folders),
                watch_filter=None,
                debounce=NOTIFY_DEBOUNCE_MS,
                step=NOTIFY_STEP_MS,
                stop_event=stop,
                raise_interrupt=False,
            ):
                changes = self.look_at({path for _change, path in events})
                if changes:
                    yield changes
        except (OSError, RuntimeError):
            # inotify refused (too many watches, a file system without it): poll.
            self.notified = False

    @property
    def notified(self) -> bool:
        """Whether the operating system tells us of changes (else the feed is polled)."""
        if self._notified is None:
            self._notified = bool(self._roots) and all(
                root.is_folder and notifies(root.path) for root in self._roots
            )
        return self._notified

    @notified.setter
    def notified(self, value: bool) -> None:
        self._notified = value

    def look_at(self, paths: set[str]) -> FeedChanges:
        """Changes among ``paths`` only (what a notification named): a stat of each,
        never a scan of the folder, unless a folder itself came or went."""
        with self._lock:
            changes = FeedChanges()
            for root in self._roots:
                mine = {mapped for p in paths if (mapped := root.mapped(p)) is not None}
                if not mine:
                    continue
                if any(not root.plain_article_path(p) for p in mine):
                    self._poll_root(root, changes)  # a folder, a link: look at all of it
                else:
                    self._update_files(root, mine, changes)
            return changes

    def reread(self, articles: Iterable[Article]) -> FeedChanges:
        """Read files again after the app wrote into them (publish); from now on the
        watch takes them as known."""
        changes = FeedChanges()
        with self._lock:
            for article in articles:
                try:
                    status = os.stat(article.path, follow_symlinks=False)
                except OSError as error:
                    changes.errors.append(LoadError(article.path, f"cannot read: {error.strerror}"))
                    continue
                item = FeedFile(article.path, article.rel_path, status.st_size, status.st_mtime_ns)
                for root in self._roots:
                    if item.path in root.files:
                        root.files[item.path] = item
                loaded = load_file(item)
                if isinstance(loaded, LoadError):
                    changes.errors.append(loaded)
                    changes.removed.append(article.path)
                else:
                    changes.changed.append(loaded)
        return changes

    def _poll_root(self, root: FeedRoot, changes: FeedChanges) -> None:
        found, errors = root.rescan()
        changes.errors.extend(error for error in errors if error not in root.problems)
        root.problems = set(errors)
        files: dict[str, ScannedFile] = dict(found)  # Articles stand in below
        previous, root.files = root.files, files
        gone = [path for path in previous if path not in files]
        changes.removed.extend(gone)
        updates: dict[str, CachedFile] = {}
        for path, item in found.items():
            before = previous.get(path)
            if before is not None and stamp(before) == stamp(item):
                if isinstance(before, Article) and not item.via_link:
                    files[path] = before  # the same file: its Article still stands in
                continue
            _load_changed(item, before, files, changes, updates)
        if root.cache is not None and (updates or gone):
            error = update_cache(root.cache, updates, [previous[path].rel_path for path in gone])
            if error is not None:
                changes.errors.append(error)

    def _update_files(self, root: FeedRoot, paths: set[str], changes: FeedChanges) -> None:
        updates: dict[str, CachedFile] = {}
        gone: list[str] = []
        prefix = len(os.path.join(root.path, ""))
        for path in sorted(paths):
            before = root.files.get(path)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                if before is not None:
                    del root.files[path]
                    changes.removed.append(path)
                    gone.append(before.rel_path)
                continue
            except OSError as error:
                changes.errors.append(LoadError(path, f"cannot read: {error.strerror}"))
                continue
            item = FeedFile(path, path[prefix:], info.st_size, info.st_mtime_ns)
            if before is not None and stamp(before) == stamp(item):
                continue
            root.files[path] = item
            _load_changed(item, before, root.files, changes, updates)
        if root.cache is not None and (updates or gone):
            cache_error = update_cache(root.cache, updates, gone)
            if cache_error is not None:
                changes.errors.append(cache_error)


def _load_changed(
    item: FeedFile,
    before: ScannedFile | None,
    files: dict[str, ScannedFile],
    changes: FeedChanges,
    updates: dict[str, CachedFile],
) -> None:
    """Read one new or changed file into ``changes`` and its cache entry into ``updates``;
    the Article loaded stands in for ``item`` in ``files``."""
    loaded = load_file(item)
    if isinstance(loaded, LoadError):
        changes.errors.append(loaded)
        if before is not None:
            changes.removed.append(item.path)
        updates[item.rel_path] = (item.size, item.mtime_ns, loaded.reason)
    else:
        (changes.added if before is None else changes.changed).append(loaded)
        files[item.path] = scanned_file(item, loaded)
        updates[item.rel_path] = (item.size, item.mtime_ns, to_record(loaded))
