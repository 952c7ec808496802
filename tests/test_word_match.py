"""The match definition of a free word against a token (issue 11), rule by rule."""

from __future__ import annotations

import random

import pytest
from query_fixtures import article

from tui_reader.data.model import Provider
from tui_reader.query.vocabulary import Vocabulary
from tui_reader.query.word_match import Tier, rule_tier, tier_of, typo_budget


@pytest.mark.parametrize(
    ("word", "token", "tier"),
    [
        # 1. prefix, and the token itself
        ("amazon", "amazon", Tier.EXACT),
        ("ama", "amazon", Tier.PREFIX),
        ("a", "amazon", Tier.PREFIX),
        ("amazon", "amazonian", Tier.PREFIX),
        # 2. typos against a prefix of the token (its length ± the budget): 1 from 5
        # characters ...
        ("amazn", "amazon", Tier.TYPO),  # "amazn" against "amazo": one substitution
        ("amazom", "amazon", Tier.TYPO),
        ("amazno", "amazon", Tier.TYPO),  # transposition (Damerau)
        ("warehuose", "warehouse", Tier.TYPO),
        # ... and 2 from 9 ("surveilla" against "surveilan", then "surveilanc"...)
        ("surveilance", "surveillance", Tier.TYPO),
        ("amazons", "amazon", Tier.TYPO),  # longer than the token: compared with all of it
        ("comon", "common", Tier.TYPO),  # a letter left out: one edit from "common"
        ("commmon", "common", Tier.TYPO),  # a letter typed twice: one edit from "common"
        # 3. in-order subsequence with the same first letter, from 2 characters
        ("amzn", "amazon", Tier.SUBSEQUENCE),
        ("govt", "government", Tier.SUBSEQUENCE),
        ("gvt", "government", Tier.SUBSEQUENCE),  # the abbreviation: "gv" too
        ("az", "amazon", Tier.SUBSEQUENCE),
    ],
)
def test_each_rule(word: str, token: str, tier: Tier) -> None:
    assert tier_of(word, token) is tier


@pytest.mark.parametrize(
    ("word", "token"),
    [
        ("rin", "bring"),  # a prefix of the token, not a substring of it
        ("amaz", "amxzon"),  # 4 characters: no typo allowed
        ("amxzon", "amazon"),  # 6 characters, but "amx" already failed at 3
        ("xmazon", "amazon"),  # the first letter is never a typo
        ("mzn", "amazon"),  # a subsequence must start with the token's first letter
        ("a", "bamazon"),  # one character: a prefix only
        ("surveilanxe", "xsurveillance"),  # the first letter is never a typo
        # A typo within the first four characters is not forgiven: four characters allow
        # none, and the longer word may not match what its prefix did not.
        ("amaxon", "amazon"),
        ("amzaon", "amazon"),
    ],
)
def test_what_does_not_match(word: str, token: str) -> None:
    assert tier_of(word, token) is None


def test_typo_budget_thresholds() -> None:
    assert [typo_budget(n) for n in range(1, 12)] == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]


def test_shorter_prefix_must_match_too() -> None:
    # On its own, 5 characters allow one typo against "ringo"[:5]...
    assert rule_tier("rxngo", "ringo") is Tier.TYPO
    # ...but "rxng" (4 characters, no typo) did not match, so typing the 5th cannot add it.
    assert tier_of("rxng", "ringo") is None
    assert tier_of("rxngo", "ringo") is None


def test_tiers_rank_exact_prefix_typo_subsequence() -> None:
    assert Tier.EXACT > Tier.PREFIX > Tier.TYPO > Tier.SUBSEQUENCE


def _random_tokens(rng: random.Random, count: int) -> list[str]:
    letters = "aeiou" + "rstnlmc"
    return sorted(
        {"".join(rng.choice(letters) for _ in range(rng.randint(1, 11))) for _ in range(count)}
    )


def test_vocabulary_matches_are_the_definition_for_every_token() -> None:
    """The vocabulary's incremental evaluation (from the shorter word's matches) gives
    exactly what ``tier_of`` gives token by token."""
    rng = random.Random(11)
    tokens = _random_tokens(rng, 1500)
    articles = [article(f"k{i}", " ".join(tokens[i::300]), Provider()) for i in range(300)]
    vocabulary = Vocabulary(articles)
    assert vocabulary.tokens == tokens
    for _ in range(300):
        base = rng.choice(tokens)
        word = "".join(
            rng.choice("aeiourstnlmc") if rng.random() < 0.15 else char for char in base
        )[: rng.randint(1, 12)]
        expected = {
            at: tier
            for at, token in enumerate(tokens)
            if (tier := tier_of(word, token)) is not None
        }
        assert vocabulary.matches(word) == expected, word
