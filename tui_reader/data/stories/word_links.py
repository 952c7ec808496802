"""Linking articles by their words: candidates through an inverted index, never pairs.

Each article is compared only with the articles that share a word with it that can link
(see :mod:`.word_weights`), found through postings (word -> uids): the dot product is
summed posting by posting, and a pair is linked when the cosine reaches the threshold.
Three walks, one for each way the builder meets articles: a full build's dated articles
in date order with the postings of the last days only, its undated ones against every
article, and an update's pending articles against the postings it found for their words
(of the days around them, or of the whole feed for one with no date).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping

from tui_reader.data.stories.signature import NO_DAY
from tui_reader.data.stories.word_weights import UNKNOWN, Matchable, WordWeights

Link = Callable[[int, int], None]
"""Joins the stories of two uids."""


def link_dated(
    uids: list[int],
    days: array[int],
    norms: array[float],
    matchable: Matchable,
    window: int,
    threshold: float,
    link: Link,
) -> None:
    """Link dated articles, in date order, with those of the ``window`` days just before."""
    uids.sort(key=days.__getitem__)
    postings: dict[int, list[int]] = {}
    oldest = 0
    for uid in uids:
        day = days[uid]
        while days[uids[oldest]] < day - window:
            for word, _ in matchable(uids[oldest]):
                leaving = postings[word]
                del leaving[0]  # articles enter and leave in the same order
                if not leaving:
                    del postings[word]
            oldest += 1
        scores: dict[int, float] = {}
        get = scores.get
        for word, weight in matchable(uid):
            posting = postings.get(word)
            if posting is None:
                postings[word] = [uid]
                continue
            for other in posting:
                scores[other] = get(other, 0.0) + weight
            posting.append(uid)
        _link_alike(uid, scores, norms, threshold, link)


def link_undated(
    undated: Iterable[int],
    uids: Iterable[int],
    norms: array[float],
    matchable: Matchable,
    threshold: float,
    link: Link,
) -> None:
    """Link each article with no date to any article of ``uids`` it is like, whatever
    its day."""
    wanted: dict[int, list[int]] = {}
    for uid in undated:
        for word, _ in matchable(uid):
            wanted.setdefault(word, [])
    for uid in uids:
        for word, _ in matchable(uid):
            posting = wanted.get(word)
            if posting is not None:
                posting.append(uid)
    for uid in undated:
        scores: dict[int, float] = {}
        get = scores.get
        for word, weight in matchable(uid):
            for other in wanted[word]:
                if other != uid:
                    scores[other] = get(other, 0.0) + weight
        _link_alike(uid, scores, norms, threshold, link)


def link_pending(
    found: Mapping[int, list[tuple[int, float]]],
    postings: Mapping[int, list[int]],
    days: array[int],
    words: WordWeights,
    window: int,
    threshold: float,
    link: Link,
) -> None:
    """Link each pending article (``found``: uid -> the words that can link it, see
    :meth:`WordWeights.place`) with what it is like among the uids of ``postings`` (word
    -> uids having it) within ``window`` days of it (any day, when either has no date).

    The norms of the others not known yet (after a restore) are computed only for those
    that share enough to link: the words a pair shares are among the other's, so a norm
    computed now is at least the square root of their dot product, and a cosine of
    ``threshold`` needs ``dot >= bar * norm``, hence ``dot >= bar ** 2``. (Most of the
    articles sharing a word with an undated one share one common-ish word, and their
    norms would cost ~20 µs each.)"""
    norms, norm_of = words.norms, words.norm_of
    for uid, matched in found.items():
        day = days[uid]
        scores: dict[int, float] = {}
        get = scores.get
        for word, weight in matched:
            for other in postings[word]:
                other_day = days[other]
                if other != uid and (
                    day == NO_DAY or other_day == NO_DAY or abs(other_day - day) <= window
                ):
                    scores[other] = get(other, 0.0) + weight
        bar = threshold * norm_of(uid)
        least = bar * bar * _ROUNDING
        for other, dot in scores.items():
            norm = norms[other]
            if norm == UNKNOWN:
                if dot < least:
                    continue
                norm = norm_of(other)
            if dot >= bar * norm:
                link(uid, other)


_ROUNDING = 1 - 1e-9
"""A norm computed now cannot be below ``sqrt(dot)`` by more than float rounding."""


def _link_alike(
    uid: int, scores: dict[int, float], norms: array[float], threshold: float, link: Link
) -> None:
    """Link ``uid`` with every article whose dot product with it (``scores``) makes a
    cosine of ``threshold`` or more."""
    bar = threshold * norms[uid]
    for other, dot in scores.items():
        if dot >= bar * norms[other]:
            link(uid, other)
