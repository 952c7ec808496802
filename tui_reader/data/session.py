"""One feed, opened: its paths and cache, its store, and everything that reads its files.

The app and the CLI talk to a :class:`FeedSession`, never to the loader, the cache or the
watch directly. The session

- loads the feed in batches (:meth:`FeedSession.load`, in a worker thread; the caller
  hands each batch to :meth:`FeedSession.add` on the thread that owns the store), cached
  files first (:mod:`~tui_reader.data.folder_load`), and keeps the scan it loaded from
  as the watch's first snapshot;
- watches the feed (:class:`~tui_reader.data.feed_watch.FeedWatch`):
  :meth:`FeedSession.notifications` blocks in a worker thread and yields what the
  operating system reports; where notifications do not work (network mounts, no
  inotify) :meth:`FeedSession.poll` rescans on a timer. Either way the changes go into
  the store with :meth:`FeedSession.apply` on the store's thread;
- reads one article in full when it is opened (:meth:`FeedSession.read_detail`) and reads
  files again after the app wrote into them (:meth:`FeedSession.reread`);
- is the only writer of the metadata cache.

The store is changed only through :meth:`add` and :meth:`apply`, on one thread; what is
derived from it notices through ``Store.generation``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.data.cache import FeedCache, default_cache_dir
from tui_reader.data.changes import FeedChanges, StoreUpdate, apply_changes
from tui_reader.data.feed_roots import FeedRoot
from tui_reader.data.feed_watch import FeedWatch
from tui_reader.data.folder_load import load_folder, load_single
from tui_reader.data.loader import LoadBatch, LoadResult, load_detail
from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.store import Store

if TYPE_CHECKING:
    from tui_reader.data.body_index import BodyProgress
    from tui_reader.data.feed_bodies import FeedBodies


def feed_name(paths: Sequence[str]) -> str:
    """A short name for the feed(s) opened."""
    if not paths:
        return "tui-reader"
    first = os.path.basename(os.path.normpath(paths[0])) or paths[0]
    return first if len(paths) == 1 else f"{first} +{len(paths) - 1}"


class FeedSession:
    """The feed at ``paths`` (folders, recursively, or single files)."""

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        use_cache: bool = True,
        cache_dir: Path | None = None,
        workers: int | None = None,
    ) -> None:
        self.paths = [os.fspath(path) for path in paths]
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.store = Store()
        self.errors: list[LoadError] = []
        self._watch = FeedWatch()
        self._memory: list[Article] | None = None
        self._bodies: FeedBodies | None = None
        self._scratch: str | None = None

    @classmethod
    def in_memory(
        cls, articles: Iterable[Article], errors: Iterable[LoadError] = ()
    ) -> FeedSession:
        """A session over articles already made (tests, previews): loading yields them
        once; nothing is watched or cached."""
        session = cls([], use_cache=False)
        session._memory = list(articles)
        session.errors.extend(errors)
        return session

    @property
    def name(self) -> str:
        """A short name for the header."""
        return feed_name(self.paths)

    @property
    def watches(self) -> bool:
        """Whether there is anything on disk to watch."""
        return bool(self.paths)

    def missing_paths(self) -> list[str]:
        """The paths given that do not exist (a usage error, reported before loading)."""
        return [path for path in self.paths if not os.path.exists(path)]

    # -- loading ----------------------------------------------------------------------

    def load(self) -> Iterator[LoadBatch]:
        """The feed's articles and errors in batches, cached files first (any thread).

        Raises FileNotFoundError for a path that does not exist; every other problem is
        reported in the batches. Writes the cache when something was parsed.
        """
        if self._memory is not None:
            yield LoadBatch(articles=self._memory, done=len(self._memory), total=len(self._memory))
            return
        missing = self.missing_paths()
        if missing:
            raise FileNotFoundError(missing[0])
        directory = (self.cache_dir or default_cache_dir()) if self.use_cache else None
        for path in self.paths:
            is_folder = os.path.isdir(path)
            cache = FeedCache(path, directory) if directory is not None and is_folder else None
            root = FeedRoot(path, is_folder, cache)
            self._watch.add(root)
            if is_folder:
                yield from load_folder(root, self.workers)
            else:
                yield load_single(root)

    def add(self, batch: LoadBatch) -> list[int]:
        """Put a loaded batch into the store (on the store's thread); the new uids."""
        self.errors.extend(batch.errors)
        return self.store.add(batch.articles)

    def load_all(self) -> LoadResult:
        """Load the whole feed into the store at once (the CLI)."""
        result = LoadResult()
        for batch in self.load():
            self.add(batch)
            result.articles.extend(batch.articles)
            result.errors.extend(batch.errors)
        return result

    # -- watching ---------------------------------------------------------------------

    def poll(self) -> FeedChanges:
        """Scan again and load only what is new or changed since the last scan (any
        thread; one poll at a time). Nothing is polled before :meth:`load` scanned."""
        return self._watch.poll()

    def notifications(self, stop: threading.Event) -> Iterator[FeedChanges]:
        """What changes on disk, as the operating system tells it (blocks; any thread).

        Ends when ``stop`` is set, or at once when notifications are not available here
        (then :attr:`notified` is False and the caller polls instead).
        """
        return self._watch.notifications(stop)

    @property
    def notified(self) -> bool:
        """Whether the operating system tells us of changes (else the feed is polled)."""
        return self._watch.notified

    @notified.setter
    def notified(self, value: bool) -> None:
        self._watch.notified = value

    def look_at(self, paths: set[str]) -> FeedChanges:
        """Changes among ``paths`` only (what a notification named)."""
        return self._watch.look_at(paths)

    def apply(self, changes: FeedChanges) -> StoreUpdate:
        """Put what a poll (or :meth:`reread`) found into the store (the store's thread)."""
        self.errors.extend(changes.errors)
        return apply_changes(self.store, changes)

    # -- the bodies' full-text index ---------------------------------------------------

    @property
    def bodies(self) -> FeedBodies | None:
        """The feed's body indexes, beside the metadata cache (None for a session in
        memory); answered over what is indexed so far while :meth:`index_bodies` runs."""
        if self._bodies is None and self._memory is None and self.paths:
            from tui_reader.data.feed_bodies import FeedBodies

            if self.use_cache:
                directory = self.cache_dir or default_cache_dir()
            else:
                # No cache wanted: an index of this run only, removed by close().
                self._scratch = tempfile.mkdtemp(prefix="tui-reader-bodies-")
                directory = Path(self._scratch)
            self._bodies = FeedBodies(self.paths, directory)
        return self._bodies

    def index_bodies(
        self,
        *,
        progress: Callable[[BodyProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> BodyProgress | None:
        """Bring the body indexes up to date with the feed as last scanned (a worker
        thread: new and changed files are read, deleted ones dropped)."""
        bodies = self.bodies
        if bodies is None:
            return None
        scanned = self._watch.scanned()
        return bodies.update(progress=progress, cancelled=cancelled, scanned=scanned)

    def close(self) -> None:
        """Release the body indexes (and the index of a run without a cache)."""
        if self._bodies is not None:
            self._bodies.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    # -- reading one article ----------------------------------------------------------

    def read_detail(self, article: Article) -> ArticleDetail | LoadError:
        """Everything ``article``'s file says, read again now (any thread)."""
        return load_detail(article)

    def reread(self, articles: Iterable[Article]) -> FeedChanges:
        """Read files again after the app wrote into them (publish), so the store and the
        next write see what is on disk; the watch then takes them as known."""
        return self._watch.reread(articles)


def load_feed(
    paths: Iterable[str | os.PathLike[str]],
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> LoadResult:
    """Load whole feeds at once (a session used once, for scripts and tests)."""
    session = FeedSession(list(paths), use_cache=use_cache, cache_dir=cache_dir, workers=workers)
    return session.load_all()
