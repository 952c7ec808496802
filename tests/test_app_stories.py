"""Stories in the running app: ``z`` shows one row a story with "+N sources", triage on
a story row acts on every report as one undo step, the detail pane lists the other
reports (Enter goes to the next), and the related pane says "Same story" apart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from app_support import ManualScheduler, finish, settle, write_config
from textual.widgets import Static

from tui_reader.app import ReaderApp
from tui_reader.data.triage import TriageState
from tui_reader.resources import sample_feed_dir
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (160, 48)
CAMPAIGN = {
    "000_21932401d9f8cf9f.txt": "New Campaign to Fight Amazon's Push",
    "001_67f8682641cddb36.txt": "Civil rights groups call on Amazon",
    "002_protest-amazon-surveillance-empire.md": "More Than 20 Civil Rights Groups",
}


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    shutil.copytree(sample_feed_dir(), folder)
    return folder


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


@pytest.fixture(autouse=True)
def _long_dwell() -> None:
    write_config("read_dwell_seconds = 600\n")


def make_app(feed: Path, state_path: Path, scheduler: ManualScheduler | None = None) -> ReaderApp:
    return ReaderApp(
        [str(feed)], cache_dir=feed.parent / "cache", state_path=state_path, scheduler=scheduler
    )


def screen_of(app: ReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def rows(app: ReaderApp) -> list[str]:
    articles = screen_of(app).article_list
    return [articles.render_line(y).text for y in range(min(len(articles.uids), SIZE[1] - 6))]


def campaign_keys(app: ReaderApp) -> list[str]:
    store = screen_of(app).store
    return [article.key for article in store if article.rel_path in CAMPAIGN]


def read_keys(feed: Path, state_path: Path, keys: list[str]) -> list[bool]:
    with TriageState(feed, state_path) as state:
        return [state.is_read(key) for key in keys]


async def show_campaign(pilot) -> None:  # type: ignore[no-untyped-def]
    """Filter to the campaign's best report and come back to the list."""
    await pilot.press("slash", *"new campaign fight", "enter")


async def test_z_shows_one_row_a_story_with_its_other_sources(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        articles = len(screen.article_list.uids)
        await pilot.press("z")
        stories = len(screen.article_list.uids)
        assert stories < articles
        shown = "\n".join(rows(app))
        assert "+3 sources" in shown  # the bridge closure: four reports
        assert re.search(r"\+1 source(?!s)", shown)  # the cooling centers: two reports
        await show_campaign(pilot)
        assert len(screen.article_list.uids) == 1
        assert "New Campaign to Fight Amazon" in rows(app)[0]
        assert "+2 sources" in rows(app)[0]
        await pilot.press("z")
        assert "sources" not in "\n".join(rows(app))
        await finish(pilot)


async def test_triage_on_a_story_row_acts_on_every_report_as_one_step(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        keys = campaign_keys(app)
        await pilot.press("z")
        await show_campaign(pilot)
        await pilot.press("m")
        assert read_keys(feed, state_path, keys) == [True, True, True]
        await pilot.press("s")
        with TriageState(feed, state_path) as state:
            assert all(state.is_starred(key) for key in keys)
        await pilot.press("u")
        with TriageState(feed, state_path) as state:
            assert not any(state.is_starred(key) for key in keys)
        await pilot.press("u")
        assert read_keys(feed, state_path, keys) == [False, False, False]
        await finish(pilot)


async def test_one_row_an_article_triages_the_article_alone(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        keys = campaign_keys(app)
        await show_campaign(pilot)
        await pilot.press("m")
        lead = screen_of(app).store[screen_of(app).article_list.uids[0]].key
        assert read_keys(feed, state_path, keys) == [key == lead for key in keys]
        await finish(pilot)


async def test_reading_a_story_row_marks_its_copies_read(feed: Path, state_path: Path) -> None:
    write_config("read_dwell_seconds = 1.5\n")
    clock = ManualScheduler()
    app = make_app(feed, state_path, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        keys = campaign_keys(app)
        await pilot.press("z")
        await show_campaign(pilot)
        await pilot.pause(0.3)
        clock.advance(2.0)
        await pilot.pause()
        assert read_keys(feed, state_path, keys) == [True, True, True]
        await finish(pilot)


async def test_the_detail_pane_lists_the_other_reports_and_enter_goes_there(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await show_campaign(pilot)
        await pilot.press("enter")
        await settle(pilot)
        head = screen_of(app).reader.detail_pane.query_one("#detail-head", Static)
        text = head.visual.plain  # type: ignore[union-attr]
        assert "Same story: 2 other reports" in text
        assert (
            "Common Dreams · " in text
            and CAMPAIGN["002_protest-amazon-surveillance-empire.md"] in text
        )
        titles = []
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
            titles.append(head.visual.plain.splitlines()[0])  # type: ignore[union-attr]
        # Enter walks the story's reports in order and comes round to the first.
        assert [any(t.startswith(v[:25]) for v in CAMPAIGN.values()) for t in titles] == [True] * 3
        assert titles[2].startswith(CAMPAIGN["000_21932401d9f8cf9f.txt"])
        assert len(set(titles)) == 3
        # The list (one row a story, filtered) stayed as it was.
        assert len(screen_of(app).article_list.uids) == 1
        await pilot.press("backspace")
        await settle(pilot)
        assert head.visual.plain.splitlines()[0] == titles[1]  # type: ignore[union-attr]
        await finish(pilot)


async def test_the_related_pane_says_same_story_apart_from_related(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await show_campaign(pilot)
        await pilot.press("enter")
        await settle(pilot)
        related = screen_of(app).reader.related_pane
        texts = [str(getattr(o.prompt, "plain", o.prompt)) for o in related.options]
        assert texts[0].strip() == "Same story (2)"
        story = texts[1 : texts.index(next(t for t in texts[1:] if t.startswith(" ")))]
        assert len(story) == 2
        assert sum(CAMPAIGN["002_protest-amazon-surveillance-empire.md"] in t for t in texts) == 1
        await finish(pilot)


async def test_a_report_arriving_while_the_app_runs_joins_its_story_row(
    feed: Path, state_path: Path
) -> None:
    from test_story_updates import NEW_REPORT

    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("z", "slash", *"alder", "enter")
        assert any("Alder Street Bridge Closed" in row and "+3 sources" in row for row in rows(app))
        (feed / "070_alder-coastal-current.md").write_text(NEW_REPORT, encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        # The new report has the best quality: it is the story's row now.
        assert any("Drawbridge on Alder Street" in row and "+4 sources" in row for row in rows(app))
        assert not any("Alder Street Bridge Closed" in row for row in rows(app))
        await finish(pilot)
