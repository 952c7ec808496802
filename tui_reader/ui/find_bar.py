"""The find bar under the article (``ctrl+f``): type to mark matches, Enter for the next."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tui_reader.ui.command_table import FIND, bindings


class FindBar(Horizontal):
    """One line: the text to find and where the current match is ("3 of 12")."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(FIND)

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
        &.-active { display: block; }
        & > Input, & > Input:focus { border: none; height: 1; width: 1fr; padding: 0 1; }
        #find-count { width: auto; min-width: 12; padding: 0 1; color: $text-muted; }
    }
    """

    class Changed(Message):
        """The text to find changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    class Done(Message):
        """The reader closed the bar (the matches stay marked)."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find in the article", id="find-input")
        yield Static(Content(""), id="find-count")

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        """Show the bar with the cursor in it (keys typed right after go there)."""
        self.add_class("-active")
        self.styles.display = "block"
        field = self.query_one(Input)
        self.screen.set_focus(field)
        field.select_all()

    def show_text(self, text: str) -> None:
        """Show the bar with ``text`` to find, leaving the focus where it is."""
        self.add_class("-active")
        self.query_one(Input).value = text

    def close(self) -> None:
        self.remove_class("-active")
        self.styles.clear_rule("display")

    def show_count(self, current: int, count: int, *, complete: bool) -> None:
        """``3 of 12``, ``12 found``, or ``no match``."""
        more = "" if complete else "+"
        if not self.text:
            text = ""
        elif count == 0:
            text = "no match" if complete else "searching…"
        elif current < 0:
            text = f"{count:,}{more} found"
        else:
            text = f"{current + 1:,} of {count:,}{more}"
        self.query_one("#find-count", Static).update(Content(text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(1))

    def action_step(self, direction: int) -> None:
        self.post_message(self.Step(direction))

    def action_done(self) -> None:
        self.close()
        self.post_message(self.Done())
