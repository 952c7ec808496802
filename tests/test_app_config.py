"""config.toml in the running app: remapped keys act and show in the footer and help,
bad settings are each one line on screen while the app starts anyway, dates and theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import (
    finish,
    fixed_clock,
    reader_app,
    reader_screen,
    settle,
    toasts,
    write_config,
)
from textual.widgets import Footer, Static

from tui_reader.app import ReaderApp
from tui_reader.config import Remembered
from tui_reader.data.triage import TriageState
from tui_reader.ui.command_table import COMMANDS, PANE_GROUPS
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (100, 30)


def feed_of(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for day, name in ((3, "a"), (2, "b"), (1, "c")):
        (folder / f"{name}.md").write_text(
            f'---\ntitle: "Story {name}"\npublishedDateTime: 2026-10-0{day}T12:00:00Z\n'
            f'webUrl: "https://news.example/{name}"\nprovider: "Wire"\n---\nBody {name}.\n'
        )
    return folder


def app_on(feed: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp(
        [str(feed)],
        use_cache=False,
        state_path=tmp_path / "state.sqlite3",
        clock=fixed_clock,
    )


def footer_text(app: ReaderApp) -> str:
    """The footer's keys and descriptions, as drawn."""
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))


async def test_remapped_keys_act_and_show_in_footer_and_help(tmp_path: Path) -> None:
    write_config('[keys]\nstar = "f"\nmark_read = ["m", "x"]\nhelp = "h"\n')
    feed = feed_of(tmp_path)
    app = app_on(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert toasts(app) == []  # nothing wrong with this config
        await pilot.press("f", "j", "x")
        with TriageState(feed, tmp_path / "state.sqlite3") as state:
            assert state.is_starred("https://news.example/a")
            assert state.is_read("https://news.example/b")
        await pilot.press("s")  # no longer star's key
        with TriageState(feed, tmp_path / "state.sqlite3") as state:
            assert not state.is_starred("https://news.example/b")
        assert "h Help" in footer_text(app) and "? Help" not in footer_text(app)
        await pilot.press("h")
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one(Static).visual.plain
        assert "f  " in help_text.split("Star/unstar")[0].splitlines()[-1]
        assert "m, x" in help_text
        await pilot.press("escape")
        await finish(pilot)


async def test_bad_settings_are_one_line_each_and_the_app_starts(tmp_path: Path) -> None:
    write_config(
        'dates = "iso"\nread_dwell_seconds = -2\ncolour = "red"\ntheme = "nrod"\n'
        '[keys]\nstar = "j"\nno_such = "z"\narchive = "Ctrl+A"\nmark_read = "x"\n'
    )
    feed = feed_of(tmp_path)
    app = app_on(feed, tmp_path)
    assert [line.split(":")[0] for line in app.config_problems] == [
        "dates",
        "read_dwell_seconds",
        "colour",
        "keys.no_such",
        "keys.archive",
        "keys.star",
        "theme",
    ]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert len(reader_screen(app).article_list.uids) == 3
        (toast,) = toasts(app)
        for line in app.config_problems:
            assert " ".join(line.split()) in " ".join(toast.split())
        # What was right still applies; what was wrong keeps its default.
        await pilot.press("x", "s")
        with TriageState(feed, tmp_path / "state.sqlite3") as state:
            assert state.is_read("https://news.example/a")
            assert state.is_starred("https://news.example/a")
        await finish(pilot)


async def test_absolute_dates_in_the_list(tmp_path: Path) -> None:
    write_config('dates = "absolute"\n')
    feed = feed_of(tmp_path)
    app = app_on(feed, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = [reader_screen(app).article_list.render_line(y).text for y in range(3)]
        assert "2026-10-03" in rows[0] and "2026-10-01" in rows[2]
        await finish(pilot)
    write_config('dates = "relative"\n')
    app = app_on(feed, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = reader_screen(app).article_list.render_line(0).text
        assert "2026-10-03" not in first and "29d" in first
        await finish(pilot)


async def test_theme_from_the_config_wins_and_a_choice_lasts_the_session(tmp_path: Path) -> None:
    write_config('theme = "nord"\n')
    Remembered(theme="dracula").save()
    app = reader_app(feed_of(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
        assert any("lasts until you quit" in toast for toast in toasts(app))
        await finish(pilot)


async def test_default_view_and_sort_for_a_feed_opened_the_first_time(tmp_path: Path) -> None:
    write_config('default_view = "starred"\ndefault_sort = "title"\n')
    app = app_on(feed_of(tmp_path), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.view is not None and screen.view.value == "starred"
        assert screen.sort.value == "title" and screen.status.sort.startswith("title")
        await finish(pilot)


@pytest.mark.parametrize("pane", list(PANE_GROUPS))
async def test_pane_groups_match_the_widgets(tmp_path: Path, pane: str) -> None:
    """PANE_GROUPS (what a [keys] clash is checked against) is what the widgets bind."""
    app = app_on(feed_of(tmp_path), tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        widget = {
            "the article list": screen.article_list,
            "the article": screen.reader.detail_pane,
            "the related pane": screen.reader.related_pane,
            "the filter": screen.query_one("#filter-input"),
        }[pane]
        ids = {
            binding.id
            for node in [*widget.ancestors_with_self]
            for binding in getattr(type(node), "BINDINGS", [])
            if getattr(binding, "id", None)
        }
        groups = {group for group, commands in COMMANDS.items() if commands[0].id in ids}
        assert groups == set(PANE_GROUPS[pane])
        assert isinstance(screen, ReaderScreen)
        await finish(pilot)
