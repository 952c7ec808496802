"""Words of a text as the search sees them: Unicode words, case- and accent-folded.

One tokeniser for everything that compares words (the filter's vocabulary, highlight
spans, story detection), so that a word found in one place is found in the others.

- A token is a run of Unicode letters and digits (``str.isalnum`` characters); an
  apostrophe between two such runs joins them and is dropped, so "Amazon's" is
  ``amazons`` and "O’Brien" is ``obrien`` (``word_forms`` also gives the parts, for
  indexes). Everything else separates tokens: spaces, punctuation, hyphens
  ("heat-safety" is ``heat`` and ``safety``), underscores.
- Folding is :func:`tui_reader.data.sanitize.fold`: NFKD, combining marks dropped,
  ``casefold`` ("Zürich" is ``zurich``, "Straße" is ``strasse``, "ﬁ" is ``fi``);
  :func:`fold` here gives the same, a character at a time through a cache.
  (U+02BC, the modifier-letter apostrophe of "Hawaiʼi", is a letter to Unicode and
  stays in the token.)
- Scripts written without spaces (Chinese, Japanese, Thai) give one token per run of
  letters: prefixes of the run match, words inside it do not.

The pattern cannot backtrack: each repetition of the group starts with an apostrophe,
which the runs never contain, so every character is looked at a bounded number of times.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tui_reader.data import sanitize

APOSTROPHES = "'\u2019"
"""Apostrophes that join the letters around them into one token (and are dropped)."""
_TOKEN = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES))
_APOSTROPHE_SPLIT = re.compile(f"[{APOSTROPHES}]")


class TokenSpan(NamedTuple):
    """A token and where it came from: ``text[start:end]`` of the original text."""

    token: str
    start: int
    end: int


def fold(text: str) -> str:
    """``sanitize.fold(text)``, computed a character at a time through a cache.

    The same result (each step of folding works character by character: NFKD
    decomposes each one, combining marks are dropped, ``casefold`` maps each one), three
    times faster for non-ASCII text, which is what building an index at 100,000 titles
    spends most of its time on otherwise.
    """
    if text.isascii():
        return text.lower()
    return "".join(map(_FOLDED_CHARACTERS.__getitem__, text))


def words(text: str, *, folded: bool = False) -> list[str]:
    """The folded tokens of ``text``, in order (repeats kept); ``folded``: ``text`` is
    folded already."""
    if not folded:
        text = fold(text)
    found = _TOKEN.findall(text)
    if not _has_apostrophe(text):
        return found
    return [
        token.translate(_DROP_APOSTROPHES) if _has_apostrophe(token) else token for token in found
    ]


def apostrophe_parts(folded: str) -> list[tuple[int, tuple[str, ...]]]:
    """For the tokens of folded text that apostrophes joined, their place and parts:
    "amazon's push" gives ``[(0, ("amazon", "s"))]`` (see ``word_forms``)."""
    if not _has_apostrophe(folded):
        return []
    return [
        (place, tuple(_APOSTROPHE_SPLIT.split(token)))
        for place, token in enumerate(_TOKEN.findall(folded))
        if _has_apostrophe(token)
    ]


def word_forms(text: str, *, folded: bool = False) -> list[tuple[str, ...]]:
    """The tokens of ``text`` as ``words`` gives them, each with the parts its
    apostrophes joined: "Amazon's" is ``("amazons", "amazon", "s")``, "l'été"
    ``("lete", "l", "ete")``. An index holds every form at the token's place, so that
    ``amazon`` finds "Amazon's" as a whole word and ``obrien`` still finds "O'Brien".

    ``folded``: ``text`` is folded already."""
    if not folded:
        text = fold(text)
    forms: list[tuple[str, ...]] = [(token,) for token in words(text, folded=True)]
    for place, parts in apostrophe_parts(text):
        forms[place] += parts
    return forms


def token_spans(text: str) -> list[TokenSpan]:
    """The folded tokens of ``text`` with their spans in ``text`` (not in the folded form)."""
    folded, origin = folded_with_origin(text)
    return [
        TokenSpan(token, origin[start], origin[end - 1] + 1)
        for token, start, end in folded_token_spans(folded)
    ]


def folded_token_spans(folded: str) -> list[TokenSpan]:
    """The tokens of already folded text, with their spans in that folded text."""
    spans = []
    for match in _TOKEN.finditer(folded):
        token = match.group()
        if _has_apostrophe(token):
            token = token.translate(_DROP_APOSTROPHES)
        spans.append(TokenSpan(token, *match.span()))
    return spans


def folded_tokens_starting(folded: str, heads: tuple[str, ...]) -> list[TokenSpan]:
    """The tokens of folded text that start with one of ``heads``, by position.

    Found by looking for the heads rather than by splitting the whole text: what
    highlighting needs for a row, where few tokens start like the query's words.
    """
    if not all(heads):
        return folded_token_spans(folded)
    found: dict[int, TokenSpan] = {}
    # By first character: an apostrophe may come between a token's first two.
    for first in {head[0] for head in heads}:
        at = folded.find(first)
        while at >= 0:
            span = token_at(folded, at)
            if span is not None and span.token.startswith(heads):
                found[at] = span
            at = folded.find(first, at + 1)
    return [found[at] for at in sorted(found)]


def token_at(folded: str, at: int) -> TokenSpan | None:
    """The token of folded text that starts at ``at``, if one does."""
    if not _starts_token(folded, at):
        return None
    match = _TOKEN.match(folded, at)
    if match is None:
        return None
    token = match.group()
    if _has_apostrophe(token):
        token = token.translate(_DROP_APOSTROPHES)
    return TokenSpan(token, at, match.end())


def _starts_token(text: str, at: int) -> bool:
    """Whether a token starts at ``text[at]`` (not inside a word, nor after a joining
    apostrophe)."""
    if at == 0:
        return True
    before = text[at - 1]
    if _is_word_character(before):
        return False
    return not (before in APOSTROPHES and at >= 2 and _is_word_character(text[at - 2]))


def _is_word_character(char: str) -> bool:
    return char.isalnum() and char != "_"


def folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index it came from in ``text``.

    Folding can change lengths (NFKD splits "ﬁ" into "fi", casefold turns "ß" into "ss",
    accents are dropped), so spans found in the folded text are mapped back through this.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces = list(map(_FOLDED_CHARACTERS.__getitem__, text))
    folded = "".join(pieces)
    if len(folded) == len(text) and all(map((1).__eq__, map(len, pieces))):
        return folded, list(range(len(text)))
    origin: list[int] = []
    for index, piece in enumerate(pieces):
        origin.extend([index] * len(piece))
    return folded, origin


class _FoldedCharacters(dict[str, str]):
    """``fold`` of one character, remembered: a title's few distinct characters are
    folded once, not once per title."""

    def __missing__(self, char: str) -> str:
        if len(self) >= _FOLDED_CHARACTERS_KEPT:
            self.clear()  # a hostile text of every code point does not grow it forever
        folded = self[char] = sanitize.fold(char)
        return folded


_FOLDED_CHARACTERS_KEPT = 8192


_FOLDED_CHARACTERS = _FoldedCharacters()


def _has_apostrophe(text: str) -> bool:
    return "'" in text or "\u2019" in text  # APOSTROPHES, inlined


__all__ = [
    "APOSTROPHES",
    "TokenSpan",
    "apostrophe_parts",
    "fold",
    "folded_token_spans",
    "folded_tokens_starting",
    "folded_with_origin",
    "token_at",
    "token_spans",
    "word_forms",
    "words",
]
