"""The ``v`` screen: the feed at a glance, and a way into it.

A chart of articles over the feed's whole date range (by day, week, month or year,
whatever fits), the top providers and topics, and triage progress, built from
:func:`tui_reader.data.overview.feed_overview`. ←/→ pick a period of the chart and
Enter filters the list to it (``after:`` … ``before:``); Enter on a provider or topic
filters to that name. The screen is dismissed with the query to apply, or None.

Everything is ``Content``: provider and topic names are feed text.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.data.overview import (
    SPARK_BLOCKS,
    DateBucket,
    Overview,
    TriageProgress,
    feed_overview,
    sparkline,
)
from tui_reader.data.store import Store
from tui_reader.data.triage import TriageView
from tui_reader.ui.command_table import CHART, OVERVIEW, bindings
from tui_reader.ui.safe_text import feed_text, join_lines

CELLS = 72
"""Chart cells: fits the 80-column minimum with the box and padding."""
TOP = 8
NAME_WIDTH = 24
BAR_WIDTH = 30


def bar(count: int, peak: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of full blocks, at least one cell for any positive count."""
    if count <= 0 or peak <= 0:
        return ""
    return "█" * max(1, round(count / peak * width))


def ranked_prompt(name: str, count: int, peak: int) -> Content:
    """``name  count  bar`` for one provider or topic."""
    return Content.assemble(
        feed_text(name).truncate(NAME_WIDTH, ellipsis=True, pad=True),
        f" {count:>6,} ",
        Content.styled(bar(count, peak), "$accent"),
    )


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


def triage_lines(triage: TriageProgress) -> list[Content]:
    """Triage progress, one bar per flag."""
    return [
        Content.styled("Triage", "bold underline"),
        progress_line("Read", triage.read, triage.total),
        progress_line("Starred", triage.starred, triage.total),
        progress_line("Archived", triage.archived, triage.total),
        progress_line("Published", triage.published, triage.total),
    ]


def period_name(bucket: DateBucket, unit: str) -> str:
    """``2024-05-10``, ``week of 2024-05-06``, ``May 2024``, ``2024``."""
    if unit == "week":
        return f"week of {bucket.start:%Y-%m-%d}"
    if unit == "month":
        return f"{bucket.start:%B %Y}"
    if unit == "year":
        return f"{bucket.start:%Y}"
    return f"{bucket.start:%Y-%m-%d}"


def period_query(bucket: DateBucket) -> str:
    """The filter for one period: ``after:`` its first day, ``before:`` the next one's."""
    return f"after:{bucket.start:%Y-%m-%d} before:{bucket.end:%Y-%m-%d}"


def name_query(field: str, name: str) -> str:
    """``provider:"Name"`` (quotes inside a name cannot be written: they are dropped)."""
    return f'{field}:"{name.replace(chr(34), "")}"'


class DateChart(Widget, can_focus=True):
    """Articles per period as a sparkline with a cursor on one period."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(CHART)

    DEFAULT_CSS = """
    DateChart { height: 3; }
    DateChart:focus { background: $boost; }
    """

    cursor: reactive[int] = reactive(-1)

    class Chosen(Message):
        """Enter on a period: filter the list to ``query``."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, overview: Overview, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.overview = overview
        self.set_reactive(DateChart.cursor, len(overview.buckets) - 1)

    def render(self) -> Content:
        overview = self.overview
        buckets = overview.buckets
        if not buckets:
            return Content.styled("No dated articles.", "italic")
        counts = [bucket.count for bucket in buckets]
        line = sparkline(counts)
        cursor = max(0, min(self.cursor, len(buckets) - 1))
        chart = Content.assemble(
            Content.styled(line[:cursor], "$accent"),
            Content.styled(
                line[cursor] if line[cursor] != SPARK_BLOCKS[0] else "▁", "reverse bold"
            ),
            Content.styled(line[cursor + 1 :], "$accent"),
        )
        bucket = buckets[cursor]
        chosen = Content.assemble(
            Content.styled(period_name(bucket, overview.unit), "bold"),
            f": {bucket.count:,} article{'s' if bucket.count != 1 else ''}",
            Content.styled("  (←/→ choose, Enter filters)", "dim"),
        )
        total = sum(counts)
        extras = [f"{overview.undated:,} undated"] if overview.undated else []
        if overview.earlier:
            extras.append(f"{overview.earlier:,} earlier")
        more = f" ({', '.join(extras)})" if extras else ""
        last_day = buckets[-1].end - timedelta(days=1)
        title = Content.assemble(
            Content.styled(f"Articles per {overview.unit}", "bold underline"),
            f"  {buckets[0].start:%Y-%m-%d} to {last_day:%Y-%m-%d}: {total:,}{more}",
        )
        return join_lines([title, chart, chosen])

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(self.overview.buckets) - 1, self.cursor + step))

    def action_move_to(self, last: bool) -> None:
        self.cursor = len(self.overview.buckets) - 1 if last else 0

    def action_choose(self) -> None:
        buckets = self.overview.buckets
        if not buckets:
            self.app.bell()
            return
        self.post_message(self.Chosen(period_query(buckets[self.cursor])))


class OverviewScreen(ModalScreen[str | None]):
    """A picture of the feed; Enter filters the list, Escape (or v, q) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(OVERVIEW)

    DEFAULT_CSS = """
    OverviewScreen #overview-body { width: 80; height: 100%; max-height: 36; }
    OverviewScreen #overview-names { height: 1fr; border: none; padding: 0; margin: 1 0; }
    OverviewScreen #overview-triage { height: auto; }
    """

    def __init__(self, store: Store, triage: TriageView) -> None:
        super().__init__(classes="dialog-screen")
        self.overview = feed_overview(store, triage, cells=CELLS, top=TOP)
        self._queries: list[str | None] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-body", classes="dialog") as body:
            body.border_title = "Overview"
            body.border_subtitle = "Enter filters · Tab · Escape closes"
            yield DateChart(self.overview, id="overview-chart")
            yield OptionList(*self._name_options(), id="overview-names")
            yield Static(join_lines(triage_lines(self.overview.triage)), id="overview-triage")

    def _name_options(self) -> list[Option]:
        options: list[Option] = []
        queries: list[str | None] = []
        for heading, field, rows in (
            ("Top providers", "provider", self.overview.providers),
            ("Top topics", "topic", self.overview.topics),
        ):
            options.append(Option(Content.styled(heading, "bold underline"), disabled=True))
            queries.append(None)
            if not rows:
                options.append(Option(Content.styled("none", "italic"), disabled=True))
                queries.append(None)
            peak = rows[0][1] if rows else 0
            for name, count in rows:
                options.append(Option(ranked_prompt(name, count, peak)))
                queries.append(name_query(field, name))
        self._queries = queries
        return options

    def on_mount(self) -> None:
        self.query_one(DateChart).focus()

    @on(DateChart.Chosen)
    def _period_chosen(self, event: DateChart.Chosen) -> None:
        self.dismiss(event.query)

    @on(OptionList.OptionSelected)
    def _name_chosen(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        query = self._queries[index] if 0 <= index < len(self._queries) else None
        if query:
            self.dismiss(query)

    async def action_dismiss(self, result: str | None = None) -> None:
        self.dismiss(result)
