"""Articles as positions in the date order: the numbering every bitset of the index uses.

Position 0 is the newest article; undated ones come last. A uid maps to its position
through :class:`PositionsByUid`; a URL to the page it names through :func:`page_key`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from tui_reader.data.model import Article
from tui_reader.data.store import SortKey, Store


def page_key(url: str) -> str:
    """``url`` reduced to what names the same page: host in lower case, no scheme
    (http and https), no ``www.``, no fragment, no trailing slash.

    Deliberately small: the stories work canonicalises URLs fully (tracking parameters,
    AMP); this should become that once it exists.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"//{host}{path}{query}"


def snapshot(store: Store) -> tuple[int, list[int], list[Article]]:
    """The store's generation, uids in date order and their articles, read consistently.

    The index may be built in a worker thread while the UI thread adds a batch: a read
    that overlaps a change is simply read again (the generation says so).
    """
    while True:
        generation = store.generation
        try:
            # Not copied: the store replaces its cached orders, it never changes them.
            uids = store.sorted_uids(SortKey.DATE)
            articles = [store[uid] for uid in uids]
        except (RuntimeError, KeyError):  # changed while being read: read again
            continue
        if store.generation == generation:
            return generation, uids, articles


class PositionsByUid(Mapping[int, int]):
    """uid -> date position, in an array indexed by uid (uids are small and dense): 4
    bytes an article where a dict took ~80."""

    def __init__(self, uids: Sequence[int]) -> None:
        self._positions = array("i", [-1]) * (max(uids, default=-1) + 1)
        for position, uid in enumerate(uids):
            self._positions[uid] = position
        self._size = len(uids)

    def __getitem__(self, uid: int) -> int:
        if 0 <= uid < len(self._positions) and (position := self._positions[uid]) >= 0:
            return position
        raise KeyError(uid)

    def __iter__(self) -> Iterator[int]:
        return (uid for uid, position in enumerate(self._positions) if position >= 0)

    def __len__(self) -> int:
        return self._size


def count_at_or_after(negated_timestamps: Sequence[float], moment: datetime) -> int:
    """How many of the (newest-first) dated articles are at or after ``moment``."""
    # The list holds -timestamp ascending; "at or after" means -timestamp <= -moment.
    return bisect_right(negated_timestamps, -moment.timestamp())
