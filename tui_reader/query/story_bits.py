"""Stories as bitsets over one search index: ``story:ID``, ``is:repeat``, one row a story.

Built once per (search index, story index) pair from the stories of more than one
article only (a story of one needs nothing): a position's story and its rank in it
(0 is the best member), and the bitsets of every such member and of every repeat. A
query then costs work in the articles it matched that have other reports, never in the
feed.
"""

from __future__ import annotations

from array import array

from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.query import bitset
from tui_reader.query.index import SearchIndex
from tui_reader.query.tiers import Tiers, union


class StoryBits:
    """The stories of ``stories`` in the positions of ``index``."""

    def __init__(self, index: SearchIndex, stories: StoryIndex) -> None:
        self.index = index
        self.stories = stories
        size = index.size
        self._label = array("i", [-1]) * size
        self._rank = array("i", [0]) * size
        members: list[int] = []
        repeats: list[int] = []
        for story in stories.multi_member_stories():
            label = story[0]
            for rank, uid in enumerate(story):
                position = index.position_of(uid)
                if position is None:
                    continue  # added since the index was built: a story of its own here
                self._label[position] = label
                self._rank[position] = rank
                members.append(position)
                if rank:
                    repeats.append(position)
        self.members = bitset.from_positions(members, size)
        """Positions of articles whose story has other reports."""
        self.repeats = bitset.from_positions(repeats, size)
        """Positions of articles that are not the best member of their story."""

    def story(self, story_id: str) -> int:
        """Positions of the members of the story with ``story_id``."""
        found = (self.index.position_of(uid) for uid in self.stories.uids_of(story_id))
        return bitset.from_positions((p for p in found if p is not None), self.index.size)

    def one_per_story(self, tiers: Tiers) -> Tiers:
        """``tiers`` with one article a story: of the members a query matched, the best
        member (the story's own order: quality, heat, body, first report) stays, in its
        own tier and place; the others leave."""
        shared = union(tiers) & self.members
        if not shared:
            return tiers
        if shared == self.members:
            drop = self.repeats  # every member matched: the best ones stay
        else:
            best: dict[int, tuple[int, int]] = {}
            label, rank = self._label, self._rank
            for position in bitset.positions(shared, self.index.size):
                story = label[position]
                known = best.get(story)
                if known is None or rank[position] < known[0]:
                    best[story] = (rank[position], position)
            keep = bitset.from_positions((p for _, p in best.values()), self.index.size)
            drop = shared & ~keep
        return {score: kept for score, bits in tiers.items() if (kept := bits & ~drop)}
