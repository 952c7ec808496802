"""``body:`` hits as positions of a search index: the glue between FTS5 and bitsets."""

from __future__ import annotations

from array import array
from operator import itemgetter
from typing import Protocol

from tui_reader.data.body_index import BodyProgress, BodyQuery
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.query import bitset


class Positions(Protocol):
    """What this needs of a search index (which owns it: ``SearchIndex.body_positions``)."""

    @property
    def size(self) -> int: ...

    def position_of_path(self, path: str) -> int | None: ...


_UNKNOWN = -1
_KEPT_ANSWERS = 16


class BodyPositions:
    """Maps document ids of a feed's body indexes to the positions of one search index.

    Filled from the indexes' document lists once, then only with documents indexed
    since (ids only grow), so a search while the body index is being built costs the
    new documents, not the whole list again. ``Matcher.build_index`` makes it with the
    index, off the UI thread, when the matcher has body indexes.
    """

    def __init__(self, index: Positions, bodies: FeedBodies) -> None:
        self.index = index
        self.bodies = bodies
        self._positions = [array("i") for _ in bodies.indexes]
        self._found: dict[BodyQuery, tuple[int, list[int] | None]] = {}
        self.refresh()

    def refresh(self) -> None:
        """Learn the documents indexed since the last call (and forget earlier answers,
        if there are any)."""
        for at, (body_index, _files) in enumerate(self.bodies.indexes):
            positions = self._positions[at]
            for doc_id, path in body_index.documents(after=len(positions) - 1):
                if doc_id >= len(positions):
                    positions.extend([_UNKNOWN] * (doc_id + 1 - len(positions)))
                position = self.index.position_of_path(path)
                positions[doc_id] = _UNKNOWN if position is None else position
                self._found.clear()

    def forget(self) -> None:
        """Drop the answers kept for repeated queries."""
        self._found.clear()

    def search(self, query: BodyQuery) -> tuple[int, list[int] | None]:
        """The positions matching ``query`` and, when BM25 ranked them, their order
        (best first; equal scores newest first)."""
        self.refresh()
        known = self._found.get(query)
        if known is not None:
            return known
        if len(self._found) >= _KEPT_ANSWERS:
            self._found.clear()
        answer = self._found[query] = self._search(query)
        return answer

    def _search(self, query: BodyQuery) -> tuple[int, list[int] | None]:
        unranked: list[int] = []
        scored: list[tuple[float, int]] = []
        ranked = True
        for at, (body_index, _files) in enumerate(self.bodies.indexes):
            hits = body_index.search(query)
            chosen = self._positions_of(at, hits.ids)
            if hits.scores is None:
                ranked = False
                unranked += [p for p in chosen if p != _UNKNOWN]
            else:
                scored += [(s, p) for s, p in zip(hits.scores, chosen, strict=True) if p >= 0]
        unranked += [p for _s, p in scored]
        found = bitset.from_positions(unranked, self.index.size)
        if not ranked:
            return found, None
        # Equal scores newest first; several indexes (folders) are merged by score.
        return found, [p for _s, p in sorted(scored)]

    def _positions_of(self, at: int, ids: list[int]) -> list[int]:
        """The positions of documents ``ids`` of body index ``at`` (``_UNKNOWN`` if none)."""
        positions = self._positions[at]
        if len(ids) > 1 and max(ids) < len(positions):
            return list(itemgetter(*ids)(positions))  # gathered in C: the common case
        return [positions[i] if i < len(positions) else _UNKNOWN for i in ids]

    def progress(self) -> BodyProgress:
        return self.bodies.progress()
