"""'More like this': articles sharing topics and title words, from an incremental index.

The index follows the store through ``Store.changed_since``: opening an article while a
big feed loads indexes just the articles added since, and an edited or deleted article
is taken out (and an edited one put back) without indexing the whole feed again.
"""

from __future__ import annotations

import re
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


@dataclass(slots=True)
class _Index:
    """Topics and title words to uids, as of one store generation."""

    generation: int = -1
    topics: dict[str, set[int]] = field(default_factory=dict)
    words: dict[str, set[int]] = field(default_factory=dict)
    terms: dict[int, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        topics = tuple(fold(topic) for topic in article.topics)
        words = frozenset(title_words(article.title))
        self.terms[article.uid] = (topics, words)
        for topic in topics:
            self.topics.setdefault(topic, set()).add(article.uid)
        for word in words:
            self.words.setdefault(word, set()).add(article.uid)

    def remove(self, uid: int) -> None:
        terms = self.terms.pop(uid, None)
        if terms is None:
            return
        for topic in terms[0]:
            self.topics[topic].discard(uid)
        for word in terms[1]:
            self.words[word].discard(uid)


class SimilarArticles:
    """Finds articles like a given one in a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index = _Index()

    def prepare(self) -> None:
        """Index the whole store ahead of need (from a worker thread: it reads a
        snapshot, and what it builds is patched up to date when next used)."""
        generation = self.store.generation
        index = _Index(generation)
        for article in list(self.store):
            index.add(article)
        if index.generation > self._index.generation:
            self._index = index

    def _current(self) -> _Index:
        store = self.store
        index = self._index
        if index.generation == store.generation:
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
        index.generation = store.generation
        return index

    def like(
        self, article: Article, limit: int = 5, exclude: set[int] | None = None
    ) -> list[Article]:
        """Up to ``limit`` articles most like ``article`` (shared topics count double)."""
        index = self._current()
        scores: Counter[int] = Counter()
        for topic in article.topics:
            uids = index.topics.get(fold(topic), ())
            if len(uids) <= _TOO_COMMON:
                for uid in uids:
                    scores[uid] += 2
        for word in title_words(article.title):
            uids = index.words.get(word, ())
            if len(uids) <= _TOO_COMMON:
                for uid in uids:
                    scores[uid] += 1
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
