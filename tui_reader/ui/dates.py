"""Dates as the reader shows them, against a clock that tests and snapshots can fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tui_reader.config import DateStyle

Clock = Callable[[], datetime]
"""Returns "now" as an aware datetime; injected so relative dates can be pinned."""


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def relative_age(moment: datetime | None, now: datetime) -> str:
    """A short age such as ``5m``, ``3h``, ``2d``, ``4mo``, ``1y`` (empty when unknown)."""
    if moment is None:
        return ""
    seconds = (now - moment).total_seconds()
    if seconds < 0:
        return "soon"
    for size, unit in ((31_536_000, "y"), (2_592_000, "mo"), (86_400, "d"), (3_600, "h")):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds // 60)}m"


def local_date(moment: datetime | None) -> str:
    """The date and time in the machine's local zone (empty when unknown)."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def short_date(moment: datetime | None) -> str:
    """``2024-05-10`` in the machine's local zone (empty when unknown)."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d")


def age_phrase(moment: datetime | None, now: datetime) -> str:
    """``3d ago``, or ``in the future`` for a date after ``now`` (empty when unknown)."""
    if moment is None:
        return ""
    return "in the future" if moment > now else f"{relative_age(moment, now)} ago"


def list_date(moment: datetime | None, now: datetime, style: DateStyle) -> str:
    """The list's date column: ``3d`` (relative) or ``2026-10-29`` (absolute, local)."""
    if style == "relative" or moment is None:
        return relative_age(moment, now)
    return moment.astimezone().strftime("%Y-%m-%d")


def date_width(style: DateStyle) -> int:
    """Columns the list's date takes in ``style``."""
    return 4 if style == "relative" else 10
