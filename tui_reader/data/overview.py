"""The picture of a feed for the overview screen: articles per day, top providers and
topics, and how far triage has got.

API for the UI (``v``)::

    overview = feed_overview(store, triage_view, days=30, top=10)
    sparkline([day.count for day in overview.days])     # "▁▁▃█▂…", one cell per day
    overview.providers / overview.topics                # ((name, count), ...) best first
    overview.triage.read, .starred, .archived, .published, .total

Names are feed text (already sanitised): show them through ``Content``, not markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from tui_reader.data.sanitize import fold
from tui_reader.data.store import Store
from tui_reader.data.triage import TriageView

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
"""Block elements: one cell wide in every terminal font, unlike emoji."""


@dataclass(frozen=True, slots=True)
class DayCount:
    """How many articles were published on one day."""

    day: date
    count: int


@dataclass(frozen=True, slots=True)
class TriageProgress:
    """How many articles of the feed carry each triage flag (and the feed's own flag)."""

    total: int
    read: int
    starred: int
    archived: int
    published: int


@dataclass(frozen=True, slots=True)
class Overview:
    """The numbers behind the overview screen."""

    days: tuple[DayCount, ...]
    """One entry per day, oldest first, ending at ``until`` (empty days included)."""
    undated: int
    """Articles without a publication date (not in ``days``)."""
    earlier: int
    """Dated articles older than the first day shown."""
    providers: tuple[tuple[str, int], ...]
    topics: tuple[tuple[str, int], ...]
    triage: TriageProgress


def _top(counts: Counter[str], limit: int) -> tuple[tuple[str, int], ...]:
    # Most first; ties alphabetically, so the screen does not reshuffle between runs.
    ranked = sorted(
        ((name, count) for name, count in counts.items() if name),
        key=lambda item: (-item[1], fold(item[0]), item[0]),
    )
    return tuple(ranked[:limit])


def feed_overview(
    store: Store,
    triage: TriageView,
    *,
    days: int = 30,
    top: int = 10,
    until: date | None = None,
    tz: tzinfo = UTC,
) -> Overview:
    """Counts for the overview screen.

    ``until`` is the last day shown; by default the day of the newest article, so an
    archive that stopped months ago still shows its last busy weeks. Days are
    calendar days in ``tz`` (UTC unless the UI passes the local zone). Providers
    without a name are left out of ``providers``.
    """
    per_day: Counter[date] = Counter()
    undated = read = starred = archived = published = 0
    for article in store:
        if article.published_at is None:
            undated += 1
        else:
            per_day[article.published_at.astimezone(tz).date()] += 1
        read += triage.is_read(article.key)
        starred += triage.is_starred(article.key)
        archived += triage.is_archived(article.key)
        published += article.published is True
    last = until or (max(per_day) if per_day else None)
    day_counts: tuple[DayCount, ...] = ()
    earlier = 0
    if last is not None and days > 0:
        first = last - timedelta(days=days - 1)
        day_counts = tuple(
            DayCount(first + timedelta(days=offset), per_day[first + timedelta(days=offset)])
            for offset in range(days)
        )
        earlier = sum(count for day, count in per_day.items() if day < first)
    facets = store.facets()
    return Overview(
        days=day_counts,
        undated=undated,
        earlier=earlier,
        providers=_top(facets.providers, top),
        topics=_top(facets.topics, top),
        triage=TriageProgress(len(store), read, starred, archived, published),
    )


def sparkline(values: Iterable[int | float]) -> str:
    """One block character per value, scaled to the largest.

    Zero (and below) is the lowest block; any positive value is at least one step
    higher, so a quiet day with one article never looks like an empty one.
    """
    numbers: Sequence[int | float] = list(values)
    peak = max(numbers, default=0)
    if peak <= 0:
        return SPARK_BLOCKS[0] * len(numbers)
    steps = len(SPARK_BLOCKS) - 2
    return "".join(
        SPARK_BLOCKS[0] if value <= 0 else SPARK_BLOCKS[1 + round(value / peak * steps)]
        for value in numbers
    )
