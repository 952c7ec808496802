"""A name (a key, a URL) to the uids of the articles that have it, kept compact.

Nearly every name belongs to one article: a list of one uid per name cost ~75 bytes an
article for each of the store's two lookups (~15 MB at 100k). Here a name's first uid is
a plain entry of :attr:`UidIndex.first` (the uid object the store already holds), and
only a name shared by several articles also has its list in :attr:`UidIndex.shared`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set


class UidIndex:
    """Name -> uids in the order they were added; ``first[name]`` is always the first of
    them (``shared[name][0]`` when the name has several)."""

    __slots__ = ("first", "shared")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        """Every name, in the order first added, and its first uid."""
        self.shared: dict[str, list[int]] = {}
        """Names with more than one uid, and all of them."""

    def add(self, name: str, uid: int) -> None:
        """``uid`` has ``name`` too (after those added before)."""
        first = self.first.get(name)
        if first is None:
            self.first[name] = uid
        else:
            self.shared.setdefault(name, [first]).append(uid)

    def discard(self, name: str, uid: int) -> None:
        """``uid`` no longer has ``name`` (nothing when it did not)."""
        uids = self.shared.get(name)
        if uids is not None:
            if uid in uids:
                uids.remove(uid)
                self.first[name] = uids[0]
                if len(uids) == 1:
                    del self.shared[name]
        elif self.first.get(name) == uid:
            del self.first[name]

    def get(self, name: str) -> Sequence[int]:
        """The uids with ``name`` (empty when none)."""
        uids = self.shared.get(name)
        if uids is not None:
            return uids
        uid = self.first.get(name)
        return () if uid is None else (uid,)

    def count_in(self, names: Set[str]) -> int:
        """How many uids have a name in ``names`` (a uid counted once per name)."""
        shared = self.shared
        # C-level set intersections: ~10 ms for 65,000 names, where a loop over them in
        # Python took several times that; the shared names are few.
        extra = sum(len(shared[name]) - 1 for name in shared.keys() & names)
        return len(self.first.keys() & names) + extra

    def is_shared(self, name: str) -> bool:
        """Whether more than one uid has ``name``."""
        return name in self.shared

    def shared_names(self) -> list[str]:
        """The names with more than one uid, in the order first added."""
        shared = self.shared
        if not shared:
            return []
        return [name for name in self.first if name in shared]

    def __iter__(self) -> Iterator[str]:
        return iter(self.first)
