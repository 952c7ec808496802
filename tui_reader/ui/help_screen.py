"""The ``?`` screen: every key that applies, generated from the live bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.ui.key_catalog import KeyCommand

KeyGroup = tuple[str, list[tuple[str, str]]]
"""A heading and its (keys, description) rows."""


class HelpScreen(ModalScreen[None]):
    """Lists key groups handed over by the app (built from BINDINGS, never by hand)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen #help-body { width: 70; }
    """

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__(classes="dialog-screen")
        self.groups = groups

    @classmethod
    def of_commands(cls, commands: Iterable[KeyCommand]) -> HelpScreen:
        """Help for ``commands``, grouped as they come."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for command in commands:
            groups.setdefault(command.group, []).append(
                (", ".join(command.keys), command.description)
            )
        return cls(list(groups.items()))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Escape closes"
            yield Static(self._content())

    def _content(self) -> Content:
        lines: list[Content] = []
        width = max((len(keys) for _, rows in self.groups for keys, _ in rows), default=8)
        for heading, rows in self.groups:
            if not rows:
                continue
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(heading, "bold underline"))
            for keys, description in rows:
                lines.append(
                    Content.assemble(Content.styled(keys.ljust(width + 2), "bold"), description)
                )
        return Content("\n").join(lines)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
