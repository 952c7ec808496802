"""Which story each article is in, as of one store generation: what the query, the CLI
and the app read (built by :class:`tui_reader.data.stories.story_builder.StoryBuilder`).

An index is never changed once made (a newer one replaces it), so the UI thread may
read it while a worker builds the next. Articles the index does not know (added since
it was built) are stories of their own until the next one.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Mapping

from tui_reader.data.model import Article
from tui_reader.data.store import Store

STORY_ID_CHARS = 10
"""Hex digits of a story id (40 bits: no two stories of a large feed share one)."""


def story_id_of(article: Article) -> str:
    """The id of the story whose first report is ``article`` (stable across runs and
    machines: from its key and relative path, never from a uid)."""
    text = f"{article.key}\n{article.rel_path}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=8).hexdigest()[:STORY_ID_CHARS]


def first_report_key(article: Article) -> tuple[float, str, str]:
    """The order in which a story's reports came out (undated ones last)."""
    moment = article.published_at.timestamp() if article.published_at else float("inf")
    return (moment, article.key, article.rel_path)


def lead_key(article: Article) -> tuple[int, int, bool, float, str, str]:
    """The order of a story's members, best first: quality, heat, a body, then the
    first report (a copy that came later ranks below the original)."""
    quality = -1 if article.quality is None else article.quality
    heat = -1 if article.heat is None else article.heat
    return (-quality, -heat, not article.has_body, *first_report_key(article))


class StoryIndex:
    """Stories of one store generation: members by label, a label by uid."""

    __slots__ = ("_by_id", "_ids", "_labels", "_stories", "generation", "store")

    def __init__(
        self,
        store: Store,
        generation: int,
        labels: array[int],
        stories: Mapping[int, tuple[int, ...]],
        ids: Mapping[int, str],
    ) -> None:
        self.store = store
        self.generation = generation
        """The store generation this index was built from (-1: none yet)."""
        self._labels = labels
        self._stories = stories
        """Label -> member uids, best first, for the stories of two articles or more."""
        self._ids = ids
        self._by_id: dict[str, tuple[int, ...]] | None = None

    @classmethod
    def empty(cls, store: Store) -> StoryIndex:
        return cls(store, -1, array("i"), {}, {})

    # -- one article ------------------------------------------------------------------

    def label(self, uid: int) -> int:
        """The story of ``uid`` as a number (a uid of the story; not stable across runs)."""
        labels = self._labels
        label = labels[uid] if 0 <= uid < len(labels) else -1
        return uid if label < 0 else label

    def members(self, uid: int) -> tuple[int, ...]:
        """Every article of ``uid``'s story, best first (``(uid,)`` when alone)."""
        return self._stories.get(self.label(uid), (uid,))

    def others(self, uid: int) -> tuple[int, ...]:
        """The other reports of ``uid``'s story, best first."""
        return tuple(member for member in self.members(uid) if member != uid)

    def size(self, uid: int) -> int:
        return len(self.members(uid))

    def lead(self, uid: int) -> int:
        """The best member of ``uid``'s story."""
        return self.members(uid)[0]

    def is_repeat(self, uid: int) -> bool:
        """Whether ``uid`` is not its story's best member (another report says it)."""
        return self.lead(uid) != uid

    def story_id(self, uid: int) -> str:
        """The stable id of ``uid``'s story (``story:ID`` in the filter)."""
        label = self.label(uid)
        known = self._ids.get(label)
        if known is not None:
            return known
        article = self.store.get(uid)
        return story_id_of(article) if article is not None else ""

    # -- every story ------------------------------------------------------------------

    def multi_member_stories(self) -> Iterator[tuple[int, ...]]:
        """The members of every story of more than one article, best first."""
        return iter(self._stories.values())

    @property
    def repeat_count(self) -> int:
        """How many articles are not their story's best member."""
        return sum(len(members) - 1 for members in self._stories.values())

    def uids_of(self, story_id: str) -> tuple[int, ...]:
        """The members of the story with ``story_id`` (empty when there is none)."""
        if self._by_id is None:
            by_id: dict[str, tuple[int, ...]] = {
                self._ids[label]: members for label, members in self._stories.items()
            }
            for article in list(self.store):
                if self.label(article.uid) not in self._stories:
                    by_id.setdefault(story_id_of(article), (article.uid,))
            self._by_id = by_id
        return self._by_id.get(story_id.lower(), ())

    @property
    def nbytes(self) -> int:
        """Bytes held by the index (labels and member tuples; ids are ~60 bytes each)."""
        tuples = sum(56 + 8 * len(members) for members in self._stories.values())
        return self._labels.itemsize * len(self._labels) + tuples + 100 * len(self._stories)
