"""The line above the article list that names its columns (Title, Provider, Age, Q, H)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui_reader.config import DateStyle
from tui_reader.ui.list_columns import Columns, header_line


class ListHeader(Static):
    """Column names, aligned with the rows; told the widths by the list's messages."""

    DEFAULT_CSS = """
    ListHeader {
        height: 1;
        color: $text-muted;
        text-style: bold;
        text-wrap: nowrap;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)

    def show_columns(self, columns: Columns, dates: DateStyle) -> None:
        self.update(header_line(columns, dates))
