"""The triage views (all, unread, starred, archived) as a filter over the query result.

The view is applied after the query, so it works whatever the query engine; the same
states are also ``is:`` terms of the query language. Archived articles leave every view
but "archived", unless the query itself asks for them with ``is:archived``.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from tui_reader.data.store import SortKey
from tui_reader.data.triage_view import NoTriage, TriageView
from tui_reader.query import Matcher, MatchResult

ARCHIVED_TERM = "is:archived"


class ViewMode(Enum):
    """Which articles the list shows before the query narrows them."""

    ALL = "all"
    UNREAD = "unread"
    STARRED = "starred"
    ARCHIVED = "archived"


def asks_for_archived(query_text: str) -> bool:
    """Whether the query names archived articles itself (then the view keeps them)."""
    return any(word.casefold() == ARCHIVED_TERM for word in query_text.split())


def admits(mode: ViewMode, triage: TriageView, key: str, *, keep_archived: bool) -> bool:
    """Whether the article ``key`` belongs in view ``mode``."""
    archived = triage.is_archived(key)
    if mode is ViewMode.ARCHIVED:
        return archived
    if archived and not keep_archived:
        return False
    if mode is ViewMode.UNREAD:
        return not triage.is_read(key)
    if mode is ViewMode.STARRED:
        return triage.is_starred(key)
    return True


class ViewMatcher(Matcher):
    """The query engine, with the current view applied to its result."""

    mode: ViewMode = ViewMode.ALL

    def run(
        self,
        text: str,
        sort: SortKey = SortKey.DATE,
        triage: TriageView | None = None,
    ) -> MatchResult:
        result = super().run(text, sort, triage)
        view = triage or NoTriage()
        keep_archived = asks_for_archived(text)
        store = self.store
        uids = [
            uid
            for uid in result.uids
            if admits(self.mode, view, store[uid].key, keep_archived=keep_archived)
        ]
        return replace(result, uids=uids)
