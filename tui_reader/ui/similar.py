"""'More like this': articles sharing topics and title words, from an incremental index.

The index follows the store through ``Store.changed_since``: opening an article while a
big feed loads indexes just the articles added since, and an edited or deleted article
is taken out (and an edited one put back) without indexing the whole feed again.
"""

from __future__ import annotations

import re
from collections import Counter

from tui_reader.data.model import Article
from tui_reader.data.sanitize import fold
from tui_reader.data.store import Store

_WORD = re.compile(r"\w{4,}")
_TOO_COMMON = 2000
"""A word or topic shared by more articles than this says little about similarity."""


def title_words(title: str) -> set[str]:
    """The distinctive words of a title (folded, four letters or more)."""
    return set(_WORD.findall(fold(title)))


class SimilarArticles:
    """Finds articles like a given one in a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._topics: dict[str, set[int]] = {}
        self._words: dict[str, set[int]] = {}
        self._terms: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._generation = -1

    def _update_index(self) -> None:
        store = self.store
        if self._generation == store.generation:
            return
        changed = store.changed_since(self._generation) if self._generation >= 0 else None
        if changed is None:
            self._topics.clear()
            self._words.clear()
            self._terms.clear()
            changed = set(store.uids())
        for uid in changed:
            self._unindex(uid)
            article = store.get(uid)
            if article is not None:
                self._index(article)
        self._generation = store.generation

    def _index(self, article: Article) -> None:
        topics = tuple(fold(topic) for topic in article.topics)
        words = frozenset(title_words(article.title))
        self._terms[article.uid] = (topics, words)
        for topic in topics:
            self._topics.setdefault(topic, set()).add(article.uid)
        for word in words:
            self._words.setdefault(word, set()).add(article.uid)

    def _unindex(self, uid: int) -> None:
        terms = self._terms.pop(uid, None)
        if terms is None:
            return
        for topic in terms[0]:
            self._topics[topic].discard(uid)
        for word in terms[1]:
            self._words[word].discard(uid)

    def like(
        self, article: Article, limit: int = 5, exclude: set[int] | None = None
    ) -> list[Article]:
        """Up to ``limit`` articles most like ``article`` (shared topics count double)."""
        self._update_index()
        scores: Counter[int] = Counter()
        for topic in article.topics:
            uids = self._topics.get(fold(topic), ())
            if len(uids) <= _TOO_COMMON:
                for uid in uids:
                    scores[uid] += 2
        for word in title_words(article.title):
            uids = self._words.get(word, ())
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
