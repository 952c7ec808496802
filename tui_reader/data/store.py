"""The in-memory article store: lookups, facets, sorting, related links, duplicates."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tui_reader.data.change_log import ChangeLog
from tui_reader.data.gc_pause import gc_paused
from tui_reader.data.model import Article
from tui_reader.data.sanitize import fold
from tui_reader.data.uid_index import UidIndex


class SortKey(StrEnum):
    """The orders the list can be shown in."""

    DATE = "date"
    HEAT = "heat"
    QUALITY = "quality"
    PROVIDER = "provider"
    TITLE = "title"


_OLDEST = datetime.min.replace(tzinfo=UTC)

# Each sort puts unknown values last and breaks ties by date, newest first.
_UNKNOWN = -(2**63)
_SORTS: dict[SortKey, tuple[Callable[[Article], Any], bool]] = {
    SortKey.DATE: (lambda a: a.published_at or _OLDEST, True),
    SortKey.HEAT: (
        lambda a: (_UNKNOWN if a.heat is None else a.heat, a.published_at or _OLDEST),
        True,
    ),
    SortKey.QUALITY: (
        lambda a: (_UNKNOWN if a.quality is None else a.quality, a.published_at or _OLDEST),
        True,
    ),
    SortKey.PROVIDER: (lambda a: (fold(a.provider.name) or "\uffff", fold(a.title)), False),
    SortKey.TITLE: (lambda a: (fold(a.title), a.rel_path), False),
}


@dataclass(frozen=True, slots=True)
class Facets:
    """How many articles have each provider, topic, category and type."""

    providers: Counter[str]
    topics: Counter[str]
    categories: Counter[str]
    types: Counter[str]


class Store:
    """All articles of a feed, by uid (unique here), by key, and by URL.

    ``generation`` moves on every change, so what is derived from the store (search
    and similarity indexes, sorted orders) can tell it is stale without being told.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self._by_uid: dict[int, Article] = {}
        self._by_key = UidIndex()
        self._by_url = UidIndex()
        self._next_uid = 0
        # Derived lookups, each tagged with the generation it was built for: a stale one
        # (the store changed since, or a worker finished late) is never used.
        self._cited_by: tuple[int, dict[int, list[int]]] = (-1, {})
        self._cited_by_lock = threading.Lock()
        self._sorted: dict[SortKey, tuple[int, list[int]]] = {}
        self._log: ChangeLog[int] = ChangeLog()
        self.add(articles)

    # -- contents -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_uid)

    def __iter__(self) -> Iterator[Article]:
        return iter(self._by_uid.values())

    def __contains__(self, uid: object) -> bool:
        return uid in self._by_uid

    def uids(self) -> list[int]:
        """Every uid, in load order."""
        return list(self._by_uid)

    def add(self, articles: Iterable[Article]) -> list[int]:
        """Add articles, giving each a uid; returns the new uids."""
        added: list[int] = []
        by_uid, uid = self._by_uid, self._next_uid
        add_key, add_url = self._by_key.add, self._by_url.add
        with gc_paused():
            try:
                # Locals only: a warm start puts the whole feed in here at once.
                for article in articles:
                    article.uid = uid
                    by_uid[uid] = article
                    add_key(article.key, uid)
                    for url in article.urls:
                        add_url(url, uid)
                    added.append(uid)
                    uid += 1
            finally:
                self._next_uid = uid
        if added:
            self._invalidate(added)
        return added

    def remove(self, uids: Iterable[int]) -> None:
        """Forget articles (their files were deleted)."""
        removed = [uid for uid in uids if self._forget(uid)]
        if removed:
            self._invalidate(removed)

    def _forget(self, uid: int) -> bool:
        article = self._by_uid.pop(uid, None)
        if article is None:
            return False
        self._by_key.discard(article.key, uid)
        for url in article.urls:
            self._by_url.discard(url, uid)
        return True

    def replace(self, uid: int, article: Article) -> None:
        """Put a re-loaded article in place of ``uid``, keeping the uid."""
        self._forget(uid)
        article.uid = uid
        self._by_uid[uid] = article
        self._by_key.add(article.key, uid)
        for url in article.urls:
            self._by_url.add(url, uid)
        self._invalidate([uid])

    @property
    def generation(self) -> int:
        """Moves on every change of the store."""
        return self._log.generation

    def _invalidate(self, uids: list[int]) -> None:
        self._log.record(uids)

    def changed_since(self, generation: int) -> set[int] | None:
        """The uids added, removed or replaced after ``generation``; None when that is
        too long ago to say (then anything may have changed)."""
        return self._log.since(generation)

    # -- lookups ------------------------------------------------------------------

    def get(self, uid: int) -> Article | None:
        """The article with ``uid``, if still present."""
        return self._by_uid.get(uid)

    def __getitem__(self, uid: int) -> Article:
        return self._by_uid[uid]

    def by_key(self, key: str) -> list[Article]:
        """Articles whose key is ``key`` (more than one when duplicated)."""
        return [self._by_uid[uid] for uid in self._by_key.get(key)]

    def uids_of_key(self, key: str) -> Sequence[int]:
        """The uids of the articles whose key is ``key``."""
        return self._by_key.get(key)

    def count_with_keys(self, keys: Set[str]) -> int:
        """How many articles have a key in ``keys`` (duplicates each count)."""
        return self._by_key.count_in(keys)

    def by_url(self, url: str) -> list[Article]:
        """Articles known by ``url`` (original or web URL)."""
        return [self._by_uid[uid] for uid in self._by_url.get(url)]

    def by_path(self, path: str) -> Article | None:
        """The article loaded from ``path``, if any (linear: for rare use)."""
        return next((a for a in self._by_uid.values() if a.path == path), None)

    def duplicates_of(self, article: Article) -> list[Article]:
        """Other articles with the same key (the same URL saved twice)."""
        return [a for a in self.by_key(article.key) if a.uid != article.uid]

    def is_duplicate(self, article: Article) -> bool:
        """Whether another article shares this one's key."""
        return self._by_key.is_shared(article.key)

    def duplicate_keys(self) -> list[str]:
        """Keys held by more than one article."""
        return self._by_key.shared_names()

    # -- related ------------------------------------------------------------------

    def resolve(self, url: str) -> Article | None:
        """The article of this feed that ``url`` names, if any."""
        uid = self._by_url.first.get(url)
        return None if uid is None else self._by_uid[uid]

    def related_articles(self, article: Article) -> list[Article]:
        """Articles of this feed that ``article`` names as related."""
        first = self._by_url.first.get
        uids = (first(url, article.uid) for url in article.related_urls)
        return [self._by_uid[uid] for uid in dict.fromkeys(uids) if uid != article.uid]

    def cited_by(self, article: Article) -> list[Article]:
        """Articles of this feed that name ``article`` as related (any thread: the
        lookup is built by :meth:`prepare` ahead of need, or here from a snapshot)."""
        index = self._cited_by_index(self.generation, self._by_uid)
        by_uid = self._by_uid
        found = (by_uid.get(uid) for uid in dict.fromkeys(index.get(article.uid, ())))
        return [citing for citing in found if citing is not None]

    def _cited_by_index(self, generation: int, by_uid: dict[int, Article]) -> dict[int, list[int]]:
        """The cited-by lookup as of ``generation`` (``by_uid`` that or newer), built
        once however many threads ask: the prepare worker and a detail worker may both
        want it as a big feed finishes loading, and one waits for the other's."""
        with self._cited_by_lock:
            built, index = self._cited_by
            if built == generation:
                return index
            articles = list(by_uid.values())  # one C-level copy
            by_url = self._by_url
            index = {}
            for citing in articles:
                for url in citing.related_urls:
                    for uid in by_url.get(url):
                        if uid != citing.uid:
                            index.setdefault(uid, []).append(citing.uid)
            self._cited_by = (generation, index)
            return index

    def snapshot(self) -> tuple[int, dict[int, Article]]:
        """The generation and a copy of uid -> article, consistent with each other or the
        copy newer (then whatever is derived from it is simply made again): for workers."""
        generation = self.generation
        return generation, dict(self._by_uid)  # one C-level copy

    def prepare(self, sort: SortKey = SortKey.DATE) -> None:
        """Build the date order, the ``sort`` order and the cited-by lookup ahead of need.

        Safe to call from a worker thread while the store's own thread reads it: it works
        on a snapshot of the articles and tags what it builds with the generation it saw,
        so a result the store has outgrown meanwhile is simply never used.
        """
        generation = self.generation
        by_uid = dict(self._by_uid)  # one C-level copy: a consistent snapshot
        for key in dict.fromkeys((SortKey.DATE, sort)):
            self._sort(key, by_uid, generation)
        self._cited_by_index(generation, by_uid)

    # -- facets and order ---------------------------------------------------------

    def facets(self) -> Facets:
        """Counts of providers, topics, categories and types over the whole feed."""
        providers: Counter[str] = Counter()
        topics: Counter[str] = Counter()
        categories: Counter[str] = Counter()
        types: Counter[str] = Counter()
        for article in self._by_uid.values():
            providers[article.provider.name] += 1
            topics.update(article.topics)
            if article.category:
                categories[article.category] += 1
            if article.type:
                types[article.type] += 1
        return Facets(providers, topics, categories, types)

    def sorted_uids(self, key: SortKey = SortKey.DATE) -> list[int]:
        """Every uid in the order ``key`` gives (kept until the store changes)."""
        generation, order = self._sorted.get(key, (-1, []))
        if generation != self.generation:
            # A copy to sort from: a worker preparing the index may be the caller.
            order = self._sort(key, dict(self._by_uid), self.generation)
        return order

    def _sort(self, key: SortKey, by_uid: dict[int, Article], generation: int) -> list[int]:
        get, reverse = _SORTS[key]
        order = sorted(by_uid, key=lambda uid: get(by_uid[uid]), reverse=reverse)
        self._sorted[key] = (generation, order)
        return order
