"""'More like this': articles sharing topics and title words, from an incremental index.

The index follows the store through ``Store.changed_since``: opening an article while a
big feed loads indexes just the articles added since, and an edited or deleted article
is taken out (and an edited one put back) without indexing the whole feed again.

It is kept small (a few MB at 100,000 articles, where sets of uids per term and the
terms of each article took ~190 MB): each term's uids are an ``array('i')``, and what an
article was indexed under is derived again from the article itself when it goes (the
index keeps a reference to each article indexed, by uid, in a list).
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field

from tui_reader.data.model import Article
from tui_reader.data.sanitize import fold
from tui_reader.data.store import Store

_WORD = re.compile(r"\w{4,}")
_TOO_COMMON = 2000
"""A word or topic shared by more articles than this says little about similarity."""


def title_words(title: str) -> set[str]:
    """The distinctive words of a title (folded, four letters or more)."""
    return set(_WORD.findall(fold(title)))


def _topics(article: Article) -> list[str]:
    """The article's folded topics, each once."""
    return list(dict.fromkeys(fold(topic) for topic in article.topics))


def _remove(postings: dict[str, array[int]], terms: list[str] | set[str], uid: int) -> None:
    for term in terms:
        uids = postings.get(term)
        if uids is not None and uid in uids:
            uids.remove(uid)


@dataclass(slots=True)
class _Index:
    """Topics and title words to uids, as of one store generation."""

    generation: int = -1
    topics: dict[str, array[int]] = field(default_factory=dict)
    words: dict[str, array[int]] = field(default_factory=dict)
    indexed: list[Article | None] = field(default_factory=list)
    """The article indexed under each uid (None: none), to take its terms out again."""

    def add(self, article: Article) -> None:
        uid = article.uid
        for topic in _topics(article):
            uids = self.topics.get(topic)
            if uids is None:
                uids = self.topics[topic] = array("i")
            uids.append(uid)
        for word in title_words(article.title):
            uids = self.words.get(word)
            if uids is None:
                uids = self.words[word] = array("i")
            uids.append(uid)
        indexed = self.indexed
        if uid >= len(indexed):
            indexed.extend([None] * (uid + 1 - len(indexed)))
        indexed[uid] = article

    def remove(self, uid: int) -> None:
        article = self.indexed[uid] if uid < len(self.indexed) else None
        if article is None:
            return
        self.indexed[uid] = None
        _remove(self.topics, _topics(article), uid)
        _remove(self.words, title_words(article.title), uid)


class SimilarArticles:
    """Finds articles like a given one in a store (from any thread: the index is
    built, patched and read under a lock)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index = _Index()
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Index the store ahead of need (from a worker thread). Under the lock: a
        detail worker asking meanwhile waits for this build rather than make its own."""
        with self._lock:
            self._current()

    def _current(self) -> _Index:
        """The index brought up to the store's generation (under the lock)."""
        store = self.store
        index = self._index
        generation = store.generation
        if index.generation == generation:
            return index
        changed = store.changed_since(index.generation) if index.generation >= 0 else None
        if changed is None:
            index = self._index = _Index()
            changed = set(store.uids())
        for uid in changed:
            index.remove(uid)
            article = store.get(uid)
            if article is not None:
                index.add(article)
        index.generation = generation
        return index

    def like(
        self, article: Article, limit: int = 5, exclude: set[int] | None = None
    ) -> list[Article]:
        """Up to ``limit`` articles most like ``article`` (shared topics count double)."""
        scores: Counter[int] = Counter()
        with self._lock:
            index = self._current()
            for topic in article.topics:
                uids = index.topics.get(fold(topic), ())
                if len(uids) <= _TOO_COMMON:
                    scores.update(dict.fromkeys(uids, 2))
            for word in title_words(article.title):
                uids = index.words.get(word, ())
                if len(uids) <= _TOO_COMMON:
                    scores.update(uids)
        skip = {article.uid, *(exclude or ())}
        found: list[Article] = []
        # Best first; among equals, the article loaded first (a stable order).
        for uid, _score in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0])):
            candidate = self.store.get(uid)
            if uid in skip or candidate is None or candidate.key == article.key:
                continue
            found.append(candidate)
            if len(found) == limit:
                break
        return found
