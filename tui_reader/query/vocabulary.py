"""The vocabulary of a store: its distinct tokens per field, with postings by position.

Free words are matched against tokens, not against articles (see ``word_match``): a
keystroke costs work in the number of distinct tokens that start like the word, then
in the postings of the tokens that matched, never a pass over every article.

Positions are the date-order positions of ``SearchIndex`` (0 = newest). A posting is a
bitset (a Python int, see ``bitset``) when the token is frequent and an ``array`` of
positions when it is rare: a 100,000-bit int takes 12.5 kB whatever it holds, an array
4 bytes a position, and ORing bitsets costs about a microsecond where scattering a
position costs ~25 ns. The cut is where both take the same memory.

Titles keep, for every token, its (position, slot) entries (``position << SLOT_BITS |
slot``, slot = the token's index in the title) so that "these two words are adjacent"
is a set intersection. Provider names, domains, authors and topics repeat across
articles: they are kept per distinct value (its tokens and its articles), which makes
adjacency there a look at a few hundred short values.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import pairwise, repeat

from tui_reader.data.model import Article
from tui_reader.data.tokens import apostrophe_parts, fold, word_forms, words
from tui_reader.query import bitset
from tui_reader.query.word_match import Tier, refine

SLOT_BITS = 6
LAST_SLOT = (1 << SLOT_BITS) - 2
"""Tokens past this slot share it; the slot above stays empty, so +1 never reaches the
next article's first slot."""
_MATCH_CACHE_SIZE = 2048
PREPARED_CHARACTERS = 64
_LEVEL_CACHE_SIZE = 64
ADJACENCY_BUDGET = 50_000
"""Above this many title entries per word, adjacency is not ranked: a word that common
(one or two letters) says little by being next to another, and the set would cost
milliseconds to build."""


class TokenField(Enum):
    """Where a token was found; ``rank`` orders the fields (title first)."""

    TITLE = ("title", 2)
    PROVIDER = ("provider", 1)
    DOMAIN = ("domain", 1)
    AUTHOR = ("author", 1)
    TOPIC = ("topic", 0)

    @property
    def rank(self) -> int:
        return self.value[1]


def authors_of(article: Article) -> tuple[str, ...]:
    """Who wrote ``article``. The model has no authors yet: the provider name stands in
    (the loader already falls back from the provider to the author for it)."""
    return (article.provider.name,) if article.provider.name else ()


VALUE_FIELDS: dict[TokenField, Callable[[Article], Iterable[str]]] = {
    TokenField.PROVIDER: lambda a: (a.provider.name,),
    TokenField.DOMAIN: lambda a: (a.provider.domain,),
    TokenField.AUTHOR: authors_of,
    TokenField.TOPIC: lambda a: a.topics,
}

Posting = int | array  # type: ignore[type-arg]
Hits = dict[tuple[Tier, int], int]
"""(tier, field rank) -> the articles whose best match of a word is that, disjoint."""


@dataclass(slots=True)
class _ValueField:
    """One field whose values repeat across articles (provider, domain, author, topic)."""

    tokens: list[tuple[tuple[int, ...], ...]] = field(default_factory=list)
    """Per value, per token place: the ids of the forms found there (see word_forms)."""
    postings: list[Posting] = field(default_factory=list)
    by_token: dict[int, list[int]] = field(default_factory=dict)


def positions_by_value(
    articles: Sequence[Article], values_of: Callable[[Article], Iterable[str]]
) -> dict[str, array[int]]:
    """Each distinct (non-empty) value ``values_of`` gives, and the positions of the
    articles that have it, ascending."""
    grouped: dict[str, array[int]] = {}
    for position, article in enumerate(articles):
        for value in values_of(article):
            if value:
                found = grouped.get(value)
                if found is None:
                    found = grouped[value] = array("i")
                found.append(position)
    return grouped


class Vocabulary:
    """Distinct folded tokens of titles and repeated fields, with their postings."""

    def __init__(self, articles: Sequence[Article], titles: Sequence[str] | None = None) -> None:
        """``titles``: the articles' titles folded already (by ``tokens.fold``), if at hand."""
        size = self.size = len(articles)
        self._dense_from = max(1, size // 32)
        title_entries: dict[str, array] = {}  # type: ignore[type-arg]
        # The loop of the build (a million title tokens at 100,000 articles): kept tight.
        get = title_entries.get
        for position, title in enumerate(titles or [fold(a.title) for a in articles]):
            base = position << SLOT_BITS
            for slot, token in enumerate(words(title, folded=True)):
                entries = get(token)
                if entries is None:
                    entries = title_entries[token] = array("i")
                entries.append(base | (slot if slot < LAST_SLOT else LAST_SLOT))
            for slot, parts in apostrophe_parts(title):
                for token in parts:
                    entries = get(token)
                    if entries is None:
                        entries = title_entries[token] = array("i")
                    entries.append(base | (slot if slot < LAST_SLOT else LAST_SLOT))
        raw_values: dict[TokenField, dict[str, array]] = {}  # type: ignore[type-arg]
        value_tokens: dict[str, list[tuple[str, ...]]] = {}
        for name, getter in VALUE_FIELDS.items():
            groups = positions_by_value(articles, getter)
            raw_values[name] = groups
            for value in groups:
                if value not in value_tokens:
                    value_tokens[value] = word_forms(value)
        distinct = set(title_entries)
        for value_slots in value_tokens.values():
            for token_forms in value_slots:
                distinct.update(token_forms)
        self.tokens: list[str] = sorted(distinct)
        ids = {token: token_id for token_id, token in enumerate(self.tokens)}
        self._title: list[array | None] = [None] * len(self.tokens)  # type: ignore[type-arg]
        self._title_bits: dict[int, int] = {}
        for token, entries in title_entries.items():
            token_id = ids[token]
            self._title[token_id] = entries
            if len(entries) >= self._dense_from:
                self._title_bits[token_id] = bitset.union((), (entries,), size, SLOT_BITS)
        self._values: dict[TokenField, _ValueField] = {}
        for name, groups in raw_values.items():
            values = self._values[name] = _ValueField()
            for value, positions in groups.items():
                value_forms = value_tokens[value]
                index = len(values.tokens)
                values.tokens.append(tuple(tuple(ids[t] for t in slot) for slot in value_forms))
                values.postings.append(self._posting(positions))
                for token_id in dict.fromkeys(ids[t] for slot in value_forms for t in slot):
                    values.by_token.setdefault(token_id, []).append(index)
        self._matches: dict[str, dict[int, Tier]] = {}
        self._hits: dict[str, Hits] = {}
        self._kept: dict[str, Hits] = {}

    def _posting(self, positions: array) -> Posting:  # type: ignore[type-arg]
        if len(positions) >= self._dense_from:
            return bitset.union((), (positions,), self.size)
        return positions

    # -- tokens -----------------------------------------------------------------------

    def prefixed(self, word: str) -> range:
        """Ids of the tokens starting with ``word`` (the vocabulary is sorted)."""
        low = bisect_left(self.tokens, word)
        return range(low, bisect_left(self.tokens, word + "\U0010ffff", low))

    def id_of(self, token: str) -> int | None:
        """The id of ``token``, if the vocabulary has it."""
        at = bisect_left(self.tokens, token)
        return at if at < len(self.tokens) and self.tokens[at] == token else None

    def matches(self, word: str) -> dict[int, Tier]:
        """The tokens ``word`` matches (id -> tier), from those of its shorter prefixes.

        Cached: typing extends a word by one character, so a keystroke refines the
        previous keystroke's matches instead of starting over.
        """
        found = self._matches.get(word)
        if found is not None:
            return found
        known = len(word) - 1
        while known > 1 and word[:known] not in self._matches:
            known -= 1
        if len(self._matches) >= _MATCH_CACHE_SIZE:
            self._matches.clear()
        if known <= 1:
            # One character matches by prefix only; from two on, the rules refine it.
            known = 1
            head = word[:known]
            found = dict.fromkeys(self.prefixed(head), Tier.PREFIX)
            exact = self.id_of(head)
            if exact is not None:
                found[exact] = Tier.EXACT
            self._matches[head] = found
        else:
            found = self._matches[word[:known]]
        for length in range(known + 1, len(word) + 1):
            part = word[:length]
            found = refine(part, found, self.tokens, self.prefixed(part))
            self._matches[part] = found
        return found

    # -- articles ---------------------------------------------------------------------

    def hits(self, word: str) -> Hits:
        """The articles ``word`` matches, grouped by their best (tier, field rank)."""
        found = self._kept.get(word) or self._hits.get(word)
        if found is not None:
            return found
        found = self._evaluate(self.matches(word))
        if len(self._hits) >= _LEVEL_CACHE_SIZE:
            self._hits.clear()
        self._hits[word] = found
        return found

    def forget(self) -> None:
        """Drop what earlier words left in the caches (what ``prepare`` did stays)."""
        self._matches.clear()
        self._hits.clear()

    def prepare(self, words: Iterable[str]) -> None:
        """Evaluate ``words`` now and keep them (the first keystrokes of a session)."""
        for word in words:
            self._kept[word] = self._evaluate(self.matches(word))

    def first_characters(self, limit: int = PREPARED_CHARACTERS) -> list[str]:
        """The characters most tokens start with, at most ``limit`` of them: the
        one-letter words worth preparing (a rare first letter is cheap to look up, and a
        feed in Chinese would otherwise prepare thousands)."""
        counts = Counter(token[0] for token in self.tokens)
        return [char for char, _count in counts.most_common(limit)]

    def _evaluate(self, matched: Mapping[int, Tier]) -> Hits:
        by_tier: dict[Tier, list[int]] = {}
        for token_id, tier in matched.items():
            by_tier.setdefault(tier, []).append(token_id)
        groups: Hits = {}
        for tier, token_ids in by_tier.items():
            dense = [self._title_bits[i] for i in token_ids if i in self._title_bits]
            sparse = (
                entries
                for i in token_ids
                if i not in self._title_bits and (entries := self._title[i]) is not None
            )
            title = bitset.union(dense, sparse, self.size, SLOT_BITS)
            if title:
                groups[(tier, TokenField.TITLE.rank)] = title
            for name, values in self._values.items():
                chosen = {v for i in token_ids for v in values.by_token.get(i, ())}
                if chosen:
                    key = (tier, name.rank)
                    groups[key] = groups.get(key, 0) | self._union(values, chosen)
        # An article counts once, at its best (tier, field).
        disjoint: Hits = {}
        assigned = 0
        for key in sorted(groups, reverse=True):
            bits = groups[key] & ~assigned
            if bits:
                disjoint[key] = bits
                assigned |= bits
        return disjoint

    def _union(self, values: _ValueField, chosen: Iterable[int]) -> int:
        postings = [values.postings[v] for v in chosen]
        dense = [p for p in postings if isinstance(p, int)]
        sparse = [p for p in postings if not isinstance(p, int)]
        return bitset.union(dense, sparse, self.size)

    def adjacent(self, first: Mapping[int, Tier], second: Mapping[int, Tier]) -> int:
        """Articles where a token of ``first`` is directly followed by one of ``second``
        (in the title, or within one provider name, domain, author or topic)."""
        found = 0
        firsts = [e for i in first if (e := self._title[i]) is not None]
        seconds = [e for i in second if (e := self._title[i]) is not None]
        if (
            firsts
            and seconds
            and sum(map(len, firsts)) <= ADJACENCY_BUDGET
            and sum(map(len, seconds)) <= ADJACENCY_BUDGET
        ):
            following: set[int] = set()
            for entries in seconds:
                following.update(entries)
            hits = {
                entry >> SLOT_BITS
                for entries in firsts
                for entry in filter(following.__contains__, map(int.__add__, entries, repeat(1)))
            }
            if hits:
                found |= bitset.from_positions(hits, self.size)
        for values in self._values.values():
            chosen = {v for i in first for v in values.by_token.get(i, ())}
            pairs = [
                v
                for v in chosen
                if any(
                    any(a in first for a in here) and any(b in second for b in after)
                    for here, after in pairwise(values.tokens[v])
                )
            ]
            if pairs:
                found |= self._union(values, pairs)
        return found
