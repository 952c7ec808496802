"""The stories of one feed, kept in step with its store and saved between runs.

:meth:`FeedStories.prepare` is the only thing that computes: from a worker thread in the
app (after the load and after every change, like the other indexes) or once in the CLI.
It reads a snapshot of the store and publishes a new :class:`StoryIndex` tagged with the
generation it saw; readers take :attr:`FeedStories.current` and never wait. The first
prepare of a run starts from the story cache when there is one (only files added or
changed since are placed), later ones from what changed in the store since the last.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from tui_reader.data.cache import default_cache_dir
from tui_reader.data.model import Article, LoadError
from tui_reader.data.store import Store
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.story_builder import Articles, StoryBuilder
from tui_reader.data.stories.story_cache import CachedStories, StoryCache, identity
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.stories.story_params import DEFAULT_PARAMS, StoryParams

REBUILD_SHARE = 0.1
"""After this share of the feed has changed since the last full build, build again: word
counts of files removed while the app was closed are not known, and drift."""


class FeedStories:
    """Story detection for ``store``, saved in ``cache`` when given."""

    def __init__(
        self,
        store: Store,
        cache: StoryCache | None = None,
        params: StoryParams = DEFAULT_PARAMS,
    ) -> None:
        self.store = store
        self.cache = cache
        self.params = params
        self._builder = StoryBuilder(store, params)
        self._current = StoryIndex.empty(store)
        self._lock = threading.Lock()
        self._changed_since_build = 0
        self._seen: dict[int, Article] = {}
        """The articles the stories were last brought up to (what changed since is what
        is not the same object: the store replaces an article it reads again)."""
        self._identities = array("q")
        """The identity of each uid's file (see ``story_cache.identity``), for the cache."""
        self.error: LoadError | None = None
        """The last failure to write the story cache (reported by the caller)."""

    @property
    def current(self) -> StoryIndex:
        """The newest stories (maybe of an older generation than the store's: articles
        added since are stories of their own until the next prepare)."""
        return self._current

    @property
    def is_current(self) -> bool:
        return self._current.generation == self.store.generation

    def prepare(self) -> StoryIndex:
        """Bring the stories up to the store as it is now (any thread; one at a time)."""
        with self._lock:
            generation, articles = self.store.snapshot()
            builder = self._builder
            if builder.generation == generation:
                return self._current
            if builder.generation < 0:
                self._first(articles, generation)
                self._seen = dict(articles)
            else:
                changed = self._changed(articles)
                if self._changed_since_build + len(changed) > max(
                    100, REBUILD_SHARE * len(articles)
                ):
                    self._build(articles, generation)
                else:
                    self._changed_since_build += len(changed)
                    builder.update(articles, changed, generation)
                    self._identify(articles, changed)
                self._seen = dict(articles)
                self._save(articles)
            index = builder.index()
            if index.generation > self._current.generation:
                self._current = index
            return index

    def prepare_updates(self) -> None:
        """After :meth:`prepare`, in the same worker: what later updates need, built
        ahead (see :meth:`StoryBuilder.prepare_updates`)."""
        with self._lock:
            self._builder.prepare_updates()

    def _changed(self, articles: Articles) -> set[int]:
        """The uids added, replaced or removed since the last prepare. A comparison of
        object identities (~10 ms at 100,000): the store's change log keeps only its
        last few changes, and a batch of changed files can be longer than that."""
        seen = self._seen
        changed = {uid for uid, article in articles.items() if seen.get(uid) is not article}
        changed.update(uid for uid in seen if uid not in articles)
        return changed

    def _build(self, articles: Articles, generation: int) -> None:
        self._builder.build(articles, generation)
        self._changed_since_build = 0
        self._identify(articles, articles)

    def _identify(self, articles: Articles, uids: Iterable[int]) -> None:
        identities = self._identities
        missing = max(articles, default=-1) + 1 - len(identities)
        if missing > 0:
            identities.extend([0] * missing)
        for uid in uids:
            article = articles.get(uid)
            if article is not None:
                identities[uid] = identity(article)

    def _first(self, articles: Articles, generation: int) -> None:
        """The first prepare of a run: from the cache if it is there, else a full build."""
        cached = self.cache.load() if self.cache is not None else None
        if cached is None:
            self._build(articles, generation)
            self._save(articles)
            return
        self._identify(articles, articles)
        uid_of = {self._identities[uid]: uid for uid in articles}
        known: list[int] = []
        placed = set()
        at_index = [uid_of.get(key, -1) for key in cached.identities]
        for uid in at_index:
            if uid >= 0:
                known.append(uid)
                placed.add(uid)
        new = [uid for uid in articles if uid not in placed]
        gone = len(cached.identities) - len(known)
        if (len(new) + gone) > max(100, REBUILD_SHARE * len(articles)):
            self._build(articles, generation)
            self._save(articles)
            return
        stories: list[list[int]] = []
        broken: list[int] = []
        for story in cached.stories:
            members = [at_index[index] for index in story]
            whole = [uid for uid in members if uid >= 0]
            if len(whole) == len(members):
                stories.append(whole)
            else:
                broken.extend(whole)  # a member changed: link the others again
        builder = self._builder
        urls = PackedMap(
            {url: at_index[index] for url, index in cached.urls.items() if at_index[index] >= 0}
        )
        builder.restore(articles, known, stories, cached.counts, cached.total, urls)
        self._changed_since_build = len(new) + gone
        builder.update(articles, new, generation, also_place=broken)
        if new or gone or broken:
            self._save(articles)

    def _save(self, articles: Articles) -> None:
        if self.cache is None:
            return
        uids = sorted(articles)
        position = {uid: index for index, uid in enumerate(uids)}
        identities = array("q", [self._identities[uid] for uid in uids])
        stories = [
            [position[uid] for uid in members if uid in position]
            for members in self._builder.stories()
        ]
        counts, total = self._builder.counts
        urls = PackedMap(
            {url: position[uid] for url, uid in self._builder.urls.items() if uid in position}
        )
        cached = CachedStories(identities, [s for s in stories if len(s) > 1], counts, total, urls)
        try:
            self.cache.save(cached)
            self.error = None
        except OSError as error:
            self.error = LoadError(str(self.cache.path), f"cannot write stories: {error.strerror}")


class _SessionPaths(Protocol):
    """What :func:`story_cache_for` reads of a ``FeedSession`` (not imported: the
    session's loader imports this package)."""

    paths: list[str]
    use_cache: bool
    cache_dir: Path | None


def story_cache_for(
    session: _SessionPaths, params: StoryParams = DEFAULT_PARAMS
) -> StoryCache | None:
    """The story cache of a session's feed, where its metadata cache is (None when the
    session keeps no cache, or is not of folders on disk)."""
    if not session.use_cache or not session.paths:
        return None
    directory = session.cache_dir if session.cache_dir is not None else default_cache_dir()
    return StoryCache(session.paths, directory, params)
