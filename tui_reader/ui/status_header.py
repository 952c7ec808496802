"""The top line: feed name, shown / total / unread counts, selection, load progress,
errors on the left; the view and the order on the right, always in sight.

The header holds no state of its own: ``status`` is bound to the reader screen's
reactive of the same name (``data_bind``), and the line is rendered from it. When the
line is too long the left part is cut (with an ellipsis), never the view or the order.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui_reader.data.triage import plural
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
    sort: str = "newest first"
    """The list's order, as people say it."""
    view: str = ""
    """The triage view's name, when there is one ("unread")."""
    selected: int = 0
    note: str = ""
    """What the live watch last changed ("12:04 2 new, 1 changed")."""
    poll_seconds: float = 0.0
    """How often the folder is polled when the system sends no change notifications
    (a network mount); 0: it is watched by notifications, or not at all."""
    bodies_indexed: int = 0
    bodies_total: int = 0
    """How far the full-text index of the bodies is (both 0: not started)."""


class StatusHeader(Horizontal):
    """One line of status; the feed name is feed-derived text, so it is Content."""

    DEFAULT_CSS = """
    StatusHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        #status-left { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        #status-right { width: auto; padding-left: 2; text-wrap: nowrap; }
    }
    """

    status: reactive[FeedStatus] = reactive(FeedStatus, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="status-left")
        yield Static(Content(""), id="status-right")

    def watch_status(self, status: FeedStatus) -> None:
        if not self.is_mounted:
            return
        self.query_one("#status-left", Static).update(status_line(status))
        self.query_one("#status-right", Static).update(order_line(status))

    def on_mount(self) -> None:
        self.watch_status(self.status)

    @property
    def text(self) -> str:
        """The whole line as shown (left, then right)."""
        left = self.query_one("#status-left", Static).visual
        right = self.query_one("#status-right", Static).visual
        return f"{getattr(left, 'plain', '')}  {getattr(right, 'plain', '')}"


def order_line(status: FeedStatus) -> Content:
    """``view: unread · newest first``."""
    parts = [Content.styled(f"view: {status.view}", "bold")] if status.view else []
    parts.append(Content(status.sort))
    return Content(" · ").join(parts)


def status_line(status: FeedStatus) -> Content:
    """The header's left part; most important first, as its end is cut when narrow."""
    parts: list[Content] = [
        feed_text(status.feed_name or "tui-reader", "bold"),
        Content(f"  {status.shown:,}/{status.total:,} shown  {status.unread:,} unread"),
    ]
    if status.selected:
        parts.append(Content.styled(f"  {status.selected:,} selected", "bold reverse"))
    if status.loading:
        percent = 100 * status.loaded_files // status.files if status.files else 0
        parts.append(Content.styled(f"  loading {percent}%", "italic"))
    if status.bodies_indexed < status.bodies_total:
        percent = 100 * status.bodies_indexed // status.bodies_total
        parts.append(Content.styled(f"  bodies {percent}%", "italic"))
    if status.note:
        parts.append(Content.styled(f"  {status.note}", "italic"))
    if status.poll_seconds:
        parts.append(Content.styled(f"  watch: polling every {status.poll_seconds:.0f}s", "italic"))
    if status.errors:
        parts.append(Content.styled(f"  {plural(status.errors, 'error')} (e)", "bold $error"))
    return Content.assemble(*parts)
