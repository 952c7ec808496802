"""Lazy views of a query's result: the ranked uids and the highlight spans.

The list shows a window of rows; it asks for ``len()`` and the first rows before any
others. Both views therefore work from bitsets and do the per-article work only for
the rows that are actually requested.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from tui_reader.data.body_index import BodyQuery, Snippet
from tui_reader.data.body_snippets import file_snippet
from tui_reader.data.tokens import APOSTROPHES, folded_tokens_starting, folded_with_origin
from tui_reader.data.tokens import words as tokens
from tui_reader.query import bitset
from tui_reader.query.atoms import TextMode, WordTerm
from tui_reader.query.index import SearchIndex
from tui_reader.query.vocabulary import Vocabulary
from tui_reader.query.word_match import Tier, subsequence_end

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Highlight:
    """Matched character spans ``[start, end)`` in the title and the provider name."""

    title: tuple[Span, ...] = ()
    provider: tuple[Span, ...] = ()


_WINDOW = 4096
_WINDOW_MASK = (1 << _WINDOW) - 1


class RankedUids(Sequence[int]):
    """The uids of a result in display order, materialised group by group on demand.

    ``groups`` are disjoint bitsets of positions, best group first; inside a group the
    order is ascending position (newest first). With ``order``, there is one group and
    its members come in that order instead (a sort other than by date).
    """

    def __init__(
        self, index: SearchIndex, groups: list[int], order: list[int] | None = None
    ) -> None:
        self._index = index
        self._pending = [group for group in groups if group]
        self._order = order
        self._length = sum(group.bit_count() for group in self._pending)
        self._positions: list[int] = []
        self._rest = 0  # what is left of the group being read, shifted by _base
        self._base = 0

    def __len__(self) -> int:
        return self._length

    def _fill(self, needed: int) -> None:
        """Materialise positions until ``needed`` (or all) are known.

        A group is read ``_WINDOW`` positions at a time: the first screen of a result
        that matches half the feed costs one window, not the whole group.
        """
        while len(self._positions) < needed and (self._rest or self._pending):
            if self._order is not None:
                flags = bitset.to_flags(self._pending.pop(0), self._index.size)
                self._positions.extend(p for p in self._order if flags[p])
                continue
            if not self._rest:
                self._rest, self._base = self._pending.pop(0), 0
            window = self._rest & _WINDOW_MASK
            base = self._base
            self._positions.extend(base + p for p in bitset.positions(window, _WINDOW))
            self._rest >>= _WINDOW
            self._base += _WINDOW

    @overload
    def __getitem__(self, item: int) -> int: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> int | list[int]:
        uids = self._index.uids
        if isinstance(item, slice):
            start, stop, step = item.indices(self._length)
            self._fill(max(start, stop) if step > 0 else start + 1)
            return [uids[position] for position in self._positions[item]]
        if item < 0:
            item += self._length
        if not 0 <= item < self._length:
            raise IndexError(item)
        self._fill(item + 1)
        return uids[self._positions[item]]

    def __iter__(self) -> Iterator[int]:
        self._fill(self._length)
        uids = self._index.uids
        return (uids[position] for position in self._positions)

    def __repr__(self) -> str:
        return f"<RankedUids: {self._length} uids>"


class LazyHighlights(Mapping[int, Highlight]):
    """Highlight spans of matched uids, computed (and kept) when first asked for."""

    def __init__(self, index: SearchIndex, matched: int, words: tuple[WordTerm, ...]) -> None:
        self._index = index
        self._matched = matched
        self._words = words
        self._done: dict[int, Highlight] = {}
        self._providers: dict[str, tuple[Span, ...]] = {}  # names repeat from row to row

    def __getitem__(self, uid: int) -> Highlight:
        found = self._done.get(uid)
        if found is not None:
            return found
        position = self._index.position_of(uid)
        if position is None or not self._matched >> position & 1:
            raise KeyError(uid)
        article = self._index.articles[position]
        vocabulary = self._index.vocabulary
        name = article.provider.name
        provider = self._providers.get(name)
        if provider is None:
            provider = self._providers[name] = spans(name, self._words, vocabulary)
        found = Highlight(spans(article.title, self._words, vocabulary), provider)
        self._done[uid] = found
        return found

    def __iter__(self) -> Iterator[int]:
        uids = self._index.uids
        return (uids[p] for p in bitset.positions(self._matched, self._index.size))

    def __len__(self) -> int:
        return self._matched.bit_count()


class LazySnippets(Mapping[int, Snippet]):
    """For a ``body:`` query, the line of each matched article around its first hit.

    Cut from the file, read again when a row asks (the body index keeps no text).
    """

    def __init__(self, index: SearchIndex, matched: int, queries: tuple[BodyQuery, ...]) -> None:
        self._index = index
        self._matched = matched
        self._queries = queries
        self._done: dict[int, Snippet | None] = {}

    def __getitem__(self, uid: int) -> Snippet:
        if not self._queries:
            raise KeyError(uid)  # no body: term, no line to quote (and no file to read)
        if uid not in self._done:
            position = self._index.position_of(uid)
            if position is None or not self._matched >> position & 1:
                raise KeyError(uid)
            path = self._index.articles[position].path
            self._done[uid] = file_snippet(path, self._queries)
        found = self._done[uid]
        if found is None:
            raise KeyError(uid)
        return found

    def __iter__(self) -> Iterator[int]:
        uids = self._index.uids
        return (uids[p] for p in bitset.positions(self._matched, self._index.size))

    def __len__(self) -> int:
        return self._matched.bit_count() if self._queries else 0


def spans(
    original: str, words: tuple[WordTerm, ...], vocabulary: Vocabulary | None = None
) -> tuple[Span, ...]:
    """Where ``words`` match in ``original``, as spans of ``original``'s characters.

    Free words highlight the tokens they matched, as far as they matched: all of an
    exact or typo match (up to the word's length), a prefix as typed, an abbreviation up
    to its last letter. The raw-text operators highlight the substring they found.
    """
    if not words or not original:
        return ()
    folded, origin = folded_with_origin(original)
    found: list[Span] = []
    free = [token for word in words if word.mode is TextMode.FUZZY for token in tokens(word.text)]
    if free and vocabulary is not None:
        found += _token_spans(folded, [(t, vocabulary.matches(t)) for t in free], vocabulary)
    for word in words:
        text = word.text
        if word.mode is TextMode.PREFIX:
            if folded.startswith(text):
                found.append((0, len(text)))
        elif word.mode is TextMode.SUFFIX:
            if folded.endswith(text):
                found.append((len(folded) - len(text), len(folded)))
        elif word.mode is TextMode.EXACT:
            # Prefer an occurrence at a word start: it is what the ranking rewarded.
            at = (" " + folded).find(" " + text)
            if at < 0:
                at = folded.find(text)
            if at >= 0:
                found.append((at, at + len(text)))
    mapped = sorted((origin[start], origin[end - 1] + 1) for start, end in found if end > start)
    merged: list[Span] = []
    for start, end in mapped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _token_spans(
    folded: str, queried: list[tuple[str, Mapping[int, Tier]]], vocabulary: Vocabulary
) -> list[Span]:
    """Spans (in ``folded``) of the tokens that the query tokens matched."""
    found: list[Span] = []
    # A matched token starts with the word's first two characters (see word_match):
    # tokens that do not are skipped without a vocabulary lookup.
    heads = tuple(word[:2] for word, _matched in queried)
    for token, start, end in folded_tokens_starting(folded, heads):
        token_id = vocabulary.id_of(token)
        if token_id is None:
            continue
        longest = 0
        for word, matched in queried:
            tier = matched.get(token_id)
            if tier is None:
                continue
            if tier is Tier.EXACT:
                reach = len(token)
            elif tier is Tier.SUBSEQUENCE:
                reach = subsequence_end(word, token)
            else:
                reach = min(len(word), len(token))
            longest = max(longest, reach)
        if longest:
            found.append((start, _folded_end(folded, start, end, token, longest)))
    return found


def _folded_end(folded: str, start: int, end: int, token: str, reach: int) -> int:
    """Where the first ``reach`` characters of ``token`` end in ``folded[start:end]``
    (they differ by the apostrophes the tokeniser drops)."""
    if len(token) == end - start:
        return start + reach
    seen = 0
    for at in range(start, end):
        if folded[at] not in APOSTROPHES:
            seen += 1
            if seen == reach:
                return at + 1
    return end
