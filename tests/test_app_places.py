"""Picking up where you left off: cursor, filter, view and sort come back on restart, keys
typed at start-up act after them, the place is written after a rest (not per move), and
``n`` at the end of the list wraps around with a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import (
    ManualScheduler,
    finish,
    fixed_clock,
    reader_screen,
    settle,
    toasts,
    write_config,
)
from textual.widgets import Input

from tui_reader.app import ReaderApp
from tui_reader.data.triage import Flag, Place, TriageState
from tui_reader.ui.place_keeper import SAVE_AFTER

SIZE = (160, 48)
NAMES = ["a", "b", "c", "d", "e", "f"]


def url_of(name: str) -> str:
    return f"https://news.example/{name}"


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for index, name in enumerate(NAMES):
        provider = "Wire" if index % 2 else "Daily"
        (folder / f"{name}.md").write_text(
            f'---\ntitle: "Story {name}"\npublishedDateTime: 2026-10-{20 - index}T12:00:00Z\n'
            f'webUrl: "{url_of(name)}"\nprovider: "{provider}"\n---\nBody {name}.\n'
        )
    return folder


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


@pytest.fixture(autouse=True)
def _no_dwell() -> None:
    write_config("read_dwell_seconds = 600\n")


def make_app(feed: Path, state_path: Path, scheduler: ManualScheduler | None = None) -> ReaderApp:
    return ReaderApp(
        [str(feed)],
        use_cache=False,
        clock=fixed_clock,
        state_path=state_path,
        scheduler=scheduler,
    )


def cursor_name(app: ReaderApp) -> str:
    screen = reader_screen(app)
    uid = screen.article_list.cursor_uid
    assert uid is not None
    return screen.store[uid].rel_path.removesuffix(".md")


def saved(feed: Path, state_path: Path) -> Place | None:
    with TriageState(feed, state_path) as state:
        return state.place()


async def test_restart_restores_cursor_filter_view_and_sort(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "S", "slash", *"story", "escape")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        assert cursor_name(app) == "d"  # heat ties break by date: the order a..f
        await finish(pilot)
    assert saved(feed, state_path) == Place(url_of("d"), "story", "unread", "heat")
    again = make_app(feed, state_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(again)
        assert cursor_name(again) == "d"
        assert screen.query_text == "story" and screen.sort.value == "heat"
        assert screen.view is not None and screen.view.value == "unread"
        assert screen.query_one("#filter-input", Input).value == "story"
        assert screen.status.view == "unread" and screen.sort.value == "heat"
        await finish(pilot)


async def test_the_saved_place_wins_over_the_configured_defaults(
    feed: Path, state_path: Path
) -> None:
    write_config('read_dwell_seconds = 600\ndefault_view = "starred"\ndefault_sort = "title"\n')
    with TriageState(feed, state_path) as state:
        state.remember_place(Place(url_of("c"), "", "all", "date"))
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.view is not None and screen.view.value == "all"
        assert screen.sort.value == "date" and cursor_name(app) == "c"
        await finish(pilot)


async def test_keys_typed_during_start_up_act_after_the_restore(
    feed: Path, state_path: Path
) -> None:
    with TriageState(feed, state_path) as state:
        state.remember_place(Place(url_of("c"), "", "all", "date"))
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "s")  # straight away, before any row is shown
        await settle(pilot)
        assert cursor_name(app) == "d"
        with TriageState(feed, state_path) as state:
            assert state.is_starred(url_of("d")) and not state.is_starred(url_of("a"))
        await finish(pilot)


async def test_a_place_whose_article_is_gone_starts_at_the_top(
    feed: Path, state_path: Path
) -> None:
    with TriageState(feed, state_path) as state:
        state.remember_place(Place("https://news.example/deleted", "", "all", "bogus-sort"))
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_name(app) == "a" and reader_screen(app).sort.value == "date"
        await finish(pilot)


async def test_a_saved_filter_this_version_cannot_read_is_dropped(
    feed: Path, state_path: Path
) -> None:
    with TriageState(feed, state_path) as state:
        state.remember_place(Place(url_of("b"), "quality:>>x", "all", "date"))
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")  # typed at start-up: must not wait forever
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.query_text == "" and len(screen.article_list.uids) == len(NAMES)
        assert cursor_name(app) == "c"
        await finish(pilot)


async def test_the_place_is_written_after_a_rest_not_per_move(feed: Path, state_path: Path) -> None:
    clock = ManualScheduler()
    app = make_app(feed, state_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("j")
            clock.advance(SAVE_AFTER / 2)
        assert saved(feed, state_path) is None  # still moving: nothing written
        clock.advance(SAVE_AFTER)
        assert saved(feed, state_path) == Place(url_of("d"), "", "all", "date")
        await pilot.press("3")
        await pilot.pause()
        place = saved(feed, state_path)  # a view chosen is written at once
        assert place is not None and place.view == "starred"
        await finish(pilot)


async def test_next_unread_wraps_around_with_a_note(feed: Path, state_path: Path) -> None:
    with TriageState(feed, state_path) as state:
        state.set_flag(Flag.READ, [url_of(n) for n in ("a", "c", "d", "e", "f")], True)
    app = make_app(feed, state_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("G")
        assert cursor_name(app) == "f"
        await pilot.press("n")
        assert cursor_name(app) == "b"
        assert any("Wrapped around to the top" in toast for toast in toasts(app))
        await pilot.press("n")
        assert cursor_name(app) == "b"
        assert any("No other unread article" in toast for toast in toasts(app))
        await pilot.press("g", "N")
        assert cursor_name(app) == "b"
        assert any("Wrapped around to the bottom" in toast for toast in toasts(app))
        await finish(pilot)
