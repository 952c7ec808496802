"""The ``f`` screen: every saved search with its live counts; Enter filters by one.

Each row is a search's name, how many articles it matches and how many of those are
unread (``N  unread``), and its query; config.toml's searches are marked as such. The
counts come from :class:`~tui_reader.query.search_counts.SearchCounter`: made a few
searches per tick (never more than a few milliseconds on the UI thread), again whenever
the store or the triage state moves while the screen is open, the old number shown
(dimmed) until the new one is there. The screen dismisses with the name chosen, or None.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.data.triage import SavedSearch
from tui_reader.query.search_counts import SearchCounter
from tui_reader.ui.command_table import SEARCHES, bindings
from tui_reader.ui.safe_text import feed_text

TICK_SECONDS = 0.05
"""How often pending counts are made (and the generations looked at)."""
BUDGET_SECONDS = 0.008
"""At most this long counting per tick (at least one search)."""
NAME_WIDTH = 18
COUNT_WIDTH = 7


def search_prompt(search: SavedSearch, counter: SearchCounter) -> Content:
    """``name   total   unread unread   query`` (counts dimmed while stale)."""
    count = counter.count_of(search.name)
    current = counter.is_current(search.name)
    name = feed_text(search.name, "bold").truncate(NAME_WIDTH, ellipsis=True, pad=True)
    if count is None:
        numbers = Content.styled(f"{'…':>{COUNT_WIDTH}} {'':>{COUNT_WIDTH}}        ", "dim")
    elif count.error:
        numbers = Content.styled(f"{'cannot run':>{COUNT_WIDTH * 2 + 8}}", "$error")
    else:
        numbers = Content.styled(
            f"{count.total:>{COUNT_WIDTH},} {count.unread:>{COUNT_WIDTH},} unread",
            "" if current else "dim",
        )
    origin = Content.styled(" (config.toml)", "italic") if search.origin == "config" else ""
    lines = [Content.assemble(name, numbers, "  ", feed_text(search.query), origin)]
    if count is not None and count.error:
        lines.append(Content.assemble("  ", feed_text(count.error, "$error")))
    return Content("\n").join(lines)


class SearchesScreen(ModalScreen[str | None]):
    """The saved searches; Enter filters by one, delete forgets one saved in the app."""

    COMMANDS_GROUP = SEARCHES
    BINDINGS: ClassVar[list[BindingType]] = bindings(SEARCHES)

    DEFAULT_CSS = """
    SearchesScreen #searches-box { width: 100; height: auto; max-height: 100%; }
    SearchesScreen #searches-list { height: auto; max-height: 20; border: none; padding: 0;
                                    margin: 1 0 0 0; }
    SearchesScreen #searches-note { color: $text-muted; margin: 1 0 1 0; }
    """

    def __init__(
        self, counter: SearchCounter, *, forget: Callable[[SavedSearch], bool] | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.counter = counter
        self.forget_search = forget

    @property
    def searches(self) -> tuple[SavedSearch, ...]:
        return self.counter.searches

    def compose(self) -> ComposeResult:
        with Vertical(id="searches-box", classes="dialog") as box:
            box.border_title = "Saved searches"
            box.border_subtitle = "Enter filters · delete forgets · Escape closes"
            yield OptionList(*self._options(), id="searches-list")
            yield Static(Content(self._note()), id="searches-note")

    def _note(self) -> str:
        if not self.searches:
            return (
                "No saved searches yet: ctrl+s in the filter saves one, or add "
                '[searches] to config.toml (policing = "topic:policing is:unread").'
            )
        return "Counts: matching, and of those unread (archived left out, as in view 1)."

    def _options(self) -> list[Option]:
        return [Option(search_prompt(search, self.counter)) for search in self.searches]

    def on_mount(self) -> None:
        self.set_focus(self.query_one(OptionList))
        self._tick()
        self.set_interval(TICK_SECONDS, self._tick)

    def _tick(self) -> None:
        """Count what is stale, a few searches at most, and show the new numbers."""
        counter = self.counter
        if not counter.matcher.index_ready and len(counter.matcher.store) > SMALL_FEED:
            return  # being built in a worker (a feed changing): count when it is there
        started = time.perf_counter()
        while (name := counter.count_next()) is not None:
            self._show(name)
            if time.perf_counter() - started > BUDGET_SECONDS:
                break

    def _show(self, name: str) -> None:
        options = self.query_one(OptionList)
        for index, search in enumerate(self.searches):
            if search.name == name and index < options.option_count:
                options.replace_option_prompt_at_index(index, search_prompt(search, self.counter))

    def _chosen(self) -> SavedSearch | None:
        index = self.query_one(OptionList).highlighted
        return self.searches[index] if index is not None and index < len(self.searches) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        search = self._chosen()
        if search is None:
            self.app.bell()
            return
        self.dismiss(search.name)

    def action_forget(self) -> None:
        search = self._chosen()
        if search is None or self.forget_search is None:
            self.app.bell()
            return
        note = self.query_one("#searches-note", Static)
        if search.origin == "config":
            note.update(feed_text(f"{search.name} is in config.toml: edit the file to remove it."))
            return
        if self.forget_search(search):
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options(self._options())
            note.update(feed_text(f"Forgot the search {search.name}."))

    def action_close(self) -> None:
        self.dismiss(None)


SMALL_FEED = 5_000
"""Below this many articles building the index on the spot costs less than a frame or
two, so counts never wait for the worker."""
