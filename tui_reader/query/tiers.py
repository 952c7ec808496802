"""Scores as tiers: a bitset of articles per score, instead of a score per article.

A score is a sum over the query's words: the tier of each word's best match (exact,
prefix, typo, subsequence) outweighs everything else, then words found next to each
other in query order, then the field (title 2, provider/domain/author 1, topic 0).
Meilisearch ranks in the same order (typo, proximity, attribute). Every term that does
not rank (a field, a negation) is the one tier 0.
"""

from __future__ import annotations

from tui_reader.query.word_match import Tier

TIER_WEIGHT = 10_000
ADJACENT = 100

Tiers = dict[int, int]  # score -> bitset of positions with that score


def tier_score(tier: Tier) -> int:
    """The score of a word matched at ``tier``."""
    return int(tier) * TIER_WEIGHT


def union(tiers: Tiers) -> int:
    """Every article of ``tiers``, whatever its score."""
    found = 0
    for bits in tiers.values():
        found |= bits
    return found


def intersect(left: Tiers, right: Tiers) -> Tiers:
    """Both clauses hold: intersect the sets and add the scores."""
    result: Tiers = {}
    for left_score, left_bits in left.items():
        for right_score, right_bits in right.items():
            bits = left_bits & right_bits
            if bits:
                score = left_score + right_score
                result[score] = result.get(score, 0) | bits
    return result


def best_of(alternatives: list[Tiers]) -> Tiers:
    """Any alternative holds: each article at the best score any of them gives it."""
    if len(alternatives) == 1:
        return alternatives[0]
    result: Tiers = {}
    assigned = 0
    for score in sorted({s for tiers in alternatives for s in tiers}, reverse=True):
        bits = 0
        for tiers in alternatives:
            bits |= tiers.get(score, 0)
        bits &= ~assigned
        if bits:
            result[score] = bits
            assigned |= bits
    return result


def bonus(tiers: Tiers, rewarded: int) -> Tiers:
    """Move the ``rewarded`` articles of every tier up by ``ADJACENT``."""
    if not rewarded:
        return tiers
    result: Tiers = {}
    for score, bits in tiers.items():
        up = bits & rewarded
        stay = bits & ~rewarded
        if stay:
            result[score] = result.get(score, 0) | stay
        if up:
            result[score + ADJACENT] = result.get(score + ADJACENT, 0) | up
    return result
