"""The reader's own tags and notes in the running app: T and c, on an article or the
selection, undoable, surviving a restart, shown in the detail pane apart from the file's
topics, and searchable at once (tag:, note:, has:).

Keys in, screen and committed state out: every assertion about state opens a fresh
``TriageState`` on the same database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import finish, settle, toasts, write_config
from textual.widgets import Input, Static, TextArea

from tui_reader.app import ReaderApp
from tui_reader.data.triage import TriageState
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.note_screen import NoteScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (160, 48)
NAMES = ["a", "b", "c", "d"]


def url_of(name: str) -> str:
    return f"https://news.example/{name}"


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for index, name in enumerate(NAMES):
        (folder / f"{name}.md").write_text(
            "---\n"
            f'title: "Story {name}"\n'
            f"publishedDateTime: 2026-10-{20 - index:02d}T12:00:00Z\n"
            f"webUrl: {json.dumps(url_of(name))}\n"
            'provider: "Test Wire"\n'
            'topics: ["Transit"]\n'
            f"---\nBody of {name}.\n"
        )
    return folder


@pytest.fixture(autouse=True)
def _long_dwell() -> None:
    write_config("read_dwell_seconds = 600\n")


def make_app(feed: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp([str(feed)], use_cache=False, state_path=tmp_path / "state.sqlite3")


def fresh(feed: Path, tmp_path: Path) -> TriageState:
    return TriageState(feed, tmp_path / "state.sqlite3")


def screen_of(app: ReaderApp) -> ReaderScreen:
    for screen in app.screen_stack:
        if isinstance(screen, ReaderScreen):
            return screen
    raise AssertionError("no reader screen")


def shown(app: ReaderApp) -> list[str]:
    screen = screen_of(app)
    return [screen.store[uid].title.removeprefix("Story ") for uid in screen.article_list.uids]


def yours_text(app: ReaderApp) -> str:
    return screen_of(app).query_one("#detail-yours", Static).visual.plain  # type: ignore[union-attr]


async def type_text(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)  # type: ignore[attr-defined]


async def test_tags_on_the_article_and_the_selection_are_searchable_and_undoable(
    feed: Path, tmp_path: Path
) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("T")
        assert isinstance(app.screen, InputDialog)
        await type_text(pilot, "Briefing follow-up")
        await pilot.press("enter")
        await settle(pilot)
        with fresh(feed, tmp_path) as state:
            assert state.tags(url_of("a")) == ("briefing", "follow-up")
        assert any("Tagged “Story a” briefing, follow-up" in toast for toast in toasts(app))
        assert "Your tags: briefing, follow-up" in yours_text(app)
        # The selection: b and c; tags complete from those in use (→ accepts).
        await pilot.press("j", "space", "space", "T")
        await type_text(pilot, "bri")
        await pilot.press("right", "enter")
        await settle(pilot)
        with fresh(feed, tmp_path) as state:
            assert [state.tags(url_of(n)) for n in NAMES] == [
                ("briefing", "follow-up"),
                ("briefing",),
                ("briefing",),
                (),
            ]
        await pilot.press("slash")
        await type_text(pilot, "tag:briefing !tag:follow")
        await settle(pilot)
        assert shown(app) == ["b", "c"]
        await pilot.press("escape", "u")  # undo the selection's tags: the list follows
        await settle(pilot)
        assert shown(app) == []
        with fresh(feed, tmp_path) as state:
            assert state.tags(url_of("b")) == ()
        await finish(pilot)


async def test_removing_a_tag_and_a_bad_tag(feed: Path, tmp_path: Path) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await type_text(pilot, "x y")
        await pilot.press("enter")
        await pilot.press("T")
        await type_text(pilot, "-x +!z")
        await pilot.press("enter")
        assert isinstance(app.screen, InputDialog)  # refused where it was typed
        note = app.screen.query_one("#dialog-note", Static).visual.plain  # type: ignore[union-attr]
        assert "cannot start with" in note
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("enter")
        await settle(pilot)
        with fresh(feed, tmp_path) as state:
            assert state.tags(url_of("a")) == ("y",)
        await finish(pilot)


async def test_a_note_is_written_shown_searched_and_survives_a_restart(
    feed: Path, tmp_path: Path
) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "Call the depot")
        await pilot.press("enter")
        await type_text(pilot, "before Friday")
        await pilot.press("escape")  # saves: a note typed is never lost
        await settle(pilot)
        assert "Your note: Call the depot\nbefore Friday" in yours_text(app)
        await pilot.press("slash")
        await type_text(pilot, "note:depot")
        await settle(pilot)
        assert shown(app) == ["b"]
        await pilot.press("escape", "escape")
        await finish(pilot)
    with fresh(feed, tmp_path) as state:
        assert state.note(url_of("b")) == "Call the depot\nbefore Friday"
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "has:note")
        await settle(pilot)
        assert shown(app) == ["b"]
        await pilot.press("enter", "c")
        area = app.screen.query_one(TextArea)
        assert area.text == "Call the depot\nbefore Friday"
        area.clear()  # an empty note removes it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app) == []  # has:note follows at once
        with fresh(feed, tmp_path) as state:
            assert state.note(url_of("b")) == ""
        await pilot.press("u")
        await settle(pilot)
        assert shown(app) == ["b"]
        assert any("Undone: the note of “Story b” as before" in t for t in toasts(app))
        await finish(pilot)


async def test_the_detail_pane_tells_your_tags_from_the_files_topics(
    feed: Path, tmp_path: Path
) -> None:
    with fresh(feed, tmp_path) as state:
        from tui_reader.data.triage import TagEdit

        state.edit_tags(url_of("a"), TagEdit(add=("mine",)))
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "i")
        await settle(pilot)
        screen = screen_of(app)
        assert yours_text(app) == "Your tags: mine"
        more = screen.query_one("#detail-more", Static).visual.plain  # type: ignore[union-attr]
        assert "Topics (the file's): Transit" in more
        await pilot.press("escape")
        await pilot.press("slash")
        await type_text(pilot, "tag:transit")  # tag: finds the file's topics too
        await settle(pilot)
        assert shown(app) == NAMES
        await finish(pilot)


async def test_hostile_tags_and_notes_are_shown_as_text(feed: Path, tmp_path: Path) -> None:
    with fresh(feed, tmp_path) as state:
        state.set_note(url_of("a"), "[@click=app.quit]quit[/] \x1b]52;c;eA==\x07 [b]bold[/b]")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        text = yours_text(app)
        assert "[@click=app.quit]quit[/]" in text and "[b]bold[/b]" in text
        assert "\x1b" not in text
        await finish(pilot)
    assert app.return_code in (None, 0)


async def test_without_a_state_the_keys_are_not_offered(feed: Path) -> None:
    from tui_reader.data.triage import FixedTriage

    app = ReaderApp([str(feed)], use_cache=False, triage=FixedTriage({}))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("T", "c")
        assert isinstance(app.screen, ReaderScreen)
        assert not app.screen.query(Input).filter("#dialog-input")
        await finish(pilot)
