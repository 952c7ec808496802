"""What the terms on the reader's own state select: ``is:``, the reader's ``tag:``s,
``note:``, ``has:``; and a view alone, answered without a search index.

The bitsets come from the index's key bits, which follow the triage view through its
generation (a triage action costs work in the keys it touched, not in the feed).
"""

from __future__ import annotations

from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import Flag, TriageView
from tui_reader.query.atoms import HasCondition, HasTerm, NoteTerm, TriageCondition, TriageTerm
from tui_reader.query.field_bits import value_matches
from tui_reader.query.index import SearchIndex
from tui_reader.query.parsed_query import Query

TriageAtom = TriageTerm | NoteTerm | HasTerm


def triage_bits(index: SearchIndex, atom: TriageAtom, candidates: int, triage: TriageView) -> int:
    """The candidates ``atom`` selects in ``triage``."""
    if isinstance(atom, NoteTerm):
        return candidates & index.note_bits(atom.text, triage)
    if isinstance(atom, HasTerm):
        keys = (
            triage.keys_with_note()
            if atom.condition is HasCondition.NOTE
            else triage.keys_with_tags()
        )
        return candidates & index.key_bits(("has", atom.condition.value), keys, triage)
    flagged = index.flag_bits(atom.condition.flag, triage)
    if atom.condition is TriageCondition.UNREAD:
        return candidates & ~flagged
    return candidates & flagged


def reader_tag_bits(index: SearchIndex, needle: str, triage: TriageView) -> int:
    """Articles the reader tagged with a tag matching ``needle`` (as values match)."""
    found = 0
    for tag in triage.tag_counts():
        if value_matches(needle, tag):
            found |= index.key_bits(("tag", tag), triage.keys_with_tag(tag), triage)
    return found


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
            flag = condition.flag
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
