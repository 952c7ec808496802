"""Saved searches and the digest export in the running app: ctrl+s names the filter,
f lists every search with live counts (kept up to date as triage and the folder
change), Enter filters by one, delete forgets one; x writes the list or the selection
as a digest and says where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import finish, settle, toasts, write_config
from textual.widgets import OptionList

from tui_reader.app import ReaderApp
from tui_reader.data.triage import Flag, TriageState
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.searches_screen import SearchesScreen

SIZE = (160, 48)


def url_of(name: str) -> str:
    return f"https://news.example/{name}"


def article(name: str, title: str, provider: str, day: int) -> str:
    return (
        f'---\ntitle: "{title}"\npublishedDateTime: 2026-10-{day:02d}T12:00:00Z\n'
        f"webUrl: {json.dumps(url_of(name))}\nprovider: {json.dumps(provider)}\n"
        f'excerpt: "About {title.lower()}."\n---\nBody.\n'
    )


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, title, provider, day in [
        ("a", "Ring police requests", "Wire", 20),
        ("b", "Ring doorbell sale", "Daily", 19),
        ("c", "Bus lanes open", "Wire", 18),
    ]:
        (folder / f"{name}.md").write_text(article(name, title, provider, day))
    return folder


@pytest.fixture(autouse=True)
def _config() -> None:
    write_config('read_dwell_seconds = 600\n[searches]\nwire = "provider:wire"\n')


def make_app(feed: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp([str(feed)], use_cache=False, state_path=tmp_path / "state.sqlite3")


def screen_of(app: ReaderApp) -> ReaderScreen:
    for screen in app.screen_stack:
        if isinstance(screen, ReaderScreen):
            return screen
    raise AssertionError("no reader screen")


def rows(app: ReaderApp) -> list[str]:
    """The searches screen's rows as shown, spaces squeezed."""
    options = app.screen.query_one(OptionList)
    return [
        " ".join(options.get_option_at_index(i).prompt.plain.split())  # type: ignore[union-attr]
        for i in range(options.option_count)
    ]


async def type_text(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)  # type: ignore[attr-defined]


async def open_searches(pilot: object) -> None:
    await pilot.press("f")  # type: ignore[attr-defined]
    await pilot.pause(0.2)  # type: ignore[attr-defined]


async def test_save_the_filter_list_with_counts_and_apply(feed: Path, tmp_path: Path) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "ring")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, InputDialog)
        await type_text(pilot, "Ring-Stories")
        await pilot.press("enter")
        await settle(pilot)
        assert any("Saved search:ring-stories (ring)" in toast for toast in toasts(app))
        with TriageState(feed, tmp_path / "state.sqlite3") as state:
            assert state.saved_searches() == {"ring-stories": "ring"}
        await pilot.press("escape", "escape")  # to the list, then clear the filter
        await open_searches(pilot)
        assert isinstance(app.screen, SearchesScreen)
        assert rows(app) == [
            "wire 2 2 unread provider:wire (config.toml)",
            "ring-stories 2 2 unread ring",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_text == "search:ring-stories"
        assert [screen.store[uid].key for uid in screen.article_list.uids] == [
            url_of("a"),
            url_of("b"),
        ]
        await finish(pilot)


async def test_counts_follow_triage_and_the_folder_while_open(feed: Path, tmp_path: Path) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_searches(pilot)
        assert rows(app) == ["wire 2 2 unread provider:wire (config.toml)"]
        # Another instance marks one read: the counts move while the list is open.
        with TriageState(feed, tmp_path / "state.sqlite3") as other:
            other.set_flag(Flag.READ, url_of("a"), True)
        assert await rows_become(pilot, app, ["wire 2 1 unread provider:wire (config.toml)"])
        # A new file in the folder: the watch brings it, the counts follow.
        (feed / "d.md").write_text(article("d", "Tram news", "Wire", 21))
        assert await rows_become(pilot, app, ["wire 3 2 unread provider:wire (config.toml)"])
        await pilot.press("escape")
        await finish(pilot)


async def rows_become(pilot: object, app: ReaderApp, expected: list[str]) -> bool:
    """Whether the searches screen shows ``expected`` within the state's and the
    folder watch's own rhythm (a few seconds)."""
    for _ in range(80):
        if rows(app) == expected:
            return True
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    return rows(app) == expected


async def test_a_cycle_is_shown_for_its_searches_and_a_name_in_config_is_refused(
    feed: Path, tmp_path: Path
) -> None:
    write_config(
        'read_dwell_seconds = 600\n[searches]\nwire = "provider:wire"\n'
        'loop = "search:pool"\npool = "search:loop"\n'
    )
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_searches(pilot)
        shown = rows(app)
        assert shown[0].startswith("wire 2 2 unread")
        assert "search:loop → search:pool → search:loop" in shown[1]
        assert "cannot run" in shown[2]
        await pilot.press("delete")  # a config.toml search is not the app's to forget
        note = app.screen.query_one("#searches-note").visual.plain  # type: ignore[attr-defined]
        assert "is in config.toml" in note
        await pilot.press("escape", "slash")
        await type_text(pilot, "bus")
        await pilot.press("ctrl+s")
        await type_text(pilot, "wire")
        await pilot.press("enter")
        assert isinstance(app.screen, InputDialog)  # still open, saying why
        note = app.screen.query_one("#dialog-note").visual.plain  # type: ignore[attr-defined]
        assert "config.toml" in note
        await pilot.press("escape")
        await finish(pilot)


async def test_forget_a_saved_search(feed: Path, tmp_path: Path) -> None:
    with TriageState(feed, tmp_path / "state.sqlite3") as state:
        state.save_search("buses", "bus")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_searches(pilot)
        await pilot.press("down", "delete")
        assert rows(app) == ["wire 2 2 unread provider:wire (config.toml)"]
        await pilot.press("escape")
        await finish(pilot)
    with TriageState(feed, tmp_path / "state.sqlite3") as state:
        assert state.saved_searches() == {}


async def test_export_the_list_and_the_selection(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, InputDialog)
        field = app.screen.query_one("#dialog-input")
        field.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "out.html")
        await pilot.press("enter")
        await settle(pilot)
        target = tmp_path / "out.html"
        assert any(f"Wrote 3 articles to {target}" in toast for toast in toasts(app))
        page = target.read_text(encoding="utf-8")
        assert page.count("<article>") == 3 and "About ring doorbell sale." in page
        # The selection only, as Markdown.
        await pilot.press("j", "space", "x")
        field = app.screen.query_one("#dialog-input")
        field.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "sel.md")
        await pilot.press("enter")
        await settle(pilot)
        text = (tmp_path / "sel.md").read_text(encoding="utf-8")
        assert "1 article" in text and "Ring doorbell sale" in text and "Bus" not in text
        # A folder that does not exist is refused in the box.
        await pilot.press("x")
        field = app.screen.query_one("#dialog-input")
        field.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "nowhere/x.md")
        await pilot.press("enter")
        assert isinstance(app.screen, InputDialog)
        await pilot.press("escape")
        await finish(pilot)


async def test_a_filter_naming_a_search_is_where_the_feed_opens_next_time(
    feed: Path, tmp_path: Path
) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_searches(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_of(app).query_text == "search:wire"
        await finish(pilot)
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_text == "search:wire" and len(screen.article_list.uids) == 2
        await finish(pilot)
