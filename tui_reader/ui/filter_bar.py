"""The filter input, shown on ``/``, with the live match count beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from tui_reader.data.body_index import BodyProgress
from tui_reader.ui.command_table import FILTER, bindings
from tui_reader.ui.safe_text import feed_text


class FilterBar(Horizontal):
    """Typing here filters the list as you type; Enter or Escape returns to the list."""

    COMMANDS_GROUP = FILTER
    BINDINGS: ClassVar[list[BindingType]] = bindings(FILTER)

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        display: none;
        &.-active { display: block; }
        & > Input, & > Input:focus {
            border: none; height: 1; width: 1fr; min-width: 24; padding: 0 1;
        }
        /* At most half the bar, on one line: what was typed stays in sight. */
        #filter-count {
            width: auto; min-width: 12; max-width: 50%; padding: 0 1; color: $text-muted;
            text-wrap: nowrap; text-overflow: ellipsis;
        }
        #filter-count.-error { color: $error; }
        #filter-scope { width: auto; padding: 0 1; display: none; text-style: bold; }
        &.-bodies #filter-scope { display: block; }
    }
    """

    class Changed(Message):
        """The filter text changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Scope(Message):
        """Free words should (or should no longer) match the bodies too."""

        def __init__(self, bodies: bool) -> None:
            super().__init__()
            self.bodies = bodies

    def __init__(
        self,
        text: str = "",
        *,
        leave_to: Callable[[], Widget] | None = None,
        id: str | None = None,
    ) -> None:
        """``text``: the filter to start with (where the reader left off); the bar is
        shown, without focus, when there is one."""
        super().__init__(id=id, classes="-active" if text else "")
        self._start_text = text
        self._leave_to = leave_to
        """The widget that takes the focus when the reader leaves the filter."""

    def compose(self) -> ComposeResult:
        yield Input(
            self._start_text, placeholder="filter: words in title or provider", id="filter-input"
        )
        yield Static(Content("+ bodies"), id="filter-scope")
        yield Static(Content(""), id="filter-count")

    @property
    def in_bodies(self) -> bool:
        """Whether free words match the bodies too (ctrl+o)."""
        return self.has_class("-bodies")

    def action_toggle_bodies(self) -> None:
        self.toggle_class("-bodies")
        self.post_message(self.Scope(self.in_bodies))

    @property
    def text(self) -> str:
        """The filter as typed."""
        return self.query_one(Input).value

    def open(self) -> None:
        """Show the bar and put the cursor in it."""
        self.add_class("-active")
        field = self.query_one(Input)
        # Focus now, not after pending messages as ``focus()`` does: keys typed right
        # after "/" in one burst (a fast typist, a paste, tmux send-keys) must reach
        # the filter, not act as commands on the list. The display style is set inline
        # because the class's style is only applied on the next refresh.
        self.styles.display = "block"
        self.screen.set_focus(field)

    def show(self) -> None:
        """Show the bar (with its text) without moving the focus."""
        self.add_class("-active")

    def hide(self) -> None:
        self.remove_class("-active")
        self.styles.clear_rule("display")

    def set_text(self, text: str) -> None:
        """Replace the filter text: shown when there is one, closed when cleared."""
        self.query_one(Input).value = text
        if text:
            self.show()
        else:
            self.hide()

    def show_count(self, shown: int, total: int, bodies: BodyProgress | None = None) -> None:
        """Show how many articles match (and, for a body search, how much of the feed
        the bodies' index covered)."""
        count = self.query_one("#filter-count", Static)
        count.remove_class("-error")
        text = f"{shown:,} of {total:,}"
        if bodies is not None and not bodies.complete and bodies.total:
            text += f" (bodies {100 * bodies.indexed // bodies.total}% indexed)"
        count.update(Content(text))

    def show_indexing(self) -> None:
        """Say that the answer waits for the search index (built in the background)."""
        count = self.query_one("#filter-count", Static)
        count.remove_class("-error")
        count.update(Content("indexing the feed…"))

    def show_error(self, message: str, *, incomplete: bool = False) -> None:
        """Show why the query cannot run (it may quote the reader's own text); a term
        still being typed is a hint, not an error, and the list stays as it was."""
        count = self.query_one("#filter-count", Static)
        count.set_class(not incomplete, "-error")
        count.update(feed_text(f"… {message}" if incomplete else message))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def action_done(self) -> None:
        # A priority binding, and the focus moved at once (not after queued messages):
        # a key typed right after Enter or Escape acts on the list, never on the input.
        if not self.text:
            self.hide()
        if self._leave_to is not None:
            self.screen.set_focus(self._leave_to())
