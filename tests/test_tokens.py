"""The tokeniser every word comparison shares (filter vocabulary, highlights, stories)."""

from __future__ import annotations

import random

import pytest

from tui_reader.data import sanitize
from tui_reader.data.tokens import (
    TokenSpan,
    fold,
    folded_token_spans,
    folded_tokens_starting,
    folded_with_origin,
    token_spans,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ring Quietly Changes How Police Ask",
            ["ring", "quietly", "changes", "how", "police", "ask"],
        ),
        ("Café Owners in Zürich", ["cafe", "owners", "in", "zurich"]),
        ("Die Straße der ﬁnanzen", ["die", "strasse", "der", "finanzen"]),
        ("Heat-Safety Complaint, 2021!", ["heat", "safety", "complaint", "2021"]),
        ("Amazon's Push", ["amazons", "push"]),
        ("O’Brien says", ["obrien", "says"]),
        (
            "'Dominated by Total Corporate Surveillance'",
            ["dominated", "by", "total", "corporate", "surveillance"],
        ),
        ("commondreams.org", ["commondreams", "org"]),
        ("snake_case", ["snake", "case"]),
        ("東京の天気 today", ["東京の天気", "today"]),
        ("", []),
        ("  -- ", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_spans_index_the_original_text() -> None:
    text = "Die Straße der ﬁnanzen in Zürich, O’Brien's"
    spans = token_spans(text)
    assert [s.token for s in spans] == words(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Die", "Straße", "der", "ﬁnanzen", "in", "Zürich", "O’Brien's",
    ]  # fmt: skip
    assert spans[1] == TokenSpan("strasse", 4, 10)


def test_folded_with_origin_lengths() -> None:
    folded, origin = folded_with_origin("Straße ﬁ É")
    assert folded == "strasse fi e"
    assert len(origin) == len(folded)
    assert origin[:7] == [0, 1, 2, 3, 4, 4, 5]


def test_long_hostile_input_is_linear() -> None:
    # Apostrophes and letters alternating, then a separator: no backtracking blow-up
    # (this would take minutes with a nested-quantifier pattern).
    text = "a'" * 50_000 + "!"
    assert words(text) == ["a" * 50_000]


def test_tokens_starting_finds_what_splitting_finds() -> None:
    """The search-based lookup highlighting uses agrees with splitting the whole text,
    apostrophes, underscores and the letter-like U+02BC included."""
    rng = random.Random(7)
    alphabet = "ab'’ _-.c1éʼ"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        folded, _origin = folded_with_origin(text)
        heads = tuple({"".join(rng.choice("abc1") for _ in range(rng.randint(1, 2))) for _ in "xy"})
        expected = [s for s in folded_token_spans(folded) if s.token.startswith(heads)]
        assert folded_tokens_starting(folded, heads) == expected, (text, heads)


def test_fold_by_character_is_the_sanitiser_fold() -> None:
    # Every BMP character (surrogates excepted), in runs, and mixed texts: the cached
    # per-character fold gives what sanitize.fold gives for the whole string.
    characters = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(characters), 64):
        text = "".join(characters[start : start + 64])
        assert fold(text) == sanitize.fold(text), start
    for text in ("Straße Zürich ﬁnanzen İstanbul ǰ ΐ Å", "e\u0301te\u0301", "ＡＢＣ①"):
        assert fold(text) == sanitize.fold(text)
