"""Run a query over a store: filter, rank, and say what matched.

The API is what the UI and the CLI rely on: ``Matcher(store).run(text, sort, triage)``
returns a ``MatchResult`` whose ``uids`` are in display order, with highlight spans.

How it stays fast at 100,000 articles: every intermediate set of articles is a bitset
(a Python int, see ``bitset``); scores are kept as a few tiers (bitset per score) rather
than per article; rapidfuzz only scores the survivors of a character prefilter; a word
that extends a word of an earlier query starts from that word's matches; and the final
order is produced lazily, one tier at a time, as rows are asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import Flag, NoTriage, TriageView
from tui_reader.query import bitset
from tui_reader.query.index import SHORT_SUBSTRING, SearchIndex
from tui_reader.query.parser import (
    Atom,
    Clause,
    DateTerm,
    FieldTerm,
    NumberTerm,
    PublishedTerm,
    Query,
    QueryError,
    Term,
    TextMode,
    TriageCondition,
    TriageTerm,
    WordTerm,
    parse,
)
from tui_reader.query.results import (
    FUZZY_MIN_LENGTH,
    Highlight,
    LazyHighlights,
    RankedUids,
    Span,
    fuzzy_cutoff,
)
from tui_reader.query.views import View, with_view

# Scores are bucketed to this step so that a word contributes a handful of tiers.
SCORE_STEP = 5
EXACT_WORD_START = 100
EXACT_INSIDE = 90
# Field values are few: they are compared one by one, fuzzily above this length.
FIELD_FUZZY_CUTOFF = 80
_WORD_CACHE_SIZE = 256

Tiers = dict[int, int]  # score -> bitset of positions with that score


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The articles a query selects, in display order, with what to highlight."""

    query: str
    uids: Sequence[int]
    highlights: Mapping[int, Highlight] = field(default_factory=dict)
    parsed: Query | None = None

    def highlight(self, uid: int) -> Highlight | None:
        """The spans to highlight in the row of ``uid``, if any."""
        return self.highlights.get(uid)


@dataclass(frozen=True, slots=True)
class _WordMatch:
    """A word's tiers over the candidates it was evaluated on."""

    candidates: int
    tiers: Tiers

    @property
    def matched(self) -> int:
        found = 0
        for bits in self.tiers.values():
            found |= bits
        return found


class Matcher:
    """Runs queries over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: SearchIndex | None = None
        self._prepared: SearchIndex | None = None
        self._words: dict[WordTerm, _WordMatch] = {}

    @property
    def index(self) -> SearchIndex:
        """The search index of the store: the one :meth:`prepare` built ahead if it is
        current, else built now (the store's thread only)."""
        generation = self.store.generation
        if self._index is None or self._index.generation != generation:
            prepared = self._prepared
            self._index = (
                prepared
                if prepared is not None and prepared.generation == generation
                else SearchIndex(self.store)
            )
            self._prepared = None
            self._words.clear()
        return self._index

    def prepare(self) -> None:
        """Build the index of the store as it is now, ahead of the next query.

        For a worker thread: the index is only handed over by :attr:`index`, on the
        store's thread, between queries, and only if the store has not changed since.
        """
        generation = self.store.generation
        current = self._index
        if current is not None and current.generation == generation:
            return
        try:
            index = SearchIndex(self.store)
        except (KeyError, RuntimeError):
            return  # the store changed under the snapshot: the next prepare catches up
        if index.generation == generation:
            self._prepared = index

    def unread_count(self, triage: TriageView) -> int:
        """How many articles of the store are not read.

        From the flag bitsets when the index is current; while the store changes (a
        feed loading) it counts the read keys instead of rebuilding the index.
        """
        store = self.store
        index = self._index
        if index is not None and index.generation == store.generation:
            return (index.all & ~index.flag_bits(Flag.READ, triage)).bit_count()
        read = sum(len(store.uids_of_key(key)) for key in triage.keys_with(Flag.READ))
        return len(store) - read

    def reset_refinement(self) -> None:
        """Forget the per-word results that later queries refine (the index stays)."""
        self._words.clear()

    def parse(self, text: str) -> Query:
        """Parse without running (raises ``QueryError``)."""
        return parse(text)

    def run(
        self,
        text: str | Query,
        sort: SortKey = SortKey.DATE,
        triage: TriageView | None = None,
        view: View | None = None,
    ) -> MatchResult:
        """The articles matching ``text`` (all of them for an empty query), in ``view``.

        Raises ``QueryError`` naming the bad term for a malformed query.
        """
        query = text if isinstance(text, Query) else parse(text)
        if view is not None:
            query = with_view(query, view)
        text = query.text
        if query.is_empty:
            return MatchResult(text, self.store.sorted_uids(sort), parsed=query)
        triage = triage or NoTriage()
        if query.only_triage:
            # A view alone (the list as it opens, as a feed loads): no text index is
            # needed, and none is built for it.
            return MatchResult(text, triage_filter(self.store, query, sort, triage), parsed=query)
        index = self.index
        # Every clause must hold, so no article outside a clause's prefilter can match:
        # scoring starts from the intersection of all of them.
        bounds = [self._bound(clause) for clause in query.clauses]
        start = index.all
        for bound in bounds:
            start &= bound
        tiers: Tiers = {0: start}
        # Cheap clauses first, then the most selective fuzzy ones: later clauses only
        # look at what survived.
        ordered = sorted(
            zip(query.clauses, bounds, strict=True),
            key=lambda pair: (bool(pair[0].fuzzy_words), pair[1].bit_count()),
        )
        for clause, _bound in ordered:
            candidates = _union(tiers)
            if not candidates:
                break
            tiers = _add(tiers, self._clause(clause, candidates, triage))
        matched = _union(tiers)
        highlights = LazyHighlights(index, matched, query.highlight_words())
        if query.ranks:
            groups = [tiers[score] for score in sorted(tiers, reverse=True)]
            uids = RankedUids(index, groups)
        elif sort is SortKey.DATE:
            uids = RankedUids(index, [matched])
        else:
            uids = RankedUids(index, [matched], index.order(sort))
        return MatchResult(text, uids, highlights, query)

    # -- clauses and terms ----------------------------------------------------------

    def _clause(self, clause: Clause, candidates: int, triage: TriageView) -> Tiers:
        """Tiers of a clause: the best score of any of its alternatives."""
        alternatives = [self._term(term, candidates, triage) for term in clause.terms]
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

    def _bound(self, clause: Clause) -> int:
        """A superset of the clause's matches, from bitsets alone (all when unknown)."""
        index = self.index
        bound = 0
        for term in clause.terms:
            atom = term.atom
            if term.negated or not isinstance(atom, WordTerm) or not _is_fuzzy(atom):
                return index.all
            bound |= self._fuzzy_prefilter(atom.text, index.all)
        return bound

    def _fuzzy_prefilter(self, text: str, candidates: int) -> int:
        """The candidates that may score at least the cutoff for fuzzy word ``text``."""
        index = self.index
        allow_missing = 1 if len(text) > FUZZY_MIN_LENGTH else 0
        narrowed = index.chars_prefilter(text, candidates, allow_missing=allow_missing)
        least = least_shared_bigrams(len(text), fuzzy_cutoff(len(text)))
        return index.bigram_prefilter(text, narrowed, least)

    def _term(self, term: Term, candidates: int, triage: TriageView) -> Tiers:
        atom = term.atom
        if term.negated:
            return {0: candidates & ~self._matches(atom, candidates, triage)}
        if isinstance(atom, WordTerm):
            return self._word(atom, candidates).tiers
        return {0: self._matches(atom, candidates, triage)}

    def _matches(self, atom: Atom, candidates: int, triage: TriageView) -> int:
        """The candidates that ``atom`` selects (ignoring scores)."""
        index = self.index
        if isinstance(atom, WordTerm):
            return self._word(atom, candidates).matched
        if isinstance(atom, FieldTerm):
            found = 0
            for value, bits in index.field_values(atom.field).items():
                if _value_matches(atom.value, value):
                    found |= bits
            return candidates & found
        if isinstance(atom, NumberTerm):
            found = 0
            for number, bits in index.number_values(atom.field).items():
                if _compare(number, atom.op, atom.value):
                    found |= bits
            return candidates & found
        if isinstance(atom, DateTerm):
            dated = index.dated_from if atom.after else index.dated_before
            return candidates & dated(atom.moment)
        if isinstance(atom, PublishedTerm):
            return candidates & index.published(atom.value)
        return self._triage(atom, candidates, triage)

    def _triage(self, atom: TriageTerm, candidates: int, triage: TriageView) -> int:
        index = self.index
        if atom.condition is TriageCondition.UNREAD:
            return candidates & ~index.flag_bits(Flag.READ, triage)
        flag = _FLAG_OF[atom.condition]
        return candidates & index.flag_bits(flag, triage)

    # -- words ------------------------------------------------------------------------

    def _word(self, word: WordTerm, candidates: int) -> _WordMatch:
        """The word's tiers over ``candidates``, reusing earlier work where it is sound."""
        cached = self._words.get(word)
        if cached is not None and candidates & ~cached.candidates == 0:
            return _WordMatch(candidates, {s: b & candidates for s, b in cached.tiers.items()})
        match = _WordMatch(candidates, self._evaluate(word, candidates))
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = match
        return match

    def _evaluate(self, word: WordTerm, candidates: int) -> Tiers:
        index = self.index
        text = word.text
        exact = word.mode is TextMode.EXACT or (word.mode is TextMode.FUZZY and not _is_fuzzy(word))
        if word.mode in (TextMode.PREFIX, TextMode.SUFFIX):
            narrowed = index.chars_prefilter(text, candidates)
            prefix = word.mode is TextMode.PREFIX
            return {EXACT_WORD_START: index.starts_or_ends(text, narrowed, prefix=prefix)}
        if exact:
            if len(text) < SHORT_SUBSTRING:
                hits = candidates & index.short_substring_bits(text)
                starts = hits & index.short_substring_bits(" " + text)
            else:
                narrowed = self._refined(text, index.chars_prefilter(text, candidates), candidates)
                hits = index.contains(text, narrowed)
                starts = index.contains(" " + text, hits)
            return {EXACT_WORD_START: starts, EXACT_INSIDE: hits & ~starts}
        cutoff = fuzzy_cutoff(len(text))
        narrowed = self._fuzzy_prefilter(text, candidates)
        chosen = bitset.positions(narrowed, index.size)
        scored = process.extract(
            text,
            index.subset(index.haystacks, chosen),
            scorer=fuzz.partial_ratio,
            score_cutoff=cutoff,
            limit=None,
        )
        grouped: dict[int, list[int]] = {}
        for _choice, score, at in scored:
            grouped.setdefault(int(score) // SCORE_STEP * SCORE_STEP, []).append(chosen[at])
        return {s: bitset.from_positions(found, index.size) for s, found in grouped.items()}

    def _refined(self, text: str, narrowed: int, candidates: int) -> int:
        """Narrow an exact word by the matches of an exact word it contains.

        Sound because a text containing ``text`` contains every substring of it; the
        earlier word must have been evaluated on a superset of ``candidates``.
        """
        for earlier, match in self._words.items():
            if (
                earlier.text in text
                and earlier.text != text
                and earlier.mode in (TextMode.EXACT, TextMode.FUZZY)
                and (earlier.mode is TextMode.EXACT or len(earlier.text) < FUZZY_MIN_LENGTH)
                and candidates & ~match.candidates == 0
            ):
                narrowed &= match.matched
        return narrowed


def triage_filter(store: Store, query: Query, sort: SortKey, triage: TriageView) -> list[int]:
    """The store in ``sort`` order, restricted by a query of ``is:`` terms only.

    A clause that holds for every article (``!is:archived`` when nothing is archived) is
    dropped first, so the list as it usually opens costs nothing per article.
    """
    order = store.sorted_uids(sort)
    tests: list[list[tuple[Flag, bool]]] = []
    for clause in query.clauses:
        alternatives: list[tuple[Flag, bool]] = []
        for term in clause.terms:
            assert isinstance(term.atom, TriageTerm)
            condition = term.atom.condition
            flag = Flag.READ if condition is TriageCondition.UNREAD else _FLAG_OF[condition]
            wanted = (condition is not TriageCondition.UNREAD) != term.negated
            if not wanted and not triage.keys_with(flag):
                alternatives = []
                break  # "not flagged" while nothing is: the clause always holds
            alternatives.append((flag, wanted))
        if alternatives:
            tests.append(alternatives)
    if not tests:
        return order
    by_uid = store.get
    return [
        uid
        for uid in order
        if (article := by_uid(uid)) is not None
        and all(
            any(triage.has(flag, article.key) == wanted for flag, wanted in alternatives)
            for alternatives in tests
        )
    ]


_FLAG_OF = {
    TriageCondition.READ: Flag.READ,
    TriageCondition.STARRED: Flag.STARRED,
    TriageCondition.ARCHIVED: Flag.ARCHIVED,
}


@cache
def least_shared_bigrams(length: int, cutoff: int) -> int:
    """How many bigrams of a ``length``-character word any text scoring ``cutoff`` holds.

    rapidfuzz ``partial_ratio`` compares the word with windows of the text of ``L <=
    length`` characters and scores ``200 * lcs / (length + L)``, ``lcs`` being the longest
    common subsequence. Of the ``lcs - 1`` consecutive pairs of matched characters, at
    most ``length - lcs`` skip a character of the word and at most ``L - lcs`` skip one of
    the window; every other pair is a bigram of the word found verbatim in the text. The
    least of ``3 * lcs - length - L - 1`` over every passing (L, lcs) is therefore a bound
    that never drops a match, which lets the prefilter skip most of the scoring.
    """
    bounds = [
        3 * lcs - length - window - 1
        for window in range(1, length + 1)
        for lcs in range(window + 1)
        if 200 * lcs >= cutoff * (length + window)
    ]
    return max(0, min(bounds, default=0))


def _is_fuzzy(word: WordTerm) -> bool:
    """Whether the word is scored by rapidfuzz (shorter free words must occur exactly)."""
    return word.mode is TextMode.FUZZY and len(word.text) >= FUZZY_MIN_LENGTH


def _union(tiers: Tiers) -> int:
    found = 0
    for bits in tiers.values():
        found |= bits
    return found


def _add(left: Tiers, right: Tiers) -> Tiers:
    """Both clauses hold: intersect the sets and add the scores."""
    result: Tiers = {}
    for left_score, left_bits in left.items():
        for right_score, right_bits in right.items():
            bits = left_bits & right_bits
            if bits:
                score = left_score + right_score
                result[score] = result.get(score, 0) | bits
    return result


def _value_matches(needle: str, value: str) -> bool:
    if needle in value:
        return True
    if len(needle) < FUZZY_MIN_LENGTH:
        return False
    return fuzz.partial_ratio(needle, value, score_cutoff=FIELD_FUZZY_CUTOFF) > 0


def _compare(number: int, op: str, value: int) -> bool:
    if op == ">":
        return number > value
    if op == ">=":
        return number >= value
    if op == "<":
        return number < value
    if op == "<=":
        return number <= value
    return number == value


__all__ = ["Highlight", "MatchResult", "Matcher", "QueryError", "Span", "View"]
