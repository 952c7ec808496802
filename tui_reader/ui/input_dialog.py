"""A one-line question in a modal box: a search's name, tags, a file name.

The answer is checked before the box closes (``check`` returns why it cannot be used, or
None), so a mistake is said where it was typed and the text stays to be corrected. The
screen dismisses with the text, or None on Escape. Everything shown is ``Content``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui_reader.ui.command_table import DIALOG, bindings
from tui_reader.ui.safe_text import feed_text

Check = Callable[[str], str | None]


class InputDialog(ModalScreen[str | None]):
    """``question`` over an input; Enter answers (once ``check`` passes), Escape cancels."""

    COMMANDS_GROUP = DIALOG
    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG)

    DEFAULT_CSS = """
    InputDialog #dialog-box { width: 72; }
    InputDialog #dialog-question { margin: 1 0 0 0; }
    InputDialog #dialog-input { margin: 1 0 0 0; }
    InputDialog #dialog-note { color: $text-muted; margin: 1 0 1 0; }
    InputDialog #dialog-note.-error { color: $error; }
    """

    def __init__(
        self,
        title: str,
        question: Content,
        *,
        value: str = "",
        placeholder: str = "",
        note: str = "Enter: done    Escape: cancel",
        check: Check | None = None,
        suggester: Suggester | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen", id=id)
        self.title_text = title
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.note = note
        self.check = check
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(self.question, id="dialog-question")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                id="dialog-input",
            )
            # The note may name what the reader typed before (search names).
            yield Static(feed_text(self.note), id="dialog-note")

    def on_mount(self) -> None:
        # At once, not after the queue: keys typed right after the one that opened the
        # box go into it.
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check is not None else None
        if problem:
            note = self.query_one("#dialog-note", Static)
            note.add_class("-error")
            note.update(feed_text(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
