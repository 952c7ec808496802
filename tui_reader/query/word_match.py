"""When a query word matches a token: the match definition of issue 11, in one place.

A (folded) query word matches a (folded) token when

1. the token starts with the word (**prefix**; the token itself: **exact**), or
2. the word is within a Damerau–Levenshtein distance of a prefix of the token whose
   length differs from the word's by at most that distance (**typo**): 1 for words of
   5–8 characters, 2 for 9 or more, none below 5 (so ``commmon`` finds "common": a
   letter typed twice is one edit from a prefix one shorter), or
3. the word is an in-order subsequence of the token and starts with the same letter
   (**subsequence**: abbreviations such as ``amzn`` for ``amazon``), for words of 2+
   characters (2, not 3: ``gvt`` can only find "government" if ``gv`` does),

**and** the word without its last character matches the token too. That last
condition is what makes typing more never widen a result: on their own the
thresholds (3, 5, 9 characters) would let a longer word match tokens a shorter one
did not. Applied at each length, it means that a token matches only if every prefix
of the word does; in particular the first two characters are always typed right
(below 3 characters only rule 1 applies).

:func:`tier_of` is the definition for one token (tests pin it); :func:`refine` is the
same thing over many tokens at once, from the matches of the word one character
shorter, which is how the vocabulary evaluates a keystroke.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum

from rapidfuzz.distance import DamerauLevenshtein, LCSseq

SUBSEQUENCE_FROM = 2
"""Words this long or longer may match as an in-order subsequence."""
ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9


class Tier(IntEnum):
    """How well a word matches a token; higher is better (and ranks first)."""

    SUBSEQUENCE = 0
    TYPO = 1
    PREFIX = 2
    EXACT = 3


def typo_budget(length: int) -> int:
    """The edits a word of ``length`` characters may differ by (Meilisearch's defaults)."""
    if length >= TWO_TYPOS_FROM:
        return 2
    if length >= ONE_TYPO_FROM:
        return 1
    return 0


def rule_tier(word: str, token: str) -> Tier | None:
    """The best of rules 1–3 for ``word`` against ``token``, at this length only."""
    if token.startswith(word):
        return Tier.EXACT if len(token) == len(word) else Tier.PREFIX
    if _near_a_prefix(word, token, typo_budget(len(word))):
        return Tier.TYPO
    if _is_subsequence(word, token):
        return Tier.SUBSEQUENCE
    return None


def tier_of(word: str, token: str) -> Tier | None:
    """How ``word`` matches ``token`` under the whole definition, or None."""
    if not word:
        return None
    tier = rule_tier(word, token)
    if tier is None:
        return None
    for length in range(len(word) - 1, 0, -1):
        if rule_tier(word[:length], token) is None:
            return None
    return tier


def refine(
    word: str,
    shorter: Mapping[int, Tier],
    tokens: Sequence[str],
    prefixed: range,
) -> dict[int, Tier]:
    """The matches of ``word`` among the tokens matching ``word[:-1]`` (``shorter``).

    ``tokens`` is the sorted vocabulary and ``prefixed`` the ids of the tokens that
    start with ``word`` (a range, since the vocabulary is sorted).
    """
    found: dict[int, Tier] = {}
    length = len(word)
    budget = typo_budget(length)
    subsequence = length >= SUBSEQUENCE_FROM
    first = word[0]
    similarity = LCSseq.similarity
    for token_id in shorter:
        token = tokens[token_id]
        if token_id in prefixed:
            found[token_id] = Tier.EXACT if len(token) == length else Tier.PREFIX
        elif budget and _near_a_prefix(word, token, budget):
            found[token_id] = Tier.TYPO
        elif subsequence and token[0] == first and similarity(word, token) == length:
            found[token_id] = Tier.SUBSEQUENCE
    return found


def _near_a_prefix(word: str, token: str, budget: int) -> bool:
    """Whether ``word`` is within ``budget`` edits of a prefix of ``token`` (one of the
    lengths ``len(word) ± budget``: a letter left out or typed twice moves the rest)."""
    if not budget:
        return False
    distance = DamerauLevenshtein.distance
    length = len(word)
    return any(
        distance(word, token[:cut], score_cutoff=budget) <= budget
        for cut in range(max(1, length - budget), length + budget + 1)
    )


def _is_subsequence(word: str, token: str) -> bool:
    return (
        len(word) >= SUBSEQUENCE_FROM
        and token[:1] == word[:1]
        and LCSseq.similarity(word, token) == len(word)
    )


def subsequence_end(word: str, token: str) -> int:
    """Where the leftmost in-order match of ``word`` in ``token`` ends (for highlights)."""
    at = 0
    for char in word:
        at = token.find(char, at)
        if at < 0:
            return len(token)
        at += 1
    return at


__all__ = [
    "ONE_TYPO_FROM",
    "SUBSEQUENCE_FROM",
    "TWO_TYPOS_FROM",
    "Tier",
    "refine",
    "rule_tier",
    "subsequence_end",
    "tier_of",
    "typo_budget",
]
