"""Words of a query as tiers over one search index, the work of earlier keystrokes reused.

Free words are matched against the vocabulary (its postings give the articles); the
raw-text operators (``'exact``, ``^prefix``, ``suffix$``) scan only the candidates,
narrowed by character bitsets and by the matches of an exact word they contain. Each
word's result is kept with the candidates it was evaluated on: typing on usually asks
the same word over fewer candidates, which is then only an intersection.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from tui_reader.data.tokens import words as tokens_of
from tui_reader.query.atoms import TextMode, WordTerm
from tui_reader.query.index import SHORT_SUBSTRING, SearchIndex
from tui_reader.query.parsed_query import Clause, Query
from tui_reader.query.tiers import Tiers, bonus, intersect, tier_score, union
from tui_reader.query.word_match import Tier

_WORD_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class WordMatch:
    """A word's tiers over the candidates it was evaluated on."""

    candidates: int
    tiers: Tiers

    @property
    def matched(self) -> int:
        return union(self.tiers)


class WordScorer:
    """The words' tiers over ``index``; one scorer per index (its results are kept
    across queries, and hold only for the index they were made on)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._words: dict[WordTerm, WordMatch] = {}

    def forget(self) -> None:
        """Drop the kept results: the next query costs what a first keystroke does."""
        self._words.clear()

    def match(self, word: WordTerm, candidates: int) -> WordMatch:
        """The word's tiers over ``candidates``, reusing earlier work where it is sound."""
        cached = self._words.get(word)
        if cached is not None and candidates & ~cached.candidates == 0:
            return WordMatch(candidates, {s: b & candidates for s, b in cached.tiers.items()})
        match = WordMatch(candidates, self._evaluate(word, candidates))
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = match
        return match

    def reward_adjacent(self, query: Query, tiers: Tiers) -> Tiers:
        """Articles where consecutive free words of the query are next to each other."""
        vocabulary = self.index.vocabulary
        previous: str | None = None
        for clause in query.clauses:
            word = _single_free_word(clause)
            parts = tokens_of(word.text) if word is not None else []
            if previous is not None and parts:
                adjacent = vocabulary.adjacent(
                    vocabulary.matches(previous), vocabulary.matches(parts[0])
                )
                tiers = bonus(tiers, adjacent)
            previous = parts[-1] if parts else None
        return tiers

    def _evaluate(self, word: WordTerm, candidates: int) -> Tiers:
        index = self.index
        text = word.text
        if word.mode is TextMode.FUZZY:
            return self._free_word(text, candidates)
        start = tier_score(Tier.PREFIX)
        if word.mode in (TextMode.PREFIX, TextMode.SUFFIX):
            narrowed = index.chars_prefilter(text, candidates)
            prefix = word.mode is TextMode.PREFIX
            return {start: index.starts_or_ends(text, narrowed, prefix=prefix)}
        if len(text) < SHORT_SUBSTRING:
            hits = candidates & index.short_substring_bits(text)
            starts = hits & index.short_substring_bits(" " + text)
        else:
            narrowed = self._refined(text, index.chars_prefilter(text, candidates), candidates)
            hits = index.contains(text, narrowed)
            starts = index.contains(" " + text, hits)
        return {start: starts, tier_score(Tier.TYPO): hits & ~starts}

    def _free_word(self, text: str, candidates: int) -> Tiers:
        """A free word: every token of it must match (``at&t`` is ``at`` and ``t``)."""
        vocabulary = self.index.vocabulary
        parts = tokens_of(text)
        tiers: Tiers = {0: candidates}
        for part in parts:
            hits = vocabulary.hits(part)
            scored = {tier_score(tier) + rank: bits for (tier, rank), bits in hits.items()}
            tiers = intersect(tiers, scored)
        for first, second in pairwise(parts):
            adjacent = vocabulary.adjacent(vocabulary.matches(first), vocabulary.matches(second))
            tiers = bonus(tiers, adjacent)
        return tiers

    def _refined(self, text: str, narrowed: int, candidates: int) -> int:
        """Narrow an exact word by the matches of an exact word it contains.

        Sound because a text containing ``text`` contains every substring of it; the
        earlier word must have been evaluated on a superset of ``candidates``.
        """
        for earlier, match in self._words.items():
            if (
                earlier.text in text
                and earlier.text != text
                and earlier.mode is TextMode.EXACT
                and candidates & ~match.candidates == 0
            ):
                narrowed &= match.matched
        return narrowed


def _single_free_word(clause: Clause) -> WordTerm | None:
    if len(clause.terms) != 1:
        return None
    term = clause.terms[0]
    atom = term.atom
    if term.negated or not isinstance(atom, WordTerm) or atom.mode is not TextMode.FUZZY:
        return None
    return atom
