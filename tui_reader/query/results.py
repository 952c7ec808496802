"""Lazy views of a query's result: the ranked uids and the highlight spans.

The list shows a window of rows; it asks for ``len()`` and the first rows before any
others. Both views therefore work from bitsets and do the per-article work only for
the rows that are actually requested.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from rapidfuzz import fuzz

from tui_reader.data.sanitize import fold
from tui_reader.query import bitset
from tui_reader.query.index import SearchIndex
from tui_reader.query.parser import TextMode, WordTerm

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Highlight:
    """Matched character spans ``[start, end)`` in the title and the provider name."""

    title: tuple[Span, ...] = ()
    provider: tuple[Span, ...] = ()


class RankedUids(Sequence[int]):
    """The uids of a result in display order, materialised group by group on demand.

    ``groups`` are disjoint bitsets of positions, best group first; inside a group the
    order is ascending position (newest first). With ``order``, there is one group and
    its members come in that order instead (a sort other than by date).
    """

    def __init__(
        self, index: SearchIndex, groups: list[int], order: list[int] | None = None
    ) -> None:
        self._index = index
        self._pending = [group for group in groups if group]
        self._order = order
        self._length = sum(group.bit_count() for group in self._pending)
        self._positions: list[int] = []

    def __len__(self) -> int:
        return self._length

    def _fill(self, needed: int) -> None:
        """Materialise groups until ``needed`` positions (or all) are known."""
        while len(self._positions) < needed and self._pending:
            group = self._pending.pop(0)
            size = self._index.size
            if self._order is None:
                self._positions.extend(bitset.positions(group, size))
            else:
                flags = bitset.to_flags(group, size)
                self._positions.extend(p for p in self._order if flags[p])

    @overload
    def __getitem__(self, item: int) -> int: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> int | list[int]:
        uids = self._index.uids
        if isinstance(item, slice):
            start, stop, step = item.indices(self._length)
            self._fill(max(start, stop) if step > 0 else start + 1)
            return [uids[position] for position in self._positions[item]]
        if item < 0:
            item += self._length
        if not 0 <= item < self._length:
            raise IndexError(item)
        self._fill(item + 1)
        return uids[self._positions[item]]

    def __iter__(self) -> Iterator[int]:
        self._fill(self._length)
        uids = self._index.uids
        return (uids[position] for position in self._positions)

    def __repr__(self) -> str:
        return f"<RankedUids: {self._length} uids>"


class LazyHighlights(Mapping[int, Highlight]):
    """Highlight spans of matched uids, computed (and kept) when first asked for."""

    def __init__(self, index: SearchIndex, matched: int, words: tuple[WordTerm, ...]) -> None:
        self._index = index
        self._matched = matched
        self._words = words
        self._done: dict[int, Highlight] = {}

    def __getitem__(self, uid: int) -> Highlight:
        found = self._done.get(uid)
        if found is not None:
            return found
        position = self._index.position_of(uid)
        if position is None or not self._matched >> position & 1:
            raise KeyError(uid)
        article = self._index.articles[position]
        found = Highlight(
            spans(article.title, self._words), spans(article.provider.name, self._words)
        )
        self._done[uid] = found
        return found

    def __iter__(self) -> Iterator[int]:
        uids = self._index.uids
        return (uids[p] for p in bitset.positions(self._matched, self._index.size))

    def __len__(self) -> int:
        return self._matched.bit_count()


def fuzzy_cutoff(length: int) -> int:
    """The least rapidfuzz partial_ratio that counts as a match for a word this long.

    Shorter words have too few characters for a typo to leave a meaningful signal:
    below ``FUZZY_MIN_LENGTH`` they must occur exactly.
    """
    return 75 if length <= 4 else 80


FUZZY_MIN_LENGTH = 4


def folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index it came from in ``text``.

    Folding can change lengths (NFKD splits "ﬁ" into "fi", casefold turns "ß" into "ss",
    accents are dropped), so spans found in the folded text are mapped back through this.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def spans(original: str, words: tuple[WordTerm, ...]) -> tuple[Span, ...]:
    """Where ``words`` match in ``original``, as spans of ``original``'s characters."""
    if not words or not original:
        return ()
    folded, origin = folded_with_origin(original)
    found: list[Span] = []
    for word in words:
        text = word.text
        if word.mode is TextMode.PREFIX:
            if folded.startswith(text):
                found.append((0, len(text)))
        elif word.mode is TextMode.SUFFIX:
            if folded.endswith(text):
                found.append((len(folded) - len(text), len(folded)))
        else:
            # Prefer an occurrence at a word start: it is what the ranking rewarded.
            at = (" " + folded).find(" " + text)
            if at < 0:
                at = folded.find(text)
            if at >= 0:
                found.append((at, at + len(text)))
            elif word.mode is TextMode.FUZZY and len(text) >= FUZZY_MIN_LENGTH:
                cutoff = fuzzy_cutoff(len(text))
                aligned = fuzz.partial_ratio_alignment(text, folded, score_cutoff=cutoff)
                if aligned is not None and aligned.dest_end > aligned.dest_start:
                    found.append((aligned.dest_start, aligned.dest_end))
    mapped = sorted((origin[start], origin[end - 1] + 1) for start, end in found if end > start)
    merged: list[Span] = []
    for start, end in mapped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
