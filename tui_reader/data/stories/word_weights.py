"""How much a shared word says that two reports are one story: IDF over the signatures.

A word's weight is ln((N + 1) / n) squared, n the articles whose signature has it, N all
of them; a word in more than ``StoryParams.common_cap`` articles says nothing about
which event an article reports and weighs nothing, and a word of one article only can
link nothing. The cosine of two articles is the sum of the weights of the words they
share over the product of their norms (binary vectors). The counts follow every update,
so the weights drift a little between full builds; the norms of articles not placed
again are computed when first needed.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable

from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import signature_words
from tui_reader.data.stories.story_params import StoryParams

UNKNOWN = -1.0
"""A norm not computed yet."""

CountOf = Callable[[int, int], int]
"""How many articles use a word: ``get(word, default)`` of a Counter or a PackedMap."""
Matchable = Callable[[int], list[tuple[int, float]]]
"""A uid's words that can link it (used by two articles or more, not too common), each
with its weight."""


def weights_by_count(total: int, cap: int) -> list[float]:
    """IDF squared by the number of articles using a word (0: too common to count)."""
    return [0.0] + [math.log((total + 1) / count) ** 2 for count in range(1, cap + 1)]


def norm(signature: bytes, count_of: CountOf, weights: list[float], cap: int) -> float:
    """The length of a signature's vector under ``weights``."""
    total = 0.0
    for word in signature_words(signature):
        count = count_of(word, 0)
        if 1 <= count <= cap:
            total += weights[count]
    return math.sqrt(total)


class WordWeights:
    """The articles' signatures (by uid), how many articles use each word, and each
    article's norm: what every comparison of two articles reads."""

    def __init__(self, params: StoryParams) -> None:
        self.params = params
        self.signatures: list[bytes | None] = []
        self.norms = array("d")
        self.counts = PackedMap()
        """Word hash -> how many articles use it."""
        self.total = 0
        """How many articles the counts are of."""
        self._table: tuple[int, int, list[float]] = (-1, 0, [])
        """The last :meth:`table`, with the total it is of."""

    def grow(self, size: int) -> None:
        """Room for the uids below ``size``."""
        missing = size - len(self.signatures)
        if missing > 0:
            self.norms.extend([UNKNOWN] * missing)
            self.signatures.extend([None] * missing)

    def table(self) -> tuple[int, list[float]]:
        """The most articles a word may be in and still count, and the weights by count
        (the same list until the total changes: each norm computed when first needed
        reads it, and computing it takes ``cap`` logarithms)."""
        total, cap, weights = self._table
        if total != self.total:
            cap = self.params.common_cap(self.total)
            weights = weights_by_count(self.total, cap)
            self._table = (self.total, cap, weights)
        return cap, weights

    def count_in(self, signature: bytes) -> None:
        """An article with ``signature`` joins the counts."""
        self.total += 1
        for word in signature_words(signature):
            self.counts.add(word, 1)

    def forget(self, uid: int) -> None:
        """``uid`` leaves the counts, and its signature is dropped."""
        signature = self.signatures[uid]
        if signature is not None:
            for word in signature_words(signature):
                self.counts.add(word, -1)
            self.total -= 1
        self.signatures[uid] = None

    def matchable(self, count_of: CountOf, cap: int, weights: list[float]) -> Matchable:
        """A uid's words that can link it, under these counts and weights."""
        signatures = self.signatures

        def matchable(uid: int) -> list[tuple[int, float]]:
            found = []
            for word in signature_words(signatures[uid] or b""):
                count = count_of(word, 0)
                if 2 <= count <= cap:
                    found.append((word, weights[count]))
            return found

        return matchable

    def place(self, uids: Iterable[int]) -> dict[int, list[tuple[int, float]]]:
        """The words that can link each of ``uids`` (about to be placed again), whose
        norms are computed anew, under the counts as they are now."""
        cap, weights = self.table()
        count_of = self.counts.get
        matchable = self.matchable(count_of, cap, weights)
        found: dict[int, list[tuple[int, float]]] = {}
        for uid in uids:
            found[uid] = matchable(uid)
            self.set_norm(uid, count_of, weights, cap)
        return found

    def set_norm(self, uid: int, count_of: CountOf, weights: list[float], cap: int) -> None:
        """Compute the norm of ``uid`` now (it is being placed)."""
        self.norms[uid] = norm(self.signatures[uid] or b"", count_of, weights, cap)

    def norm_of(self, uid: int) -> float:
        """The norm of an article's signature, computed when first needed after a
        restore (the word counts have changed little since it was cached)."""
        value = self.norms[uid]
        if value == UNKNOWN:
            cap, weights = self.table()
            value = norm(self.signatures[uid] or b"", self.counts.get, weights, cap)
            self.norms[uid] = value
        return value

    def similarity(self, uid: int, other: int) -> float:
        """The weighted cosine of two articles' signatures (0 when either has none)."""
        first = self.signatures[uid] or b""
        second = self.signatures[other] or b""
        shared = set(signature_words(first)).intersection(signature_words(second))
        if not shared or not self.norm_of(uid) or not self.norm_of(other):
            return 0.0
        cap, weights = self.table()
        dot = 0.0
        for word in shared:
            count = self.counts.get(word)
            if 2 <= count <= cap:
                dot += weights[count]
        return dot / (self.norm_of(uid) * self.norm_of(other))

    @property
    def nbytes(self) -> int:
        """Bytes kept (the signatures are the articles': only their pointers count)."""
        return len(self.norms) * 8 + 8 * len(self.signatures) + self.counts.nbytes
