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


def test_articles_per_day_end_at_the_newest_day() -> None:
    overview = feed_overview(STORE, flags(set(), set(), set()), days=5)
    assert [(d.day.day, d.count) for d in overview.days] == [(1, 1), (2, 0), (3, 2), (4, 0), (5, 1)]
    assert (overview.undated, overview.earlier) == (1, 1)


def test_days_follow_the_given_zone_and_end() -> None:
    plus_two = timezone(timedelta(hours=2))
    overview = feed_overview(
        STORE, flags(set(), set(), set()), days=3, until=date(2024, 5, 4), tz=plus_two
    )
    # 3 May 23:00 UTC is 4 May in UTC+2.
    assert [(d.day.day, d.count) for d in overview.days] == [(2, 0), (3, 1), (4, 1)]
    assert overview.earlier == 1 + 1  # 1 May and 1 April


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
    assert overview.days == () and overview.providers == () and overview.triage.total == 0


def test_sparkline() -> None:
    assert sparkline([0, 1, 7, 14, 0]) == "▁▂▅█▁"
    assert sparkline([0, 0]) == "▁▁" and sparkline([]) == ""
    assert sparkline([1, 100]) == "▂█"  # one article never looks like none
