"""The triage views (all, unread, starred, archived) as clauses added to the query.

A view is part of the question the engine answers, not a filter applied afterwards:
"unread" adds ``is:unread`` and ``!is:archived``. Archived articles leave every view but
"archived", unless the query itself names ``is:archived`` (then it decides).
"""

from __future__ import annotations

from enum import StrEnum

from tui_reader.query.atoms import TriageCondition, TriageTerm
from tui_reader.query.parsed_query import Clause, Query, Term


class View(StrEnum):
    """Which articles the list shows before the query narrows them."""

    ALL = "all"
    UNREAD = "unread"
    STARRED = "starred"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        """How the header names the view ("all" leaves archived articles out)."""
        return self.value


def _clause(condition: TriageCondition, *, negated: bool = False) -> Clause:
    source = f"{'!' if negated else ''}is:{condition.value}"
    return Clause((Term(TriageTerm(condition), negated, source),))


def with_view(query: Query, view: View) -> Query:
    """``query`` restricted to ``view``."""
    clauses: list[Clause] = []
    if view is View.ARCHIVED:
        clauses.append(_clause(TriageCondition.ARCHIVED))
    elif TriageCondition.ARCHIVED not in query.triage_conditions():
        clauses.append(_clause(TriageCondition.ARCHIVED, negated=True))
    if view is View.UNREAD:
        clauses.append(_clause(TriageCondition.UNREAD))
    elif view is View.STARRED:
        clauses.append(_clause(TriageCondition.STARRED))
    return query.with_clauses(tuple(clauses))
