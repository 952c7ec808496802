"""Which articles of the whole feed use a word: for placing articles with no date.

An article with no date is compared with every day, so an update that places one needs
the articles of the whole feed that share a word with it. Scanning every signature for
the words of the new articles costs ~0.4 s at 100,000 articles on every update; this
index finds them by lookup. The app builds it ahead, in its prepare worker
(:meth:`StoryBuilder.prepare_updates`); otherwise the first update that places an article
with no date builds it (one pass over the signatures: at 100,000 articles ~0.75 s, 9 MB
kept, 23 MB allocated at its peak). It then follows every article taken or forgotten
until the next full build or restore, which start without it (the command line, which
never meets an article with no date, never pays for it).

Packed (no Python object per article or per posting): the words ascending in one array,
and for each a range of an array of uids. A word that was in more than ``most`` articles
when the index was built is left out (too common to link anything while it stays so:
the caller passes twice the common cap, and the feed is built again before it changes
by a tenth); should its count fall that low meanwhile, :meth:`FeedPostings.find` looks
for it the old way, with a scan of the signatures: the answer is exact either way.
Changes after the build go to a small overlay: the words of the articles taken since,
and the uids whose packed postings are no longer theirs (changed or removed).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import signature_words


def scan_postings(
    uids: Iterable[int], words: Iterable[int], signatures: Sequence[bytes | None]
) -> dict[int, list[int]]:
    """Word -> the uids among ``uids`` whose signature has it, for each of ``words``
    (by reading every one of those signatures)."""
    postings: dict[int, list[int]] = {word: [] for word in words}
    get = postings.get
    for uid in uids:
        for word in signature_words(signatures[uid] or b""):
            posting = get(word)
            if posting is not None:
                posting.append(uid)
    return postings


class FeedPostings:
    """Word hash -> the uids whose signature has it, over every article of the feed."""

    __slots__ = (
        "_ends",
        "_left_out",
        "_overlay",
        "_signatures",
        "_size",
        "_stale",
        "_starts",
        "_uids",
        "_words",
    )

    def __init__(self, signatures: list[bytes | None], counts: PackedMap, most: int) -> None:
        """Index ``signatures`` (by uid; the list is kept, and read as it changes);
        ``counts``: how many articles use each word (at least as many as do)."""
        self._words = array("q")
        rooms = array("i")
        left_out = []
        for word, count in counts.items():
            if count > most:
                left_out.append(word)
            else:
                self._words.append(word)
                rooms.append(max(count, 0))
        self._left_out = frozenset(left_out)
        # Word number n (from 1) owns uids[starts[n]:ends[n]], room for its count.
        self._starts = array("i", [0, 0])
        self._starts.extend(accumulate(rooms))
        self._ends = array("i", self._starts)
        self._uids = array("i", bytes(4 * self._starts[-1]))
        self._overlay: dict[int, list[int]] = {}
        """Word -> uids taken since the build (or beyond a count that was short)."""
        self._stale: set[int] = set()
        """Uids whose packed postings are no longer theirs (changed or removed)."""
        self._signatures = signatures
        self._size = len(signatures)
        self._fill(dict(zip(self._words, range(1, len(rooms) + 1), strict=True)))

    def _fill(self, number_of: dict[int, int]) -> None:
        """One pass over the signatures, in uid order (so each range is ascending)."""
        starts, ends, uids = self._starts, self._ends, self._uids
        get = number_of.get
        for uid, signature in enumerate(self._signatures):
            if not signature:
                continue
            for number in filter(None, map(get, signature_words(signature))):
                at = ends[number]
                if at < starts[number + 1]:
                    uids[at] = uid
                    ends[number] = at + 1
                else:  # more than counted: cannot happen with the builder's counts
                    self._overlay.setdefault(self._words[number - 1], []).append(uid)

    def add(self, uid: int, signature: bytes) -> None:
        """``uid`` was taken (new, or read again) with ``signature``."""
        overlay, left_out = self._overlay, self._left_out
        for word in signature_words(signature):
            if word not in left_out:
                overlay.setdefault(word, []).append(uid)

    def remove(self, uid: int, signature: bytes) -> None:
        """``uid``, which had ``signature``, is forgotten (removed, or about to be read
        again)."""
        if uid < self._size:
            self._stale.add(uid)
        overlay = self._overlay
        for word in signature_words(signature):
            posting = overlay.get(word)
            if posting is not None and uid in posting:
                posting.remove(uid)
                if not posting:
                    del overlay[word]

    def find(self, words: Iterable[int]) -> dict[int, list[int]]:
        """Word -> every uid whose signature has it, for each of ``words``."""
        found: dict[int, list[int]] = {}
        left_out: list[int] = []
        known, stale = self._words, self._stale
        for word in words:
            if word in self._left_out:
                left_out.append(word)
                continue
            at = bisect_left(known, word)
            uids: list[int] = []
            if at < len(known) and known[at] == word:
                packed = self._uids[self._starts[at + 1] : self._ends[at + 1]]
                uids = [uid for uid in packed if uid not in stale] if stale else packed.tolist()
            found[word] = uids + self._overlay.get(word, [])
        if left_out:
            found.update(scan_postings(range(len(self._signatures)), left_out, self._signatures))
        return found

    @property
    def nbytes(self) -> int:
        """Bytes held: the packed arrays, and about what the overlay and stale set take."""
        packed = len(self._words) * 8 + (len(self._starts) * 2 + len(self._uids)) * 4
        overlay = sum(64 + 8 * len(uids) for uids in self._overlay.values()) * 2
        return packed + overlay + 64 * len(self._stale) + 40 * len(self._left_out)
