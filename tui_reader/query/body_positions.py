"""``body:`` hits as positions of a search index: the glue between FTS5 and bitsets."""

from __future__ import annotations

from array import array

from tui_reader.data.body_index import BodyProgress, BodyQuery, FeedBodies
from tui_reader.query import bitset
from tui_reader.query.index import SearchIndex

_UNKNOWN = -1


class BodyPositions:
    """Maps document ids of a feed's body indexes to the positions of one search index.

    Filled from the indexes' document lists once, then only with documents indexed
    since (ids only grow), so a search while the body index is being built costs the
    new documents, not the whole list again. Build it off the UI thread with the
    search index (``Matcher.build_index``); a search creates it when missing.
    """

    def __init__(self, index: SearchIndex, bodies: FeedBodies) -> None:
        self.index = index
        self.bodies = bodies
        self._positions = [array("i") for _ in bodies.indexes]
        self.refresh()

    def refresh(self) -> None:
        """Learn the documents indexed since the last call."""
        for at, (body_index, _files) in enumerate(self.bodies.indexes):
            positions = self._positions[at]
            for doc_id, path in body_index.documents(after=len(positions) - 1):
                if doc_id >= len(positions):
                    positions.extend([_UNKNOWN] * (doc_id + 1 - len(positions)))
                position = self.index.position_of_path(path)
                positions[doc_id] = _UNKNOWN if position is None else position

    def search(self, query: BodyQuery) -> tuple[int, list[int] | None]:
        """The positions matching ``query`` and, when BM25 ranked them, their order."""
        self.refresh()
        found: list[int] = []
        ranked = True
        for at, (body_index, _files) in enumerate(self.bodies.indexes):
            positions = self._positions[at]
            hits = body_index.search(query)
            ranked = ranked and hits.ranked
            known = len(positions)
            found += [p for i in hits.ids if i < known and (p := positions[i]) != _UNKNOWN]
        return bitset.from_positions(found, self.index.size), found if ranked else None

    def progress(self) -> BodyProgress:
        return self.bodies.progress()
