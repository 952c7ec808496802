"""Which story each article is in: labels joined by union, and each story's members.

Every article placed has a label (a story of its own is labelled by its uid); linking
two articles joins their stories, the smaller into the larger (union by size), so a
label changes at most log(n) times. A story that gained members since the last
:meth:`StoryMembers.finish` is ordered best first and named then, once, not at every
link. Only stories of two articles or more keep a member list.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.stories.story_index import StoryIndex, first_report_key, lead_key, story_id_of

UNPLACED = -1
"""The label of a uid that is no article (removed, or not placed yet)."""


class StoryMembers:
    """The stories of the articles placed so far, by label."""

    def __init__(self) -> None:
        self._labels = array("i")
        self._members: dict[int, list[int]] = {}
        """Label -> uids, for stories of two articles or more (a label is one of them)."""
        self._ordered: dict[int, tuple[int, ...]] = {}
        self._ids: dict[int, str] = {}
        self._touched: set[int] = set()

    def grow(self, size: int) -> None:
        """Room for the uids below ``size`` (new ones unplaced)."""
        missing = size - len(self._labels)
        if missing > 0:
            self._labels.extend([UNPLACED] * missing)

    def place(self, uid: int) -> None:
        """``uid`` as a story of its own."""
        self._labels[uid] = uid

    def unplace(self, uid: int) -> None:
        """``uid`` is no article any more (its story is dissolved first)."""
        self._labels[uid] = UNPLACED

    def label(self, uid: int) -> int:
        """The label of ``uid``'s story (``UNPLACED``: none)."""
        return self._labels[uid] if 0 <= uid < len(self._labels) else UNPLACED

    def union(self, first: int, second: int) -> None:
        """One story of the stories of ``first`` and ``second``."""
        labels = self._labels
        one, two = labels[first], labels[second]
        if one == two:
            return
        members_one = self._members.pop(one, None) or [one]
        members_two = self._members.pop(two, None) or [two]
        if len(members_one) < len(members_two):
            one, two = two, one
            members_one, members_two = members_two, members_one
        for uid in members_two:
            labels[uid] = one
        members_one.extend(members_two)
        self._members[one] = members_one
        for label in (one, two):
            self._ordered.pop(label, None)
            self._ids.pop(label, None)
        self._touched.add(one)

    def dissolve(self, label: int) -> set[int]:
        """Undo a story (a member changed): its members, each a story of its own again,
        are to be placed again."""
        members = self._members.pop(label, None)
        self._ordered.pop(label, None)
        self._ids.pop(label, None)
        if members is None:
            return set()
        for uid in members:
            self._labels[uid] = uid
        return set(members)

    def finish(self, articles: Mapping[int, Article]) -> None:
        """Order the members of every story that changed, best first, and name it."""
        for label in self._touched:
            members = self._members.get(label)
            if members is None:
                continue
            chosen = [articles[uid] for uid in members if uid in articles]
            ordered = sorted(chosen, key=lead_key)
            self._ordered[label] = tuple(article.uid for article in ordered)
            self._ids[label] = story_id_of(min(chosen, key=first_report_key))
        self._touched.clear()

    def index(self, store: Store, generation: int) -> StoryIndex:
        """The stories as they are now (a copy: later unions never change it)."""
        return StoryIndex(
            store, generation, array("i", self._labels), dict(self._ordered), dict(self._ids)
        )

    def stories(self) -> Iterable[tuple[int, ...]]:
        """The members of every story of two or more articles, best first."""
        return self._ordered.values()

    @property
    def nbytes(self) -> int:
        stories = sum(64 + 8 * len(uids) for uids in self._members.values()) * 2
        return len(self._labels) * 4 + stories
