"""A yes/no question in a modal box (bulk triage asks before it acts)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool | None]):
    """Dismisses with True for y or Enter, False for n, None for Escape (no, and the
    asker drops what it asked about: for a bulk action, the selection)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(None)", "Cancel"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        #confirm-box {
            width: 64; max-width: 100%; height: auto;
            border: round $warning; background: $surface; padding: 1 2 0 2;
        }
        #confirm-question { margin-bottom: 1; }
        #confirm-keys { color: $text-muted; }
    }
    """

    def __init__(self, question: Content, keys: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.keys = keys or "y / Enter: yes    n / Escape: no"

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            yield Static(Content(self.keys), id="confirm-keys")

    def action_answer(self, yes: bool | None) -> None:
        self.dismiss(yes)
