"""The question the list asks the engine: the filter text, the view, the order.

A term still being typed (``provider:``, ``after:2021-0``) is an incomplete query: the
list is answered by the text before that term, so it does not empty under the reader's
fingers, and the hint says what the term still needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.data.store import SortKey
from tui_reader.data.triage import TriageView
from tui_reader.query import Matcher, MatchResult, QueryError
from tui_reader.query.views import View
from tui_reader.ui.sort_order import reversed_result


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Everything that decides which rows the list shows, and in which order."""

    text: str
    sort: SortKey
    reverse: bool
    view: View | None
    in_bodies: bool

    def run(
        self, matcher: Matcher, triage: TriageView
    ) -> tuple[MatchResult | None, QueryError | None]:
        """The result, or None with the error; for a half-typed last term, the result
        of the text before it with that error as a hint."""
        try:
            return self._run(self.text, matcher, triage), None
        except QueryError as error:
            if not error.incomplete or not self.text.rstrip().endswith(error.term):
                return None, error
            before = self.text.rstrip()[: -len(error.term)]
            try:
                return self._run(before, matcher, triage), error
            except QueryError:
                return None, error

    def _run(self, text: str, matcher: Matcher, triage: TriageView) -> MatchResult:
        result = matcher.run(text, self.sort, triage, self.view, in_bodies=self.in_bodies)
        return reversed_result(result) if self.reverse else result
