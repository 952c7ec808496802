"""A parsed query answered over one search index: clauses, alternatives, and each kind
of term by the helper that knows it.

Every intermediate set of articles is a bitset. Free words cost the same whatever the
candidates; the other terms scan or look up only what is left: free-word clauses go
first, then the rest in query order, each over the articles the earlier ones left.
"""

from __future__ import annotations

from collections.abc import Callable

from tui_reader.data.body_index import BodyQuery
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.triage import TriageView
from tui_reader.query.atoms import FieldTerm, RepeatTerm, StoryTerm, TextField, TextMode, WordTerm
from tui_reader.query.body_positions import BodyPositions
from tui_reader.query.field_bits import FrontMatterAtom, field_bits
from tui_reader.query.index import SearchIndex
from tui_reader.query.parsed_query import Atom, Clause, Query, SearchTerm, Term
from tui_reader.query.story_bits import StoryBits
from tui_reader.query.tiers import Tiers, best_of, intersect, union
from tui_reader.query.triage_bits import reader_tag_bits, triage_bits
from tui_reader.query.word_scorer import WordScorer


class QueryEvaluator:
    """Answers queries over ``index`` in ``triage``, as tiers (to rank) or a bitset.

    ``words`` scores the words (and keeps their results for the next keystroke);
    ``stories`` gives the story bitsets, asked for only by ``story:`` and ``is:repeat``;
    ``bodies`` are the feed's body indexes (``body:`` needs them: the matcher refuses
    such a query without).
    """

    def __init__(
        self,
        index: SearchIndex,
        words: WordScorer,
        triage: TriageView,
        *,
        stories: Callable[[], StoryBits],
        bodies: FeedBodies | None,
    ) -> None:
        self.index = index
        self.words = words
        self.triage = triage
        self._stories = stories
        self._bodies = bodies

    def tiers(self, query: Query) -> Tiers:
        """The articles ``query`` selects, by score."""
        tiers: Tiers = {0: self.index.all}
        for clause in sorted(query.clauses, key=_cost):
            candidates = union(tiers)
            if not candidates:
                break
            tiers = intersect(tiers, self._clause(clause, candidates))
        return self.words.reward_adjacent(query, tiers)

    def bits(self, query: Query, candidates: int) -> int:
        """The candidates ``query`` selects (a saved search, a count): every clause."""
        for clause in sorted(query.clauses, key=_cost):
            if not candidates:
                break
            candidates = union(self._clause(clause, candidates))
        return candidates

    def body_order(self, query: BodyQuery) -> list[int] | None:
        """Positions of ``query``'s hits by BM25, best first (None when not ranked)."""
        return self._body_positions().search(query)[1]

    def _clause(self, clause: Clause, candidates: int) -> Tiers:
        """Tiers of a clause: the best score of any of its alternatives."""
        return best_of([self._term(term, candidates) for term in clause.terms])

    def _term(self, term: Term, candidates: int) -> Tiers:
        atom = term.atom
        if term.negated:
            return {0: candidates & ~self._selects(atom, candidates)}
        if isinstance(atom, WordTerm):
            return self.words.match(atom, candidates).tiers
        return {0: self._selects(atom, candidates)}

    def _selects(self, atom: Atom, candidates: int) -> int:
        """The candidates that ``atom`` selects (ignoring scores)."""
        index, triage = self.index, self.triage
        if isinstance(atom, WordTerm):
            return self.words.match(atom, candidates).matched
        if isinstance(atom, FrontMatterAtom):
            found = field_bits(index, atom, candidates)
            if isinstance(atom, FieldTerm) and atom.field is TextField.TAG:
                found |= candidates & reader_tag_bits(index, atom.value, triage)
            return found
        if isinstance(atom, StoryTerm):
            return candidates & self._stories().story(atom.story_id)
        if isinstance(atom, RepeatTerm):
            return candidates & self._stories().repeats
        if isinstance(atom, BodyQuery):
            return candidates & self._body_positions().search(atom)[0]
        if isinstance(atom, SearchTerm):
            return self.bits(atom.query, candidates)
        return triage_bits(index, atom, candidates, triage)

    def _body_positions(self) -> BodyPositions:
        assert self._bodies is not None  # Matcher refuses body: terms without bodies
        return self.index.body_positions(self._bodies)


def _cost(clause: Clause) -> bool:
    """Sort key: clauses of free words first (their cost does not depend on candidates)."""
    return not all(
        isinstance(t.atom, WordTerm) and t.atom.mode is TextMode.FUZZY and not t.negated
        for t in clause.terms
    )
