"""The top line: feed name, shown / total / unread counts, load progress, errors."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from tui_reader.ui.safe_text import feed_text


@dataclass(slots=True)
class FeedStatus:
    """What the header reports."""

    feed_name: str = ""
    shown: int = 0
    total: int = 0
    unread: int = 0
    loaded_files: int = 0
    files: int = 0
    loading: bool = False
    errors: int = 0
    sort: str = "date"
    note: str = ""
    """What the live watch last changed ("12:04 2 new, 1 changed")."""


class StatusHeader(Static):
    """One line of status; the feed name is feed-derived text, so it is Content."""

    DEFAULT_CSS = """
    StatusHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show_status(self, status: FeedStatus) -> None:
        """Render ``status``."""
        # Most important first: at 80 columns the end of the line is what gets cut.
        parts: list[Content] = [
            feed_text(status.feed_name or "tui-reader", "bold"),
            Content(f"  {status.shown:,}/{status.total:,} shown  {status.unread:,} unread"),
        ]
        if status.loading:
            percent = 100 * status.loaded_files // status.files if status.files else 0
            parts.append(Content.styled(f"  loading {percent}%", "italic"))
        if status.note:
            parts.append(Content.styled(f"  {status.note}", "italic"))
        if status.errors:
            parts.append(Content.styled(f"  {status.errors:,} errors (e)", "bold $error"))
        parts.append(Content(f"  sort: {status.sort}"))
        self.update(Content.assemble(*parts))
