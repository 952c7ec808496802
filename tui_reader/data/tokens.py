"""Words of a text as the search sees them: Unicode words, case- and accent-folded.

One tokeniser for everything that compares words (the filter's vocabulary, highlight
spans, story detection), so that a word found in one place is found in the others.

- A token is a run of Unicode letters and digits (``str.isalnum`` characters); an
  apostrophe between two such runs joins them and is dropped, so "Amazon's" is
  ``amazons`` and "O’Brien" is ``obrien``. Everything else separates tokens: spaces,
  punctuation, hyphens ("heat-safety" is ``heat`` and ``safety``), underscores.
- Folding is :func:`tui_reader.data.sanitize.fold`: NFKD, combining marks dropped,
  ``casefold`` ("Zürich" is ``zurich``, "Straße" is ``strasse``, "ﬁ" is ``fi``).
- Scripts written without spaces (Chinese, Japanese, Thai) give one token per run of
  letters: prefixes of the run match, words inside it do not.

The pattern cannot backtrack: each repetition of the group starts with an apostrophe,
which the runs never contain, so every character is looked at a bounded number of times.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tui_reader.data.sanitize import fold

_APOSTROPHES = "'\u2019\u02bc"
_TOKEN = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHES))


class TokenSpan(NamedTuple):
    """A token and where it came from: ``text[start:end]`` of the original text."""

    token: str
    start: int
    end: int


def words(text: str) -> list[str]:
    """The folded tokens of ``text``, in order (repeats kept)."""
    found = _TOKEN.findall(fold(text))
    if not any(_has_apostrophe(token) for token in found):
        return found
    return [token.translate(_DROP_APOSTROPHES) for token in found]


def token_spans(text: str) -> list[TokenSpan]:
    """The folded tokens of ``text`` with their spans in ``text`` (not in the folded form)."""
    folded, origin = folded_with_origin(text)
    spans = []
    for match in _TOKEN.finditer(folded):
        token = match.group()
        if _has_apostrophe(token):
            token = token.translate(_DROP_APOSTROPHES)
        spans.append(TokenSpan(token, origin[match.start()], origin[match.end() - 1] + 1))
    return spans


def folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index it came from in ``text``.

    Folding can change lengths (NFKD splits "ﬁ" into "fi", casefold turns "ß" into "ss",
    accents are dropped), so spans found in the folded text are mapped back through this.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _has_apostrophe(token: str) -> bool:
    return "'" in token or "\u2019" in token or "\u02bc" in token


__all__ = ["TokenSpan", "folded_with_origin", "token_spans", "words"]
