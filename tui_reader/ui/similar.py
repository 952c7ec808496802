"""'More like this': articles sharing topics and title words, from an incremental index.

The index grows with the store (uids only increase), so opening an article while a big
feed loads indexes just the newly added articles rather than the whole feed again.
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
        self._topics: dict[str, list[int]] = {}
        self._words: dict[str, list[int]] = {}
        self._last_indexed = -1

    def _update_index(self) -> None:
        for uid in self.store.uids():
            if uid <= self._last_indexed:
                continue
            article = self.store[uid]
            for topic in article.topics:
                self._topics.setdefault(fold(topic), []).append(uid)
            for word in title_words(article.title):
                self._words.setdefault(word, []).append(uid)
            self._last_indexed = max(self._last_indexed, uid)

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
        for uid, _score in scores.most_common():
            candidate = self.store.get(uid)
            if uid in skip or candidate is None or candidate.key == article.key:
                continue
            found.append(candidate)
            if len(found) == limit:
                break
        return found
