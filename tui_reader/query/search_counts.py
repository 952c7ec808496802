"""Live counts of saved searches (total and unread), counted a search at a time.

The searches list shows every search with how many articles it matches and how many of
those are unread. A count is :meth:`Matcher.count` (bitsets: no row is ordered), stamped
with the generations it was made at: the store's (the folder watch), the triage state's
(reading, tagging) and the list of searches'. When one moves, the counts are stale and
are made again, one search per :meth:`SearchCounter.count_next` call, so the caller can
spread them over frames (each one costs what a keystroke in the filter costs); the old
number stays shown until the new one is there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.data.triage import SavedSearch, TriageView, by_name
from tui_reader.query.engine import Matcher
from tui_reader.query.parser import parse
from tui_reader.query.query_error import QueryError

Stamp = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class SearchCount:
    """A search's counts, or why it cannot run (``error``: a cycle, a missing search)."""

    total: int = 0
    unread: int = 0
    error: str = ""


class SearchCounter:
    """The counts of a list of searches over one matcher and triage view."""

    def __init__(self, matcher: Matcher, triage: TriageView) -> None:
        self.matcher = matcher
        self.triage = triage
        self.searches: tuple[SavedSearch, ...] = ()
        self._version = 0
        self._counts: dict[str, tuple[Stamp, SearchCount]] = {}

    def set_searches(self, searches: Sequence[SavedSearch]) -> None:
        """Count these from now on (what each refers to may have changed: all stale)."""
        self.searches = tuple(searches)
        self._version += 1
        names = {search.name for search in searches}
        self._counts = {name: found for name, found in self._counts.items() if name in names}

    def _stamp(self) -> Stamp:
        return (self.matcher.store.generation, self.triage.generation, self._version)

    def count_of(self, name: str) -> SearchCount | None:
        """The last count of ``name`` (maybe stale), None before the first."""
        found = self._counts.get(name)
        return found[1] if found is not None else None

    def is_current(self, name: str) -> bool:
        found = self._counts.get(name)
        return found is not None and found[0] == self._stamp()

    def pending(self) -> list[str]:
        """The searches whose count is missing or stale, in list order."""
        stamp = self._stamp()
        return [
            search.name
            for search in self.searches
            if (found := self._counts.get(search.name)) is None or found[0] != stamp
        ]

    def count_next(self) -> str | None:
        """Count the first search that needs it; its name (None: all are current)."""
        waiting = self.pending()
        if not waiting:
            return None
        name = waiting[0]
        search = next(s for s in self.searches if s.name == name)
        table = by_name(self.searches)
        try:
            query = parse(search.query, table, within=[name])
            total, unread = self.matcher.count(query, self.triage)
            count = SearchCount(total, unread)
        except QueryError as error:
            count = SearchCount(error=f"{error.term}: {error.message}")
        self._counts[name] = (self._stamp(), count)
        return name
