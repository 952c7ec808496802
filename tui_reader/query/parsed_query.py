"""A parsed query: terms (atoms, maybe negated) in clauses that must all hold.

``SearchTerm`` is here rather than among the atoms because it holds a whole ``Query``
(the saved search's own, parsed): the two refer to each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui_reader.data.body_index import BodyQuery
from tui_reader.data.triage import Flag
from tui_reader.query.atoms import (
    DateTerm,
    FieldTerm,
    HasTerm,
    NoteTerm,
    NumberTerm,
    PublishedTerm,
    RepeatTerm,
    StoryTerm,
    TextField,
    TextMode,
    TriageCondition,
    TriageTerm,
    UrlTerm,
    WordTerm,
)


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """``search:NAME``: the articles the saved search's own ``query`` selects."""

    name: str
    query: Query


Atom = (
    WordTerm
    | FieldTerm
    | NumberTerm
    | DateTerm
    | PublishedTerm
    | TriageTerm
    | UrlTerm
    | BodyQuery
    | StoryTerm
    | RepeatTerm
    | NoteTerm
    | HasTerm
    | SearchTerm
)


@dataclass(frozen=True, slots=True)
class Term:
    """One atom, possibly negated; ``source`` is the text it came from (for messages)."""

    atom: Atom
    negated: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True)
class Clause:
    """Alternatives joined by ``|``: the clause holds when any of them does."""

    terms: tuple[Term, ...]

    @property
    def fuzzy_words(self) -> tuple[WordTerm, ...]:
        """The positive words of this clause (they are what gets ranked)."""
        return tuple(t.atom for t in self.terms if isinstance(t.atom, WordTerm) and not t.negated)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every clause must hold."""

    text: str
    clauses: tuple[Clause, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def ranks(self) -> bool:
        """Whether free words decide the order (otherwise the chosen sort does)."""
        return any(clause.fuzzy_words for clause in self.clauses)

    def highlight_words(self) -> tuple[WordTerm, ...]:
        """Every positive word, for highlighting."""
        return tuple(word for clause in self.clauses for word in clause.fuzzy_words)

    def atoms(self) -> Iterator[Atom]:
        """Every atom, negated or not, those of ``search:`` references included."""
        for clause in self.clauses:
            for term in clause.terms:
                yield term.atom
                if isinstance(term.atom, SearchTerm):
                    yield from term.atom.query.atoms()

    def with_bodies(self) -> Query:
        """Free words widened to the bodies: each plain word also matches the bodies
        (as ``body:word*``: typing on narrows, as it does for the words)."""
        clauses = []
        for clause in self.clauses:
            widened = tuple(
                Term(BodyQuery(term.atom.text, prefix=True), False, f"body:{term.atom.text}*")
                for term in clause.terms
                if isinstance(term.atom, WordTerm)
                and term.atom.mode is TextMode.FUZZY
                and not term.negated
            )
            clauses.append(Clause(clause.terms + widened) if widened else clause)
        return Query(self.text, tuple(clauses))

    def body_terms(self) -> tuple[BodyQuery, ...]:
        """Every ``body:`` term, negated or not (they need the body index)."""
        return tuple(atom for atom in self.atoms() if isinstance(atom, BodyQuery))

    @property
    def only_triage(self) -> bool:
        """Whether every term is an ``is:`` term (the query is a view, nothing more)."""
        return bool(self.clauses) and all(
            isinstance(term.atom, TriageTerm) for clause in self.clauses for term in clause.terms
        )

    def triage_conditions(self) -> frozenset[TriageCondition]:
        """The ``is:`` conditions the query names, negated or not (in saved searches
        it refers to too)."""
        return frozenset(atom.condition for atom in self.atoms() if isinstance(atom, TriageTerm))

    def depends_on(self, flag: Flag) -> bool:
        """Whether changing ``flag`` on an article can change whether it matches."""
        return any(condition.flag is flag for condition in self.triage_conditions())

    @property
    def depends_on_annotations(self) -> bool:
        """Whether changing the reader's tags or notes can change what it matches."""
        return any(
            isinstance(atom, NoteTerm | HasTerm)
            or (isinstance(atom, FieldTerm) and atom.field is TextField.TAG)
            for atom in self.atoms()
        )

    def with_clauses(self, clauses: tuple[Clause, ...]) -> Query:
        """This query with more clauses that must hold too (the text stays the reader's)."""
        return Query(self.text, self.clauses + clauses)
