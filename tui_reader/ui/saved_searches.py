"""The reader's saved searches: config.toml's and the app's, in the matcher and counted.

:class:`SavedSearches` is the screen's one place for them: it reads both kinds (the
file's win on a name), hands them to the matcher (``search:NAME``) and to the
:class:`~tui_reader.query.search_counts.SearchCounter` the ``f`` screen shows, saves the
filter under a name (``ctrl+s``, checked in the box: a name config.toml has, or one that
would make a cycle, is refused there) and forgets one saved in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.content import Content

from tui_reader.config import Config
from tui_reader.data.triage import (
    SavedSearch,
    SearchNameError,
    TriageError,
    TriageState,
    TriageView,
    by_name,
    merge_searches,
    normal_search_name,
)
from tui_reader.query import Matcher, QueryError, parse
from tui_reader.query.search_counts import SearchCounter
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.safe_text import join_lines, labelled, notify_literal
from tui_reader.ui.searches_screen import SearchesScreen


class SavedSearches:
    """Every saved search of one reader screen (see the module docstring)."""

    def __init__(
        self, state: TriageState | None, config: Config, matcher: Matcher, triage: TriageView
    ) -> None:
        self.state = state
        self.config = config
        self.matcher = matcher
        self.counter = SearchCounter(matcher, triage)
        self.searches: list[SavedSearch] = []
        """config.toml's, then the app's: what ``f`` lists."""
        self.problem = self.load()
        """Why the app's searches could not be read (empty: they could)."""

    def load(self) -> str:
        """Read every search into the matcher and the counter; a problem to say."""
        saved: dict[str, str] = {}
        problem = ""
        if self.state is not None:
            try:
                saved = self.state.saved_searches()
            except TriageError as error:
                problem = f"The searches saved in the app cannot be read: {error}"
        self.searches = merge_searches(self.config.searches, saved)
        self.matcher.searches = by_name(self.searches)
        self.counter.set_searches(self.searches)
        return problem

    def open_list(
        self, app: App[Any], chosen: Callable[[str | None], None], changed: Callable[[], None]
    ) -> None:
        """The ``f`` screen; ``chosen`` gets the name picked, ``changed`` runs when one
        was forgotten (the filter may name it)."""

        def forget(search: SavedSearch) -> bool:
            if self.state is None:
                return False
            try:
                forgotten = self.state.forget_search(search.name)
            except TriageError as error:
                notify_literal(app, f"Search not forgotten: {error}", severity="error")
                return False
            self.load()
            changed()
            return forgotten

        app.push_screen(SearchesScreen(self.counter, forget=forget), chosen)

    def ask_to_save(self, app: App[Any], query: str, key_for: Callable[[str], str]) -> None:
        """Ask a name for ``query`` and save it (in the triage database)."""
        if not query:
            notify_literal(
                app,
                f"Nothing to save: type a filter ({key_for('filter')}), "
                f"then {key_for('save_search')} names it.",
            )
            return
        if self.state is None:
            notify_literal(
                app,
                "No triage state here to save searches in: add it to [searches] in "
                "config.toml instead.",
                severity="warning",
            )
            return
        try:
            parse(query, self.matcher.searches)
        except QueryError as error:
            message = f"This filter does not run: {error.term}: {error.message}"
            notify_literal(app, message, severity="warning")
            return
        state = self.state

        def check(name: str) -> str | None:
            try:
                normal = normal_search_name(name)
            except SearchNameError as error:
                return str(error)
            if normal in self.config.searches:
                return f"{normal} is in config.toml: choose another name (or edit the file)."
            try:
                parse(query, {**self.matcher.searches, normal: query}, within=[normal])
            except QueryError as error:
                return error.message
            return None

        def answered(name: str | None) -> None:
            if name is None:
                return
            normal = normal_search_name(name)
            replaced = normal in self.matcher.searches
            try:
                state.save_search(normal, query)
            except TriageError as error:
                notify_literal(app, f"Search not saved: {error}", severity="error")
                return
            self.load()
            verb = "Replaced" if replaced else "Saved"
            notify_literal(
                app,
                f"{verb} search:{normal} ({query}) — {key_for('searches')} lists your searches.",
            )

        names = ", ".join(search.name for search in self.searches) or "none yet"
        question = join_lines(
            [
                labelled("Filter", query),
                Content.styled("A name (letters, digits, - and _):", "bold"),
            ]
        )
        app.push_screen(
            InputDialog(
                "Save the filter as a search",
                question,
                placeholder="e.g. policing-unread",
                note=f"Saved so far: {names}. Enter: save    Escape: cancel",
                check=check,
            ),
            answered,
        )
