"""The top line: feed name, shown / total / unread counts, view, sort, load progress, errors.

The header holds no state of its own: ``status`` is bound to the reader screen's
reactive of the same name (``data_bind``), and the line is rendered from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui_reader.ui.safe_text import feed_text


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """What the header reports; replaced (never edited) so that watchers fire."""

    feed_name: str = ""
    shown: int = 0
    total: int = 0
    unread: int = 0
    loaded_files: int = 0
    files: int = 0
    loading: bool = False
    errors: int = 0
    sort: str = "date"
    view: str = ""
    """The triage view's name, when there is one ("unread")."""
    selected: int = 0
    note: str = ""
    """What the live watch last changed ("12:04 2 new, 1 changed")."""
    polled: bool = False
    """Whether the folder is polled (no change notifications from the system)."""


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

    status: reactive[FeedStatus] = reactive(FeedStatus, always_update=True)

    def watch_status(self, status: FeedStatus) -> None:
        self.update(status_line(status))


def status_line(status: FeedStatus) -> Content:
    """The header's text; most important first, as the end is cut at 80 columns."""
    parts: list[Content] = [
        feed_text(status.feed_name or "tui-reader", "bold"),
        Content(f"  {status.shown:,}/{status.total:,} shown  {status.unread:,} unread"),
    ]
    if status.selected:
        parts.append(Content.styled(f"  {status.selected:,} selected", "bold"))
    if status.loading:
        percent = 100 * status.loaded_files // status.files if status.files else 0
        parts.append(Content.styled(f"  loading {percent}%", "italic"))
    if status.note:
        parts.append(Content.styled(f"  {status.note}", "italic"))
    if status.polled:
        parts.append(Content.styled("  polled", "italic"))
    if status.errors:
        parts.append(Content.styled(f"  {status.errors:,} errors (e)", "bold $error"))
    if status.view:
        parts.append(Content(f"  view: {status.view}"))
    parts.append(Content(f"  sort: {status.sort}"))
    return Content.assemble(*parts)
