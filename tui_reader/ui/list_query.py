"""The question the list asks the engine: the filter text, the view, the order.

A ``body:`` word still being typed (the last thing in the filter, no space after it) is
looked for as a prefix, as free words are: ``body:surveil`` already finds
"surveillance", where the CLI's ``--query body:surveil`` asks for that word exactly.

A term still being typed (``provider:``, ``after:2021-0``) is an incomplete query: the
list is answered by the text before that term, so it does not empty under the reader's
fingers, and the hint says what the term still needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

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
    one_per_story: bool = False

    def run(
        self, matcher: Matcher, triage: TriageView, *, build_index: bool = True
    ) -> tuple[MatchResult | None, QueryError | None]:
        """The result, or None with the error; for a half-typed last term, the result
        of the text before it with that error as a hint. Without ``build_index``,
        raises ``IndexNotReady`` rather than build the search index here."""
        run = partial(self._run, matcher=matcher, triage=triage, build_index=build_index)
        try:
            return run(_as_typed(self.text)), None
        except QueryError as error:
            if not error.incomplete or not self.text.rstrip().endswith(error.term):
                return None, error
            before = self.text.rstrip()[: -len(error.term)]
            try:
                return run(before), error
            except QueryError:
                return None, error

    def _run(
        self, text: str, *, matcher: Matcher, triage: TriageView, build_index: bool
    ) -> MatchResult:
        result = matcher.run(
            text,
            self.sort,
            triage,
            self.view,
            in_bodies=self.in_bodies,
            one_per_story=self.one_per_story,
            build_index=build_index,
        )
        return reversed_result(result) if self.reverse else result


# The last term of the text, a plain body: word without a closing space, quote or star.
# Anchored at the end and made of one character class: a scan is linear.
_BODY_WORD_TYPED = re.compile(r'(?:^|\s)!?body:[^\s"*]+\Z')


def _as_typed(text: str) -> str:
    """``text`` with a body: word being typed at its end made a prefix (``word*``)."""
    return text + "*" if _BODY_WORD_TYPED.search(text) else text
