"""The triage keys in the running app: each one lands in the state database.

Every assertion about state opens a fresh ``TriageState`` on the same database, so it
checks what was committed, not what one instance keeps in memory.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from app_support import ManualScheduler, finish, settle, toasts, write_config

from tui_reader.app import ReaderApp
from tui_reader.cli import main
from tui_reader.data.triage import Flag, TriageState
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (160, 48)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
NAMES = ["a", "b", "c", "d", "e"]
"""Article names, newest first: the list shows them in this order."""


def fixed_clock() -> datetime:
    return NOW


def url_of(name: str) -> str:
    return f"https://news.example/{name}"


def article_text(name: str, day: int, *, published: str = "false", eol: str = "\n") -> str:
    lines = [
        "---",
        "# a curator's comment",
        f'title: "Story {name}"',
        f"publishedDateTime: 2026-10-{day:02d}T12:00:00Z",
        f"webUrl: {json.dumps(url_of(name))}",
        'provider: "Test Wire"',
        f"published: {published}",
        "---",
        f"Body of {name}.",
        "",
    ]
    return eol.join(lines)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for index, name in enumerate(NAMES):
        (folder / f"{name}.md").write_bytes(article_text(name, 20 - index).encode())
    return folder


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


def set_dwell(seconds: float) -> None:
    write_config(f"read_dwell_seconds = {seconds}\n")


@pytest.fixture(autouse=True)
def _long_dwell() -> None:
    # Reading never marks by itself in these tests, except where a test asks for it.
    set_dwell(600)


def make_app(
    feed: Path, state_path: Path, tmp_path: Path, scheduler: ManualScheduler | None = None
) -> ReaderApp:
    return ReaderApp(
        [str(feed)],
        cache_dir=tmp_path / "cache",
        clock=fixed_clock,
        state_path=state_path,
        scheduler=scheduler,
    )


def fresh(feed: Path, state_path: Path) -> TriageState:
    return TriageState(feed, state_path)


def screen_of(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def shown_names(app: ReaderApp) -> list[str]:
    screen = screen_of(app)
    return [screen.store[uid].rel_path.removesuffix(".md") for uid in screen.article_list.uids]


def cursor_name(app: ReaderApp) -> str:
    screen = screen_of(app)
    uid = screen.article_list.cursor_uid
    assert uid is not None
    return screen.store[uid].rel_path.removesuffix(".md")


async def test_each_flag_key_is_committed(feed: Path, state_path: Path, tmp_path: Path) -> None:
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("m")
        with fresh(feed, state_path) as state:
            assert state.is_read(url_of("a"))
        await pilot.press("m")
        with fresh(feed, state_path) as state:
            assert not state.is_read(url_of("a"))
        await pilot.press("s")
        with fresh(feed, state_path) as state:
            assert state.is_starred(url_of("a"))
        await pilot.press("a")
        with fresh(feed, state_path) as state:
            assert state.is_archived(url_of("a"))
        # Archived articles leave the default view; the next one takes the cursor.
        assert shown_names(app) == ["b", "c", "d", "e"]
        assert cursor_name(app) == "b"
        await pilot.press("4")
        assert shown_names(app) == ["a"]
        await pilot.press("1")
        assert "a" not in shown_names(app)
        await finish(pilot)


async def test_next_unread_and_read_and_next(feed: Path, state_path: Path, tmp_path: Path) -> None:
    with fresh(feed, state_path) as state:
        state.set_flag(Flag.READ, [url_of("b"), url_of("c")], True)
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert cursor_name(app) == "a"
        await pilot.press("n")
        assert cursor_name(app) == "d"
        await pilot.press("N")
        assert cursor_name(app) == "a"
        await pilot.press("d")
        assert cursor_name(app) == "d"
        with fresh(feed, state_path) as state:
            assert state.is_read(url_of("a"))
            assert not state.is_read(url_of("d"))
        await finish(pilot)


async def test_dwell_marks_read_but_passing_over_does_not(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    set_dwell(1.5)
    clock = ManualScheduler()
    app = make_app(feed, state_path, tmp_path, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        # Passing over b and c on the way to d: each move restarts the wait.
        for _ in range(3):
            await pilot.press("j")
            clock.advance(1.0)
        assert cursor_name(app) == "d"
        with fresh(feed, state_path) as state:
            assert not any(state.is_read(url_of(name)) for name in NAMES)
        clock.advance(1.0)
        await pilot.pause()
        with fresh(feed, state_path) as state:
            assert state.is_read(url_of("d"))
            assert not state.is_read(url_of("b"))
            assert not state.is_read(url_of("c"))
        await finish(pilot)


async def test_undo_survives_a_restart(feed: Path, state_path: Path, tmp_path: Path) -> None:
    first = make_app(feed, state_path, tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "m")
        await finish(pilot)
    with fresh(feed, state_path) as state:
        assert state.is_starred(url_of("a")) and state.is_read(url_of("b"))
    second = make_app(feed, state_path, tmp_path)
    async with second.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("u")
        with fresh(feed, state_path) as state:
            assert not state.is_read(url_of("b"))
            assert state.is_starred(url_of("a"))
        assert "Undone: “Story b” is unread again (1 more to undo)" in toasts(second)
        await pilot.press("ctrl+z")
        with fresh(feed, state_path) as state:
            assert not state.is_starred(url_of("a"))
            assert state.undo_depth() == 0
        await finish(pilot)


async def test_bulk_selection_asks_and_is_one_undo_step(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space", "m")
        assert isinstance(app.screen, ConfirmScreen)
        # It says what it acts on.
        assert app.screen.question.plain.splitlines() == [
            "Mark 3 selected articles read?",
            "  • “Story a”",
            "  • “Story b”",
            "  • “Story c”",
        ]
        await pilot.press("n")  # no: the selection stays for another action
        with fresh(feed, state_path) as state:
            assert state.counts().read == 0
            assert state.undo_depth() == 0
        assert screen_of(app).selected == 3
        await pilot.press("m")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        with fresh(feed, state_path) as state:
            assert [state.is_read(url_of(n)) for n in NAMES] == [True] * 3 + [False] * 2
            assert state.undo_depth() == 1
        assert screen_of(app).selected == 0
        await pilot.press("u")
        with fresh(feed, state_path) as state:
            assert state.counts().read == 0
        await finish(pilot)


async def test_mark_all_shown_read(feed: Path, state_path: Path, tmp_path: Path) -> None:
    with fresh(feed, state_path) as state:
        state.set_flag(Flag.READ, url_of("e"), True)
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.splitlines()[0] == "Mark 4 unread shown articles read?"
        await pilot.press("enter")
        with fresh(feed, state_path) as state:
            assert all(state.is_read(url_of(n)) for n in NAMES)
        await pilot.press("u")
        with fresh(feed, state_path) as state:
            # One step, and e (read before) stays read.
            assert [state.is_read(url_of(n)) for n in NAMES] == [False] * 4 + [True]
        await finish(pilot)


async def test_publish_writes_one_value_and_undo_restores_bytes(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    path = feed / "a.md"
    original = b"\xef\xbb\xbf" + article_text("a", 20, eol="\r\n").encode()
    path.write_bytes(original)
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert path.read_bytes() == original.replace(b"published: false", b"published: true")
        # The article was read again: publishing again sees its new bytes, no refusal.
        await pilot.press("p")
        assert path.read_bytes() == original
        await pilot.press("u")
        assert path.read_bytes() == original.replace(b"published: false", b"published: true")
        await pilot.press("u")
        assert path.read_bytes() == original
        await finish(pilot)


async def test_publish_refusal_is_reported_literally(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    # Newest, so first in the list; its name is markup that must stay text.
    path = feed / "[@click=app.quit]z.md"
    path.write_bytes(article_text("z", 30).encode())
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert cursor_name(app) == "[@click=app.quit]z"
        # Changed behind the reader's back after it was loaded.
        path.write_bytes(path.read_bytes() + b"More.\n")
        before = path.read_bytes()
        await pilot.press("p")
        await pilot.pause()
        assert path.read_bytes() == before
        assert any("1 file not published:" in m and str(path) in m for m in toasts(app))
        assert app.is_running
        await finish(pilot)


async def test_bulk_publish_and_its_undo(feed: Path, state_path: Path, tmp_path: Path) -> None:
    originals = {name: (feed / f"{name}.md").read_bytes() for name in NAMES}
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "p")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.splitlines()[0] == "Publish 2 selected articles?"
        await pilot.press("y")
        for name in NAMES:
            expected = originals[name]
            if name in ("a", "b"):
                expected = expected.replace(b"published: false", b"published: true")
            assert (feed / f"{name}.md").read_bytes() == expected
        await pilot.press("u")
        assert {name: (feed / f"{name}.md").read_bytes() for name in NAMES} == originals
        await finish(pilot)


async def test_views_and_is_unread(feed: Path, state_path: Path, tmp_path: Path) -> None:
    with fresh(feed, state_path) as state:
        state.set_flag(Flag.READ, [url_of("a"), url_of("c")], True)
        state.set_flag(Flag.STARRED, url_of("d"), True)
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        assert shown_names(app) == ["b", "d", "e"]
        await pilot.press("3")
        assert shown_names(app) == ["d"]
        await pilot.press("1")
        assert shown_names(app) == NAMES
        await pilot.press("slash", *"is:unread", "enter")
        assert shown_names(app) == ["b", "d", "e"]
        await finish(pilot)


async def test_sees_another_instance(feed: Path, state_path: Path, tmp_path: Path) -> None:
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        with fresh(feed, state_path) as other:
            other.set_flag(Flag.READ, url_of("b"), True)
        await pilot.press("ctrl+r")  # rescan now, instead of waiting for the next look
        assert shown_names(app) == ["a", "c", "d", "e"]
        await finish(pilot)


async def test_triage_keys_in_help_and_palette(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    app = make_app(feed, state_path, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        triage = {c.description: c.keys for c in app.key_commands() if c.group == "Triage"}
        assert triage["Undo"] == ("u", "^z")
        assert "Mark read/unread" in triage and "View: unread" in triage
        # The palette runs a command as its action on its node.
        command = next(c for c in app.key_commands() if c.description == "Star/unstar")
        await app.run_action(command.action, command.node)
        with fresh(feed, state_path) as state:
            assert state.is_starred(url_of("a"))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_rows = dict(app.screen.groups)["Triage"]
        assert ("u, ^z", "Undo") in help_rows
        assert ("space", "Select for bulk (then m s a p)") in help_rows
        await finish(pilot)


async def test_narrow_terminal_marks_read_only_once_opened(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    set_dwell(1.5)
    clock = ManualScheduler()
    app = make_app(feed, state_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The list alone is shown: the article under the cursor is not being read.
        await pilot.press("j")
        clock.advance(10)
        with fresh(feed, state_path) as state:
            assert not state.is_read(url_of("b"))
        await pilot.press("enter")
        clock.advance(2)
        await pilot.pause()
        with fresh(feed, state_path) as state:
            assert state.is_read(url_of("b"))
            assert not state.is_read(url_of("a"))
        await finish(pilot)


def test_cli_reports_a_state_it_cannot_open(
    feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert main([str(feed), "--state", str(not_a_folder / "triage.sqlite3")]) == 1
    assert "cannot open the triage state" in capsys.readouterr().err


async def test_mark_unread_while_the_dwell_runs_is_kept(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    set_dwell(1.5)
    clock = ManualScheduler()
    app = make_app(feed, state_path, tmp_path, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j", "m", "m")
        clock.advance(10)
        await pilot.pause()
        with fresh(feed, state_path) as state:
            assert not state.is_read(url_of("b"))
        await finish(pilot)
