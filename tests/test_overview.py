"""Overview numbers: articles per day, top providers and topics, triage progress."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from query_fixtures import flags

from tui_reader.data.model import Article, Provider
from tui_reader.data.overview import feed_overview, sparkline
from tui_reader.data.store import Store


def make(key: str, when: datetime | None, provider: str = "", **fields: object) -> Article:
    return Article(
        key=key,
        path=f"/feed/{key}.md",
        rel_path=f"{key}.md",
        title=key,
        provider=Provider(provider),
        published_at=when,
        **fields,  # type: ignore[arg-type]
    )


def day(d: int, hour: int = 12) -> datetime:
    return datetime(2024, 5, d, hour, tzinfo=UTC)


STORE = Store(
    [
        make("a", day(1), "Daily", topics=("AI", "Labour"), published=True),
        make("b", day(3), "daily", topics=("AI",)),
        make("c", day(3, 23), "Weekly", topics=("Transit",), published=False),
        make("d", day(5), "Daily", topics=("AI",), published=True),
        make("e", None, "", topics=("Labour",)),
        make("f", datetime(2024, 4, 1, tzinfo=UTC), "Weekly"),
    ]
)


def counts(overview: object) -> list[tuple[str, int]]:
    return [(f"{b.start:%Y-%m-%d}", b.count) for b in overview.buckets]  # type: ignore[attr-defined]


def test_the_chart_spans_the_whole_range_by_the_smallest_unit_that_fits() -> None:
    no_flags = flags(set(), set(), set())
    # 1 April to 5 May: 35 days fit in 40 cells.
    by_day = feed_overview(STORE, no_flags, cells=40)
    assert by_day.unit == "day" and len(by_day.buckets) == 35
    assert counts(by_day)[0] == ("2024-04-01", 1)
    assert counts(by_day)[-5:] == [
        ("2024-05-01", 1),
        ("2024-05-02", 0),
        ("2024-05-03", 2),
        ("2024-05-04", 0),
        ("2024-05-05", 1),
    ]
    assert (by_day.undated, by_day.earlier) == (1, 0)
    # 35 days do not fit in 10: weeks (Monday first) do, from the week of 1 April.
    by_week = feed_overview(STORE, no_flags, cells=10)
    assert by_week.unit == "week"
    assert counts(by_week)[0] == ("2024-04-01", 1)
    assert counts(by_week)[-1] == ("2024-04-29", 4)  # 1, 3 (two) and 5 May
    assert by_week.buckets[-1].end == date(2024, 5, 6)
    assert sum(b.count for b in by_week.buckets) == 5
    by_month = feed_overview(STORE, no_flags, cells=3)
    assert by_month.unit == "month" and counts(by_month) == [("2024-04-01", 1), ("2024-05-01", 4)]
    assert by_month.buckets[-1].end == date(2024, 6, 1)


def test_years_when_nothing_smaller_fits_and_the_oldest_beyond_the_cells_are_counted() -> None:
    store = Store(
        [
            make("old", datetime(1900, 6, 1, tzinfo=UTC)),
            make("new", datetime(2024, 6, 1, tzinfo=UTC)),
            make("newer", datetime(2025, 1, 2, tzinfo=UTC)),
        ]
    )
    overview = feed_overview(store, flags(set(), set(), set()), cells=5)
    assert overview.unit == "year"
    assert counts(overview) == [
        ("2021-01-01", 0),
        ("2022-01-01", 0),
        ("2023-01-01", 0),
        ("2024-01-01", 1),
        ("2025-01-01", 1),
    ]
    assert overview.earlier == 1


def test_days_follow_the_given_zone() -> None:
    plus_two = timezone(timedelta(hours=2))
    overview = feed_overview(STORE, flags(set(), set(), set()), cells=40, tz=plus_two)
    # 3 May 23:00 UTC is 4 May in UTC+2.
    assert counts(overview)[-3:] == [("2024-05-03", 1), ("2024-05-04", 1), ("2024-05-05", 1)]


def test_top_providers_and_topics_with_ties_in_name_order() -> None:
    overview = feed_overview(STORE, flags(set(), set(), set()), top=2)
    assert overview.providers == (("Daily", 2), ("Weekly", 2))  # "" (unknown) is left out
    assert overview.topics == (("AI", 3), ("Labour", 2))


def test_triage_progress() -> None:
    triage = flags(read={"a", "b", "zzz"}, starred={"c"}, archived={"a", "d"})
    progress = feed_overview(STORE, triage).triage
    assert (progress.total, progress.read, progress.starred, progress.archived) == (6, 2, 1, 2)
    assert progress.published == 2


def test_empty_store() -> None:
    overview = feed_overview(Store(), flags(set(), set(), set()))
    assert overview.buckets == () and overview.providers == () and overview.triage.total == 0


def test_sparkline() -> None:
    assert sparkline([0, 1, 7, 14, 0]) == "▁▂▅█▁"
    assert sparkline([0, 0]) == "▁▁" and sparkline([]) == ""
    assert sparkline([1, 100]) == "▂█"  # one article never looks like none
