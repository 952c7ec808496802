"""Run a query over a store: filter, rank, and say what matched.

The API is what the UI and the CLI rely on: ``Matcher(store).run(text, sort, triage)``
returns a ``MatchResult`` whose ``uids`` are in display order, with highlight spans.

How it stays fast at 100,000 articles: free words are matched against the store's
vocabulary (distinct tokens, see ``vocabulary`` and ``word_match``), and the articles
they select come from postings; every intermediate set of articles is a bitset (a
Python int, see ``bitset``); scores are kept as a few tiers (bitset per score) rather
than per article; and the final order is produced lazily, one tier at a time, as rows
are asked for. The raw-text operators (``'exact``, ``^prefix``, ``suffix$``, ``!not``)
scan only the articles the other clauses left.

The index is built on first use, or ahead of need in a worker with ``prepare``; a store
change (its ``generation``) makes it stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from tui_reader.data.body_index import BodyProgress, BodyQuery, Snippet
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.store import SortKey, Store
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.tokens import words as tokens_of
from tui_reader.data.triage import Flag, NoTriage, TriageView
from tui_reader.query.body_positions import BodyPositions
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
    RepeatTerm,
    StoryTerm,
    Term,
    TextMode,
    TriageCondition,
    TriageTerm,
    UrlTerm,
    WordTerm,
    parse,
)
from tui_reader.query.results import Highlight, LazyHighlights, LazySnippets, RankedUids, Span
from tui_reader.query.story_bits import StoryBits
from tui_reader.query.views import View, with_view
from tui_reader.query.word_match import Tier

# A score is a sum over the query's words: the tier of each word's best match (exact,
# prefix, typo, subsequence) outweighs everything else, then words found next to each
# other in query order, then the field (title 2, provider/domain/author 1, topic 0).
# Meilisearch ranks in the same order (typo, proximity, attribute).
TIER_WEIGHT = 10_000
ADJACENT = 100
# Field values are few: they are compared one by one, fuzzily from this length on.
FIELD_FUZZY_CUTOFF = 80
FIELD_FUZZY_MIN_LENGTH = 4
_WORD_CACHE_SIZE = 256

Tiers = dict[int, int]  # score -> bitset of positions with that score


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The articles a query selects, in display order, with what to highlight.

    For a query with ``body:`` terms, ``body_progress`` says how much of the feed the
    body index covered when it answered, and ``snippets`` hold a line of each hit.
    """

    query: str
    uids: Sequence[int]
    highlights: Mapping[int, Highlight] = field(default_factory=dict)
    parsed: Query | None = None
    body_progress: BodyProgress | None = None
    snippets: Mapping[int, Snippet] = field(default_factory=dict)
    stories: StoryIndex | None = None
    """The stories of a result of one row a story (``one_per_story``), else None."""

    def other_reports(self, uid: int) -> int:
        """How many other reports the story of the row ``uid`` has (0 unless one row a story)."""
        return self.stories.size(uid) - 1 if self.stories is not None else 0

    def highlight(self, uid: int) -> Highlight | None:
        """The spans to highlight in the row of ``uid``, if any."""
        return self.highlights.get(uid)

    def snippet(self, uid: int) -> Snippet | None:
        """The body line around the first ``body:`` hit of ``uid``, if any."""
        return self.snippets.get(uid)


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
    """Runs queries over one store (and, for ``body:``, its body indexes)."""

    def __init__(
        self, store: Store, bodies: FeedBodies | None = None, stories: FeedStories | None = None
    ) -> None:
        self.store = store
        self.bodies = bodies
        """The feed's body indexes; without them ``body:`` is a query error."""
        self.stories = stories if stories is not None else FeedStories(store)
        """The feed's stories (until prepared, every article is a story of its own)."""
        self._story_bits: StoryBits | None = None
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
        """Build the index of the store as it is now, ahead of the next query, with what
        the first keystrokes would pay for (the one-letter words, the map of the body
        indexes' documents).

        For a worker thread: the index is only handed over by :attr:`index`, on the
        store's thread, between queries, and only if the store has not changed since.
        """
        generation = self.store.generation
        current = self._index
        if current is not None and current.generation == generation:
            return
        index = self.build_index()
        if index.generation == generation:
            self._prepared = index

    def build_index(self) -> SearchIndex:
        """A new index of the store as it is now, ready for the first keystroke (what
        :meth:`prepare` builds; any thread: it reads a consistent snapshot)."""
        index = SearchIndex(self.store)
        index.prepare(self.bodies)
        return index

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
        """Forget the per-word results that later queries refine (the index stays, as
        prepared): the next query costs what the first keystroke of a session does."""
        self._words.clear()
        if self._index is not None:
            self._index.forget_queries()

    def parse(self, text: str) -> Query:
        """Parse without running (raises ``QueryError``)."""
        return parse(text)

    def run(
        self,
        text: str | Query,
        sort: SortKey = SortKey.DATE,
        triage: TriageView | None = None,
        view: View | None = None,
        *,
        in_bodies: bool = False,
        one_per_story: bool = False,
    ) -> MatchResult:
        """The articles matching ``text`` (all of them for an empty query), in ``view``;
        with ``in_bodies``, free words match the bodies too (when there are bodies).

        Raises ``QueryError`` naming the bad term for a malformed query (with
        ``incomplete`` set while the last term is still being typed).
        """
        query = text if isinstance(text, Query) else parse(text)
        if in_bodies and self.bodies is not None:
            query = query.with_bodies()
        if view is not None:
            query = with_view(query, view)
        text = query.text
        if query.is_empty and not one_per_story:
            return MatchResult(text, self.store.sorted_uids(sort), parsed=query)
        triage = triage or NoTriage()
        if query.only_triage and not one_per_story:
            # A view alone (the list as it opens, as a feed loads): no text index is
            # needed, and none is built for it.
            return MatchResult(text, triage_filter(self.store, query, sort, triage), parsed=query)
        bodies = query.body_terms()
        if bodies and self.bodies is None:
            raise QueryError("body:", "full-text search of the bodies is not available here")
        index = self.index
        tiers: Tiers = {0: index.all}
        # Free words cost the same whatever the candidates; the other terms scan or
        # look up only what is left: free words first, then the rest in query order.
        for clause in sorted(query.clauses, key=_cost):
            candidates = _union(tiers)
            if not candidates:
                break
            tiers = _add(tiers, self._clause(clause, candidates, triage))
        tiers = self._reward_adjacent(query, tiers)
        stories = self.story_bits().stories if one_per_story else None
        if one_per_story:
            tiers = self.story_bits().one_per_story(tiers)
        matched = _union(tiers)
        highlights = LazyHighlights(index, matched, query.highlight_words())
        positive = tuple(
            t.atom
            for c in query.clauses
            for t in c.terms
            if isinstance(t.atom, BodyQuery) and not t.negated
        )
        snippets = LazySnippets(index, matched, positive)
        progress = self.bodies.progress() if bodies and self.bodies is not None else None
        if query.ranks:
            groups = [tiers[score] for score in sorted(tiers, reverse=True)]
            uids = RankedUids(index, groups)
        elif positive and (order := self._body_order(positive[0])) is not None:
            uids = RankedUids(index, [matched], order)
        elif sort is SortKey.DATE:
            uids = RankedUids(index, [matched])
        else:
            uids = RankedUids(index, [matched], index.order(sort))
        return MatchResult(text, uids, highlights, query, progress, snippets, stories)

    def prepare_stories(self) -> None:
        """Build the story bitsets of the index prepared ahead and the current stories
        (a worker thread, after :meth:`prepare` and the stories' own prepare): the first
        query of one row a story then costs no walk of the stories."""
        index = self._prepared or self._index
        if index is not None and index.generation == self.store.generation:
            self._story_bits = StoryBits(index, self.stories.current)

    @staticmethod
    def uses_stories(query: Query | None) -> bool:
        """Whether ``query`` has ``story:`` or ``is:repeat`` terms (new stories change it)."""
        if query is None:
            return False
        atoms = (term.atom for clause in query.clauses for term in clause.terms)
        return any(isinstance(atom, StoryTerm | RepeatTerm) for atom in atoms)

    def story_bits(self) -> StoryBits:
        """The stories over the index in use (made again when either is newer)."""
        bits = self._story_bits
        index, current = self.index, self.stories.current
        if bits is None or bits.index is not index or bits.stories is not current:
            bits = self._story_bits = StoryBits(index, current)
        return bits

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
            values = index.field_values(atom.field).items()
            chosen = [posting for value, posting in values if _value_matches(atom.value, value)]
            return candidates & index.union(chosen)
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
        if isinstance(atom, UrlTerm):
            if atom.page:
                return candidates & index.url_bits(atom.text)
            return index.url_contains(atom.text, candidates)
        if isinstance(atom, StoryTerm):
            return candidates & self.story_bits().story(atom.story_id)
        if isinstance(atom, RepeatTerm):
            return candidates & self.story_bits().repeats
        if isinstance(atom, BodyQuery):
            return candidates & self._body_positions_of().search(atom)[0]
        return self._triage(atom, candidates, triage)

    def _triage(self, atom: TriageTerm, candidates: int, triage: TriageView) -> int:
        index = self.index
        if atom.condition is TriageCondition.UNREAD:
            return candidates & ~index.flag_bits(Flag.READ, triage)
        flag = _FLAG_OF[atom.condition]
        return candidates & index.flag_bits(flag, triage)

    # -- bodies -----------------------------------------------------------------------

    def _body_positions_of(self) -> BodyPositions:
        assert self.bodies is not None  # run() refuses body: terms without bodies
        return self.index.body_positions(self.bodies)

    def _body_order(self, query: BodyQuery) -> list[int] | None:
        """Positions of ``query``'s hits by BM25, best first (None when not ranked)."""
        return self._body_positions_of().search(query)[1]

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
        if word.mode is TextMode.FUZZY:
            return self._free_word(text, candidates)
        start = _tier_score(Tier.PREFIX)
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
        return {start: starts, _tier_score(Tier.TYPO): hits & ~starts}

    def _free_word(self, text: str, candidates: int) -> Tiers:
        """A free word: every token of it must match (``at&t`` is ``at`` and ``t``)."""
        vocabulary = self.index.vocabulary
        parts = tokens_of(text)
        tiers: Tiers = {0: candidates}
        for part in parts:
            hits = vocabulary.hits(part)
            scored = {_tier_score(tier) + rank: bits for (tier, rank), bits in hits.items()}
            tiers = _add(tiers, scored)
        for first, second in pairwise(parts):
            adjacent = vocabulary.adjacent(vocabulary.matches(first), vocabulary.matches(second))
            tiers = _bonus(tiers, adjacent)
        return tiers

    def _reward_adjacent(self, query: Query, tiers: Tiers) -> Tiers:
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
                tiers = _bonus(tiers, adjacent)
            previous = parts[-1] if parts else None
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


def _tier_score(tier: Tier) -> int:
    return int(tier) * TIER_WEIGHT


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


def _cost(clause: Clause) -> bool:
    """Sort key: clauses of free words first (their cost does not depend on candidates)."""
    return not all(
        isinstance(t.atom, WordTerm) and t.atom.mode is TextMode.FUZZY and not t.negated
        for t in clause.terms
    )


def _single_free_word(clause: Clause) -> WordTerm | None:
    if len(clause.terms) != 1:
        return None
    term = clause.terms[0]
    atom = term.atom
    if term.negated or not isinstance(atom, WordTerm) or atom.mode is not TextMode.FUZZY:
        return None
    return atom


def _bonus(tiers: Tiers, rewarded: int) -> Tiers:
    """Move the ``rewarded`` articles of every tier up by ``ADJACENT``."""
    if not rewarded:
        return tiers
    result: Tiers = {}
    for score, bits in tiers.items():
        up = bits & rewarded
        stay = bits & ~rewarded
        if stay:
            result[score] = result.get(score, 0) | stay
        if up:
            result[score + ADJACENT] = result.get(score + ADJACENT, 0) | up
    return result


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
    if len(needle) < FIELD_FUZZY_MIN_LENGTH:
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
