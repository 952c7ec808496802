"""The screens the reader's commands open over the list, and what their answers do: the
overview and the saved searches filter the list, the filter is saved under a name, the
list (or the selection) is exported as a digest, and the files that could not be read
are listed.

:class:`ReaderDialogs` opens them for the reader screen and applies what was chosen
through the screen's public side (:class:`FilterOwner`): the screen keeps the filter.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, Protocol

from textual.app import App

from tui_reader.data.session import FeedSession
from tui_reader.data.triage import TriageView
from tui_reader.query import MatchResult
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.dates import Clock
from tui_reader.ui.digest_export import export_digest
from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.safe_text import BRIEF, notify_literal
from tui_reader.ui.saved_searches import SavedSearches


class FilterOwner(Protocol):
    """The reader screen as its dialogs see it: the list, and the filter it shows."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def result(self) -> MatchResult: ...
    @property
    def article_list(self) -> ArticleList: ...
    def set_filter(self, text: str) -> None: ...
    def refilter(self, keep_cursor: bool = False) -> None: ...
    def key_for(self, command_id: str) -> str: ...


class ReaderDialogs:
    """The overview, the saved searches, saving the filter, the digest export and the
    load errors, for ``owner``'s list of ``session``'s feed."""

    def __init__(
        self,
        owner: FilterOwner,
        session: FeedSession,
        triage: TriageView,
        searches: SavedSearches,
        clock: Clock,
    ) -> None:
        self.owner = owner
        self.session = session
        self.triage = triage
        self.searches = searches
        self.clock: Clock = clock

    def overview(self) -> None:
        # Imported here: not needed for the first frame.
        from tui_reader.ui.overview_screen import OverviewScreen

        overview = OverviewScreen(self.session.store, self.triage)
        self.owner.app.push_screen(overview, self.filter_chosen)

    def saved_searches(self) -> None:
        self.searches.open_list(
            self.owner.app,
            lambda name: self.filter_chosen(f"search:{name}" if name else None),
            changed=lambda: self.owner.refilter(keep_cursor=True),
        )

    def filter_chosen(self, query: str | None) -> None:
        """Filter by what was picked in the overview or the saved searches, and say so."""
        if query:
            owner = self.owner
            owner.set_filter(query)
            owner.article_list.focus()
            notify_literal(
                owner.app,
                f"Filtered: {query} — {len(owner.result.uids):,} shown. "
                f"{owner.key_for('clear_filter')} clears it.",
                timeout=BRIEF,
            )

    def save_search(self, query: str) -> None:
        """Ask a name for the filter ``query`` (as typed) and save it."""
        self.searches.ask_to_save(self.owner.app, query.strip(), self.owner.key_for)

    def export(self, marked: Collection[int], query: str) -> None:
        """Export the ``marked`` articles, else the list, as a digest of ``query``."""
        store = self.session.store
        chosen = [uid for uid in sorted(marked) if uid in store]
        uids = chosen or list(self.owner.result.uids)
        today: datetime = self.clock()
        export_digest(
            self.owner.app,
            [store[uid] for uid in uids],
            self.triage,
            query=query,
            what="the selection" if chosen else "the list",
            default_name=f"digest-{today:%Y-%m-%d}.md",
        )

    def errors(self) -> None:
        self.owner.app.push_screen(ErrorsScreen(self.session.errors))
