"""A line of a body around its first hit, for the list's rows of a ``body:`` search."""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.data.body_documents import indexed_text
from tui_reader.data.body_index import BodyQuery, Snippet, Span
from tui_reader.data.sanitize import clean_line
from tui_reader.data.tokens import TokenSpan, folded_token_spans, folded_with_origin, token_at

SNIPPET_TOKENS = 14
_SNIPPET_SCAN_CHARACTERS = 64 * 1024
_SNIPPET_BEFORE, _SNIPPET_AFTER = 200, 600  # characters around the first hit


def file_snippet(path: str, queries: Sequence[BodyQuery]) -> Snippet | None:
    """A sanitised line around the first hit of ``queries`` in the file at ``path``
    (read again, as an opened article is), or None when it cannot be read."""
    text = indexed_text(path, via_link=True)
    return snippet(text, queries) if text else None


def snippet(text: str, queries: Sequence[BodyQuery], width: int = SNIPPET_TOKENS) -> Snippet:
    """The first place in ``text`` where one of ``queries`` matches, as one safe line.

    ``width`` tokens from a little before the first hit; the hits in that window are
    ``spans`` of the returned text. Without a hit, the start of the text.
    """
    head = text[:_SNIPPET_SCAN_CHARACTERS]
    folded, origin = folded_with_origin(head)
    # Tokenise only around the first hit (found by looking for its first word): a body
    # is thousands of tokens, a snippet a dozen.
    first = min(
        (at for query in queries if (at := _first_hit(folded, query)) is not None), default=0
    )
    tokens = _tokens_between(folded, max(0, first - _SNIPPET_BEFORE), first + _SNIPPET_AFTER)
    if not tokens:
        return Snippet("", ())
    hits: list[tuple[int, int]] = []  # [first, last) token indexes
    for query in queries:
        wanted = query.words()
        for at in range(len(tokens) - len(wanted) + 1) if wanted else ():
            if tokens[at].token.startswith(wanted[0]) and _matches_at(
                tokens, at, wanted, query.prefix
            ):
                hits.append((at, at + len(wanted)))
    hits.sort()
    first_token = max(0, hits[0][0] - width // 3) if hits else 0
    last_token = min(len(tokens), first_token + width)

    def original(token_start: int, token_end: int) -> tuple[int, int]:
        return origin[tokens[token_start].start], origin[tokens[token_end - 1].end - 1] + 1

    start, end = original(first_token, last_token)
    pieces: list[tuple[str, bool]] = []
    cursor = start
    for hit_first, hit_last in hits:
        hit_start, hit_end = original(hit_first, hit_last)
        if hit_first >= first_token and hit_last <= last_token and hit_start >= cursor:
            pieces += [(text[cursor:hit_start], False), (text[hit_start:hit_end], True)]
            cursor = hit_end
    pieces.append((text[cursor:end], False))
    line = "…" if start > 0 else ""
    spans: list[Span] = []
    for piece, is_hit in pieces:
        cleaned = _clean_piece(piece)
        if is_hit:
            spans.append((len(line), len(line) + len(cleaned)))
        line += cleaned
    if end < len(text):
        line += "…"
    return Snippet(line, tuple(spans))


def _first_hit(folded: str, query: BodyQuery) -> int | None:
    """Where the first match of ``query`` starts in ``folded``, if anywhere."""
    wanted = query.words()
    if not wanted:
        return None
    # Where the first word occurs and a token starts (a token whose apostrophe splits
    # the word in the text is missed: the snippet then shows the start of the text).
    at = folded.find(wanted[0])
    while at >= 0:
        span = token_at(folded, at)
        if span is not None:
            following = _tokens_between(folded, span.end, span.end + _SNIPPET_AFTER)
            if _matches_at([span, *following[: len(wanted) - 1]], 0, wanted, query.prefix):
                return at
        at = folded.find(wanted[0], at + 1)
    return None


def _tokens_between(folded: str, low: int, high: int) -> list[TokenSpan]:
    """The whole tokens of ``folded[low:high]``, with spans in ``folded``."""
    spans = [
        TokenSpan(token, start + low, end + low)
        for token, start, end in folded_token_spans(folded[low:high])
    ]
    if spans and low > 0 and spans[0].start == low and folded[low - 1].isalnum():
        spans.pop(0)  # cut at the start
    if spans and high < len(folded) and spans[-1].end == high and folded[high].isalnum():
        spans.pop()  # cut at the end
    return spans


def _clean_piece(piece: str) -> str:
    """``clean_line`` that keeps one space where the piece began or ended with space."""
    cleaned = clean_line(piece)
    if not cleaned:
        return " " if piece[:1].isspace() else ""
    lead = " " if piece[:1].isspace() else ""
    trail = " " if piece[-1:].isspace() else ""
    return lead + cleaned + trail


def _matches_at(tokens: Sequence[TokenSpan], at: int, wanted: list[str], prefix: bool) -> bool:
    last = len(wanted) - 1
    for offset, word in enumerate(wanted):
        token = tokens[at + offset][0]
        if token == word or (prefix and offset == last and token.startswith(word)):
            continue
        return False
    return True
