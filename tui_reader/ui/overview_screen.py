"""The ``v`` screen: the feed at a glance (articles per day, top providers and topics,
triage progress), built from :func:`tui_reader.data.overview.feed_overview`.

Everything is ``Content``: provider and topic names are feed text.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.data.overview import Overview, TriageProgress, feed_overview, sparkline
from tui_reader.data.store import Store
from tui_reader.data.triage import TriageView
from tui_reader.ui.safe_text import feed_text, join_lines

DAYS = 60
"""Days in the sparkline: fits the 80-column minimum with the box and padding."""
TOP = 8
NAME_WIDTH = 24
BAR_WIDTH = 30


def bar(count: int, peak: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of full blocks, at least one cell for any positive count."""
    if count <= 0 or peak <= 0:
        return ""
    return "█" * max(1, round(count / peak * width))


def ranked_lines(heading: str, rows: tuple[tuple[str, int], ...]) -> list[Content]:
    """A heading and one ``name  count  bar`` line per row."""
    lines = [Content.styled(heading, "bold underline")]
    if not rows:
        lines.append(Content.styled("none", "italic"))
        return lines
    peak = rows[0][1]
    for name, count in rows:
        lines.append(
            Content.assemble(
                feed_text(name).truncate(NAME_WIDTH, ellipsis=True, pad=True),
                f" {count:>6,} ",
                Content.styled(bar(count, peak), "$accent"),
            )
        )
    return lines


def progress_line(label: str, count: int, total: int) -> Content:
    """``Read      12 /  40  30 %  █████░░░``."""
    share = count / total if total else 0.0
    filled = round(share * 20)
    return Content.assemble(
        Content.styled(f"{label:<10}", "bold"),
        f"{count:>7,} / {total:,}  {share:>4.0%}  ",
        Content.styled("█" * filled, "$success"),
        Content.styled("░" * (20 - filled), "$text-muted"),
    )


def overview_content(overview: Overview) -> Content:
    """The whole overview as one block of content."""
    lines: list[Content] = [Content.styled("Articles per day", "bold underline")]
    if overview.days:
        counts = [day.count for day in overview.days]
        busiest = max(overview.days, key=lambda day: day.count)
        lines += [
            Content.styled(sparkline(counts), "$accent"),
            Content(
                f"{overview.days[0].day:%Y-%m-%d} to {overview.days[-1].day:%Y-%m-%d}: "
                f"{sum(counts):,} articles, busiest {busiest.day:%Y-%m-%d} ({busiest.count:,})"
            ),
        ]
    else:
        lines.append(Content.styled("No dated articles.", "italic"))
    extras = []
    if overview.earlier:
        extras.append(f"{overview.earlier:,} earlier")
    if overview.undated:
        extras.append(f"{overview.undated:,} undated")
    if extras:
        lines.append(Content.styled(", ".join(extras), "$text-muted"))
    lines.append(Content(""))
    lines += ranked_lines("Top providers", overview.providers)
    lines.append(Content(""))
    lines += ranked_lines("Top topics", overview.topics)
    lines.append(Content(""))
    lines += triage_lines(overview.triage)
    return join_lines(lines)


def triage_lines(triage: TriageProgress) -> list[Content]:
    """Triage progress, one bar per flag."""
    return [
        Content.styled("Triage", "bold underline"),
        progress_line("Read", triage.read, triage.total),
        progress_line("Starred", triage.starred, triage.total),
        progress_line("Archived", triage.archived, triage.total),
        progress_line("Published", triage.published, triage.total),
    ]


class OverviewScreen(ModalScreen[None]):
    """A scrollable picture of the feed; Escape (or v, q) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "dismiss", "Close overview"),
    ]

    DEFAULT_CSS = """
    OverviewScreen #overview-body { width: 80; }
    """

    def __init__(self, store: Store, triage: TriageView) -> None:
        super().__init__(classes="dialog-screen")
        self.overview = feed_overview(store, triage, days=DAYS, top=TOP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-body", classes="dialog") as body:
            body.border_title = "Overview"
            body.border_subtitle = "Escape closes"
            yield Static(overview_content(self.overview), id="overview-content")

    def on_mount(self) -> None:
        self.query_one("#overview-body", VerticalScroll).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
