"""The ``e`` screen: the files that could not be loaded, and why."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.data.model import LoadError
from tui_reader.ui.safe_text import feed_text, join_lines, name_text

MAX_LISTED = 5000
"""More errors than this are counted, not listed (the list is for reading, not export)."""


class ErrorsScreen(ModalScreen[None]):
    """Each load error as a path and its reason (paths are feed data: shown literally)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e,q", "dismiss", "Close errors"),
    ]

    DEFAULT_CSS = """
    ErrorsScreen {
        align: center middle;
        #errors-list {
            width: 100%; height: 100%; border: round $error; background: $surface;
        }
    }
    """

    def __init__(self, errors: list[LoadError]) -> None:
        super().__init__()
        self.errors = errors

    def compose(self) -> ComposeResult:
        options = [
            Option(join_lines([name_text(error.path, "bold"), feed_text(f"  {error.reason}")]))
            for error in self.errors[:MAX_LISTED]
        ]
        if not options:
            options.append(Option(Content("No errors: every file loaded."), disabled=True))
        if len(self.errors) > MAX_LISTED:
            more = len(self.errors) - MAX_LISTED
            options.append(Option(Content(f"… and {more:,} more"), disabled=True))
        errors_list = OptionList(*options, id="errors-list")
        count = len(self.errors)
        files = "file" if count == 1 else "files"
        title = f"{count:,} {files} could not be loaded" if count else "All files loaded"
        errors_list.border_title = title
        errors_list.border_subtitle = "Escape closes"
        yield errors_list

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
