"""The list's order as people say it ("newest first"), and the same result reversed.

Reversing wraps the result's uids instead of copying them: row ``i`` is the original's
row ``len - 1 - i``, so the list still asks only for the rows it shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import overload

from tui_reader.data.store import SortKey
from tui_reader.query import MatchResult

_PHRASES: dict[SortKey, tuple[str, str]] = {
    SortKey.DATE: ("newest first", "oldest first"),
    SortKey.HEAT: ("hottest first", "coolest first"),
    SortKey.QUALITY: ("best first", "weakest first"),
    SortKey.PROVIDER: ("provider A–Z", "provider Z–A"),
    SortKey.TITLE: ("title A–Z", "title Z–A"),
}


def order_phrase(sort: SortKey, reverse: bool) -> str:
    """``newest first``, ``title Z–A``…"""
    return _PHRASES[sort][1 if reverse else 0]


class ReversedUids(Sequence[int]):
    """``uids`` back to front, without copying them."""

    def __init__(self, uids: Sequence[int]) -> None:
        self._uids = uids

    def __len__(self) -> int:
        return len(self._uids)

    @overload
    def __getitem__(self, item: int) -> int: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> int | list[int]:
        length = len(self._uids)
        if isinstance(item, slice):
            return [self[index] for index in range(*item.indices(length))]
        if item < 0:
            item += length
        if not 0 <= item < length:
            raise IndexError(item)
        return self._uids[length - 1 - item]

    def __iter__(self) -> Iterator[int]:
        return reversed(self._uids)

    def index(self, value: int, start: int = 0, stop: int | None = None) -> int:
        found = len(self._uids) - 1 - self._uids.index(value)
        if found < start or (stop is not None and found >= stop):
            raise ValueError(value)
        return found


def reversed_result(result: MatchResult) -> MatchResult:
    """``result`` with its rows in the opposite order."""
    return replace(result, uids=ReversedUids(result.uids))
