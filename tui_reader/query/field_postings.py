"""The articles of each value of a front-matter field, as positions of one search index.

What ``provider:``, ``quality:``, ``published:``, ``after:`` and ``before:`` select, and
what the raw-text operators test once per distinct provider or domain. Built per field
on first use (``SearchIndex.prepare`` builds the provider's and the domain's ahead).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from tui_reader.data.model import Article
from tui_reader.data.tokens import fold
from tui_reader.query import bitset
from tui_reader.query.atoms import NumberField, TextField
from tui_reader.query.positions import count_at_or_after
from tui_reader.query.vocabulary import Posting, authors_of, positions_by_value


class FieldPostings:
    """Per-value postings of the fields of ``articles`` (in date order: position 0 is
    the newest, undated articles last)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self.size = len(articles)
        # Newest first; articles without a date sort last and never match after:/before:.
        self._dated = sum(1 for a in articles if a.published_at is not None)
        self._timestamps = array(
            "d", [-a.published_at.timestamp() for a in articles[: self._dated] if a.published_at]
        )
        self._values: dict[TextField, dict[str, Posting]] = {}
        self._numbers: dict[NumberField, dict[int, int]] = {}
        self._published: dict[bool | None, int] | None = None

    def values(self, field: TextField) -> dict[str, Posting]:
        """Each distinct folded value of ``field`` and the articles that have it (a
        bitset when many do, else an array of positions: a feed of 3,000 providers
        would otherwise hold 3,000 bitsets of 12.5 kB)."""
        values = self._values.get(field)
        if values is None:
            grouped = positions_by_value(self.articles, _FIELD_VALUES[field])
            merged: dict[str, array[int]] = {}
            for value, found in grouped.items():  # values that differ only in case meet
                key = fold(value)
                merged[key] = merged[key] + found if key in merged else found
            dense_from = max(1, self.size // 32)
            values = {
                value: bitset.union((), (found,), self.size) if len(found) >= dense_from else found
                for value, found in merged.items()
            }
            self._values[field] = values
        return values

    def union(self, postings: Iterable[Posting]) -> int:
        """The articles of any of ``postings`` (bitsets and arrays of positions)."""
        dense: list[int] = []
        sparse: list[array[int]] = []
        for posting in postings:
            if isinstance(posting, int):
                dense.append(posting)
            else:
                sparse.append(posting)
        return bitset.union(dense, sparse, self.size)

    def numbers(self, field: NumberField) -> dict[int, int]:
        """Each distinct known value of ``quality``/``heat`` and its articles."""
        values = self._numbers.get(field)
        if values is None:
            grouped: dict[int, list[int]] = {}
            for position, article in enumerate(self.articles):
                number = article.quality if field is NumberField.QUALITY else article.heat
                if number is not None:
                    grouped.setdefault(number, []).append(position)
            values = {
                number: bitset.from_positions(found, self.size) for number, found in grouped.items()
            }
            self._numbers[field] = values
        return values

    def published(self, value: bool | None) -> int:
        """Articles whose ``published`` flag is ``value`` (None: not stated)."""
        if self._published is None:
            grouped: dict[bool | None, list[int]] = {True: [], False: [], None: []}
            for position, article in enumerate(self.articles):
                grouped[article.published].append(position)
            self._published = {
                key: bitset.from_positions(found, self.size) for key, found in grouped.items()
            }
        return self._published[value]

    def dated_from(self, moment: datetime) -> int:
        """Articles published at or after ``moment`` (a run of the newest positions)."""
        return bitset.full(count_at_or_after(self._timestamps, moment))

    def dated_before(self, moment: datetime) -> int:
        """Dated articles published strictly before ``moment``."""
        count = count_at_or_after(self._timestamps, moment)
        return bitset.full(self._dated) & ~bitset.full(count)


_FIELD_VALUES: dict[TextField, Callable[[Article], Iterable[str]]] = {
    TextField.PROVIDER: lambda a: (a.provider.name,),
    TextField.DOMAIN: lambda a: (a.provider.domain,),
    TextField.TOPIC: lambda a: a.topics,
    # The file's side of ``tag:``; the engine adds the reader's own tags (triage state).
    TextField.TAG: lambda a: a.topics,
    TextField.AUTHOR: authors_of,
    TextField.CATEGORY: lambda a: (a.category,),
    TextField.TYPE: lambda a: (a.type,),
}
