"""The article list's columns: how wide each is at a given width, and the header line.

A row is ``✓●★ title  provider  date  Q H``: a selection mark, the unread dot and the
star, then the title, which takes whatever the other columns leave. The provider and
date columns are as wide as their content needs (with caps), so a title is never cut
while cells sit empty; the header line names every column, the two bars included.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from tui_reader.config import DateStyle

FLAGS_WIDTH = 4
"""Selection mark, unread dot, star, then a space."""
BARS_WIDTH = 4
"""A space, the quality bar, a space, the heat bar."""
RIGHT_GAP = 1
"""Kept free before the scrollbar, so the heat bar does not touch it."""
PROVIDER_MIN_LIST_WIDTH = 50
"""Narrower lists drop the provider column: titles need the room more."""
BARS_MIN_LIST_WIDTH = 40
PROVIDER_CAP = 22
MIN_TITLE = 12


def date_columns(dates: DateStyle) -> int:
    """Cells of the date column: ``4mo`` or ``2026-10-29``."""
    return 4 if dates is DateStyle.RELATIVE else 10


def date_heading(dates: DateStyle) -> str:
    return "Age" if dates is DateStyle.RELATIVE else "Date"


@dataclass(frozen=True, slots=True)
class Columns:
    """The cell widths of one row (0: the column is not shown)."""

    width: int
    title: int
    provider: int
    date: int
    bars: bool


def columns_for(width: int, provider_content: int, dates: DateStyle) -> Columns:
    """The columns of a list ``width`` cells wide whose longest provider name is
    ``provider_content`` cells."""
    bars = width >= BARS_MIN_LIST_WIDTH
    date = date_columns(dates)
    fixed = FLAGS_WIDTH + 1 + date + (BARS_WIDTH if bars else 0) + RIGHT_GAP
    provider = 0
    if width >= PROVIDER_MIN_LIST_WIDTH and provider_content > 0:
        cap = min(PROVIDER_CAP, max(8, width // 4))
        provider = max(len("Provider"), min(provider_content, cap))
        provider = min(provider, max(0, width - fixed - 1 - MIN_TITLE))
    title = max(1, width - fixed - (provider + 1 if provider else 0))
    return Columns(width, title, provider, date, bars)


def header_line(columns: Columns, dates: DateStyle) -> Content:
    """``✓●★ Title … Provider  Age  Q H``, aligned with the rows below it."""
    parts: list[str] = [" " * FLAGS_WIDTH, "Title".ljust(columns.title)[: columns.title]]
    if columns.provider:
        parts += [" ", "Provider".ljust(columns.provider)[: columns.provider]]
    parts += [" ", date_heading(dates).rjust(columns.date)[: columns.date]]
    if columns.bars:
        parts.append(" Q H")
    text = "".join(parts)
    return Content(text[: columns.width].ljust(columns.width))
