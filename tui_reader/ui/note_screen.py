"""The note box (``c``): the reader's own note on an article, several lines, in a
Textual ``TextArea``. Escape (or ctrl+s) saves and closes: what was typed is never lost
(``u`` undoes the note; an empty note removes it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui_reader.ui.command_table import NOTE, bindings


class NoteScreen(ModalScreen[str]):
    """Dismisses with the text as it is when the reader leaves."""

    COMMANDS_GROUP = NOTE
    BINDINGS: ClassVar[list[BindingType]] = bindings(NOTE)

    DEFAULT_CSS = """
    NoteScreen #note-box { width: 72; height: 16; max-height: 100%; }
    NoteScreen #note-subject { margin: 1 0 0 0; height: auto; max-height: 2; }
    NoteScreen #note-text { height: 1fr; margin: 1 0 0 0; }
    NoteScreen #note-keys { color: $text-muted; margin: 0 0 1 0; }
    """

    def __init__(self, subject: Content, text: str) -> None:
        super().__init__(classes="dialog-screen")
        self.subject = subject
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="dialog") as box:
            box.border_title = "Your note"
            yield Static(self.subject, id="note-subject")
            yield TextArea(self.text, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content("Escape or ctrl+s: save and close · empty: no note · u undoes"),
                id="note-keys",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
