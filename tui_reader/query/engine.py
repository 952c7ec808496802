"""Run a query over a store (first version: every word must occur, in any case).

The API is what the UI and the CLI rely on: ``Matcher(store).run(text, sort, triage)``
returns a ``MatchResult`` whose ``uids`` are in display order, with highlight spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui_reader.data.sanitize import fold
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage_view import TriageView

Span = tuple[int, int]


class QueryError(ValueError):
    """A query that cannot be run; ``term`` is the part at fault."""

    def __init__(self, term: str, message: str) -> None:
        super().__init__(f"{term}: {message}")
        self.term = term
        self.message = message


@dataclass(frozen=True, slots=True)
class Highlight:
    """Matched character spans ``[start, end)`` in the title and the provider name."""

    title: tuple[Span, ...] = ()
    provider: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The articles a query selects, in display order, with what to highlight."""

    query: str
    uids: Sequence[int]
    highlights: dict[int, Highlight] = field(default_factory=dict)

    def highlight(self, uid: int) -> Highlight | None:
        """The spans to highlight in the row of ``uid``, if any."""
        return self.highlights.get(uid)


class Matcher:
    """Runs queries over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def invalidate(self) -> None:
        """The store changed: forget anything derived from it."""

    def run(
        self,
        text: str,
        sort: SortKey = SortKey.DATE,
        triage: TriageView | None = None,
    ) -> MatchResult:
        """The articles matching ``text`` (all of them for an empty query)."""
        del triage  # is: terms come with the query language
        order = self.store.sorted_uids(sort)
        words = [fold(word) for word in text.split()]
        if not words:
            return MatchResult(text, order)
        uids: list[int] = []
        highlights: dict[int, Highlight] = {}
        for uid in order:
            article = self.store[uid]
            title, provider = fold(article.title), fold(article.provider.name)
            if all(word in title or word in provider for word in words):
                uids.append(uid)
                highlights[uid] = Highlight(_spans(title, words), _spans(provider, words))
        return MatchResult(text, uids, highlights)


def _spans(haystack: str, words: list[str]) -> tuple[Span, ...]:
    spans = []
    for word in words:
        start = haystack.find(word)
        if start >= 0:
            spans.append((start, start + len(word)))
    return tuple(sorted(spans))
