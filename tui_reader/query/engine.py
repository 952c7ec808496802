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

The matcher owns what outlives a query (the index, the words' kept results, the story
bitsets); a ``QueryEvaluator`` answers each query's terms with the helper of its kind
(``word_scorer``, ``field_bits``, ``triage_bits``, ``story_bits``, ``body_positions``).

The index is built on first use, or ahead of need in a worker with ``prepare``; a store
change (its ``generation``) makes it stale.
"""

from __future__ import annotations

from tui_reader.data.body_index import BodyQuery
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.store import SortKey, Store
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.data.triage import Flag, NoTriage, TriageView
from tui_reader.query.atoms import RepeatTerm, StoryTerm
from tui_reader.query.evaluator import QueryEvaluator
from tui_reader.query.index import SearchIndex
from tui_reader.query.match_result import MatchResult
from tui_reader.query.parsed_query import Query
from tui_reader.query.parser import parse
from tui_reader.query.query_error import QueryError
from tui_reader.query.results import LazyHighlights, LazySnippets, RankedUids
from tui_reader.query.search_references import Searches
from tui_reader.query.story_bits import StoryBits
from tui_reader.query.tiers import union
from tui_reader.query.triage_bits import triage_filter
from tui_reader.query.views import View, with_view
from tui_reader.query.word_scorer import WordScorer


class IndexNotReady(Exception):
    """The query needs the search index, it is not built for the store as it is, and
    the caller asked not to build it on its thread (``Matcher.run(build_index=False)``)."""


class Matcher:
    """Runs queries over one store (and, for ``body:``, its body indexes)."""

    def __init__(
        self,
        store: Store,
        bodies: FeedBodies | None = None,
        *,
        stories: FeedStories | None = None,
        searches: Searches | None = None,
    ) -> None:
        self.store = store
        self.bodies = bodies
        """The feed's body indexes; without them ``body:`` is a query error."""
        self.stories = stories if stories is not None else FeedStories(store)
        """The feed's stories (until prepared, every article is a story of its own)."""
        self._story_bits: StoryBits | None = None
        self.searches: Searches = dict(searches or {})
        """The saved searches ``search:NAME`` refers to (config.toml's and the app's)."""
        self._index: SearchIndex | None = None
        self._prepared: SearchIndex | None = None
        self._words: WordScorer | None = None
        """The words' results over the index in use, kept for the next keystroke."""
        self._unread: tuple[tuple[int, TriageView, int], int] | None = None
        """The last unread count, with the store's and the triage state's generations."""

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
        return self._index

    @property
    def index_ready(self) -> bool:
        """Whether a query can run now without building the index on this thread (it is
        current, or :meth:`prepare` has built it for the store as it is)."""
        generation = self.store.generation
        return any(
            index is not None and index.generation == generation
            for index in (self._index, self._prepared)
        )

    def prepare(self, triage: TriageView | None = None) -> None:
        """Build the index of the store as it is now, ahead of the next query, with what
        the first keystrokes would pay for (the one-letter words, the map of the body
        indexes' documents, the flag bitsets of ``triage``).

        For a worker thread: the index is only handed over by :attr:`index`, on the
        store's thread, between queries, and only if the store has not changed since.
        """
        generation = self.store.generation
        if self.index_ready:
            return
        index = self.build_index(triage)
        if index.generation == generation:
            self._prepared = index

    def build_index(self, triage: TriageView | None = None) -> SearchIndex:
        """A new index of the store as it is now, ready for the first keystroke (what
        :meth:`prepare` builds; any thread: it reads a consistent snapshot)."""
        index = SearchIndex(self.store)
        index.prepare(self.bodies, triage)
        return index

    def unread_count(self, triage: TriageView) -> int:
        """How many articles of the store are not read (the header asks at every status
        refresh: it costs nothing while neither the store nor the triage state moves).

        From the READ bitset when the index is current (kept up to date from the keys
        that changed, and built ahead by :meth:`prepare`); while the store changes (a
        feed loading) it counts the articles of the read keys instead of building the
        index on this thread.
        """
        store = self.store
        asked = (store.generation, triage, triage.generation)
        known = self._unread
        if known is not None and known[0] == asked:
            return known[1]
        if self.index_ready:
            index = self.index
            unread = (index.all & ~index.flag_bits(Flag.READ, triage)).bit_count()
        else:
            unread = len(store) - store.count_with_keys(triage.keys_with(Flag.READ))
        self._unread = (asked, unread)
        return unread

    def reset_refinement(self) -> None:
        """Forget the per-word results that later queries refine (the index stays, as
        prepared): the next query costs what the first keystroke of a session does."""
        if self._words is not None:
            self._words.forget()
        if self._index is not None:
            self._index.forget_queries()

    def parse(self, text: str) -> Query:
        """Parse without running (raises ``QueryError``)."""
        return parse(text, self.searches)

    def count(self, text: str | Query, triage: TriageView | None = None) -> tuple[int, int]:
        """How many articles ``text`` matches, and how many of them are unread, as the
        list shows them in view "all" (archived ones left out unless the query names
        ``is:archived``): a saved search's counts. From the bitsets alone: no row is
        ordered or materialised."""
        query = text if isinstance(text, Query) else self.parse(text)
        query = with_view(query, View.ALL)
        triage = triage or NoTriage()
        self._require_bodies(query.body_terms())
        index = self.index
        matched = self._evaluator(triage).bits(query, index.all)
        unread = matched & ~index.flag_bits(Flag.READ, triage)
        return matched.bit_count(), unread.bit_count()

    @staticmethod
    def reads_triage(query: Query, *, one_per_story: bool = False) -> bool:
        """Whether :meth:`run` consults the triage view for ``query``: an empty query lists
        every article whatever its flags, so a caller may leave the state unread."""
        return not query.is_empty or one_per_story

    def run(
        self,
        text: str | Query,
        sort: SortKey = SortKey.DATE,
        triage: TriageView | None = None,
        view: View | None = None,
        *,
        in_bodies: bool = False,
        one_per_story: bool = False,
        build_index: bool = True,
    ) -> MatchResult:
        """The articles matching ``text`` (all of them for an empty query), in ``view``;
        with ``in_bodies``, free words match the bodies too (when there are bodies).

        Raises ``QueryError`` naming the bad term for a malformed query (with
        ``incomplete`` set while the last term is still being typed), and, without
        ``build_index``, ``IndexNotReady`` when the query needs an index that is not
        ready (:attr:`index_ready`): a UI thread has it built in a worker instead.
        """
        query = text if isinstance(text, Query) else self.parse(text)
        if in_bodies and self.bodies is not None:
            query = query.with_bodies()
        if view is not None:
            query = with_view(query, view)
        text = query.text
        if not self.reads_triage(query, one_per_story=one_per_story):
            return MatchResult(text, self.store.sorted_uids(sort), parsed=query)
        triage = triage or NoTriage()
        if query.only_triage and not one_per_story:
            # A view alone (the list as it opens, as a feed loads): no text index is
            # needed, and none is built for it.
            return MatchResult(text, triage_filter(self.store, query, sort, triage), parsed=query)
        bodies = query.body_terms()
        self._require_bodies(bodies)
        if not build_index and not self.index_ready:
            raise IndexNotReady
        index = self.index
        evaluator = self._evaluator(triage)
        tiers = evaluator.tiers(query)
        stories = self.story_bits().stories if one_per_story else None
        if one_per_story:
            tiers = self.story_bits().one_per_story(tiers)
        matched = union(tiers)
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
        elif positive and (order := evaluator.body_order(positive[0])) is not None:
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

    def _evaluator(self, triage: TriageView) -> QueryEvaluator:
        """The evaluator of one query over the index in use (the words' kept results
        go with their index: a new index starts them afresh)."""
        index = self.index
        if self._words is None or self._words.index is not index:
            self._words = WordScorer(index)
        return QueryEvaluator(
            index, self._words, triage, stories=self.story_bits, bodies=self.bodies
        )

    def _require_bodies(self, body_terms: tuple[BodyQuery, ...]) -> None:
        """A query with ``body:`` terms is an error where there are no body indexes."""
        if body_terms and self.bodies is None:
            raise QueryError("body:", "full-text search of the bodies is not available here")


__all__ = ["IndexNotReady", "Matcher"]
