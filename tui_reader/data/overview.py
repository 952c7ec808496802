"""The picture of a feed for the overview screen: articles over the feed's whole date
range, top providers and topics, and how far triage has got.

API for the UI (``v``)::

    overview = feed_overview(store, triage_view, cells=72, top=10)
    overview.unit                                       # "day", "week", "month" or "year"
    sparkline([b.count for b in overview.buckets])      # "▁▁▃█▂…", one cell per bucket
    overview.buckets[i].start, .end                     # [start, end) in UTC: a query's
                                                        # after:start before:end
    overview.providers / overview.topics                # ((name, count), ...) best first
    overview.triage.read, .starred, .archived, .published, .total

The bucket is the smallest unit (day, week, month, year) whose buckets from the oldest
article to the newest fit in ``cells``. Names are feed text (already sanitised): show
them through ``Content``, not markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from tui_reader.data.sanitize import fold
from tui_reader.data.store import Store
from tui_reader.data.triage import TriageView

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
"""Block elements: one cell wide in every terminal font, unlike emoji."""


UNITS = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class DateBucket:
    """How many articles were published from ``start`` up to (not including) ``end``."""

    start: date
    end: date
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

    buckets: tuple[DateBucket, ...]
    """Oldest first, from the oldest dated article to the newest (empty ones included)."""
    unit: str
    """What one bucket spans: ``day``, ``week``, ``month`` or ``year``."""
    undated: int
    """Articles without a publication date (not in ``buckets``)."""
    earlier: int
    """Dated articles older than the first bucket (only when even years do not fit)."""
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
    cells: int = 72,
    top: int = 10,
    tz: tzinfo = UTC,
) -> Overview:
    """Counts for the overview screen.

    Dates are calendar days in ``tz`` (UTC unless told: the filter's ``after:`` and
    ``before:`` are UTC). Providers without a name are left out of ``providers``.
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
    buckets, unit, earlier = _buckets(per_day, max(1, cells))
    facets = store.facets()
    return Overview(
        buckets=buckets,
        unit=unit,
        undated=undated,
        earlier=earlier,
        providers=_top(facets.providers, top),
        topics=_top(facets.topics, top),
        triage=TriageProgress(len(store), read, starred, archived, published),
    )


def _buckets(per_day: Counter[date], cells: int) -> tuple[tuple[DateBucket, ...], str, int]:
    if not per_day:
        return (), "day", 0
    first, last = min(per_day), max(per_day)
    unit = next((u for u in UNITS if _count(first, last, u) <= cells), "year")
    if _count(first, last, unit) > cells:
        # Even years do not fit (an archive of centuries, or a stray date): the latest.
        first = date(max(1, last.year - cells + 1), 1, 1)
    starts = _starts(first, last, unit)
    earlier_starts = _count(min(per_day), last, unit) > len(starts)
    edges = [*starts, _next(starts[-1], unit)]
    counts = [0] * len(starts)
    earlier = 0
    cut = starts[0]
    for day, count in per_day.items():
        if day < cut:
            earlier += count
            continue
        # Buckets are few (at most ``cells``): a binary search per distinct day.
        index = bisect_right(edges, day) - 1
        counts[index] += count
    buckets = tuple(
        DateBucket(start, end, count)
        for start, end, count in zip(starts, edges[1:], counts, strict=True)
    )
    return buckets, unit, earlier if earlier_starts else 0


def _floor(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def _count(first: date, last: date, unit: str) -> int:
    """How many ``unit`` buckets span ``first`` to ``last``."""
    if unit == "day":
        return (last - first).days + 1
    if unit == "week":
        return (_floor(last, unit) - _floor(first, unit)).days // 7 + 1
    if unit == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def _starts(first: date, last: date, unit: str) -> list[date]:
    """The first day of every ``unit`` from the one holding ``first`` to ``last``'s."""
    starts = [_floor(first, unit)]
    end = _floor(last, unit)
    while starts[-1] < end:
        starts.append(_next(starts[-1], unit))
    return starts


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
