"""``search:NAME``: a saved search resolved, at parse time, into its own parsed query.

The saved search's text is parsed by the same parser that met ``search:NAME``; that
parser is handed in (``parse_within``) rather than imported, since it imports this. A
search that names one it is being expanded for is a cycle, reported with its chain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tui_reader.query.parsed_query import Query, SearchTerm
from tui_reader.query.query_error import QueryError

Searches = Mapping[str, str]
"""Saved searches by name (lower case): what ``search:NAME`` refers to."""


@dataclass(frozen=True, slots=True)
class SearchScope:
    """What a term needs besides its text: the saved searches, and the chain of
    searches being expanded (to name a cycle)."""

    searches: Searches
    within: tuple[str, ...] = ()


ParseWithin = Callable[[str, SearchScope], Query]
"""The parser: a query's text, parsed in a scope."""


def resolve_search(
    source: str, name: str, scope: SearchScope, parse_within: ParseWithin
) -> SearchTerm:
    """``search:NAME``: the saved search's query, parsed with the same searches."""
    searches = scope.searches
    if name not in searches:
        started = [known for known in sorted(searches) if known.startswith(name)]
        if not searches:
            why = "no saved searches yet (ctrl+s in the filter saves one)"
        else:
            why = f"no saved search {name!r} (saved: {', '.join(sorted(searches))})"
        raise QueryError(source, why if name else "search: needs a name", incomplete=bool(started))
    if name in scope.within:
        chain = [*scope.within[scope.within.index(name) :], name]
        raise QueryError(source, "a cycle of searches: " + " → ".join(f"search:{n}" for n in chain))
    try:
        query = parse_within(searches[name], SearchScope(searches, (*scope.within, name)))
    except QueryError as error:
        if error.message.startswith("a cycle of searches"):
            raise QueryError(source, error.message) from None
        raise QueryError(
            source, f"the saved search {name!r} does not run: {error.term}: {error.message}"
        ) from None
    return SearchTerm(name, query)
