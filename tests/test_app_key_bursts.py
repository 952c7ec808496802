"""Keys typed in one burst (a fast typist, a paste, tmux send-keys) are applied in the
order typed, even when one of them opens a dialog or the reader is still starting: the
keys after it go into the dialog (or the filter), none to the list behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import article_file, finish, reader_app, reader_screen, settle, write_feed
from textual import events
from textual.widgets import Input, TextArea

from tui_reader.app import ReaderApp
from tui_reader.ui.early_keys import START, EarlyKeys
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.note_screen import NoteScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (80, 24)


def feed(tmp_path: Path) -> Path:
    titles = ["Ferry timetable", "Bike lanes doubled", "Ferry fares rise", "Port power"]
    return write_feed(
        tmp_path / "feed",
        {
            f"{n}.md": article_file(
                title, url=f"https://e.org/{n}", date=f"2026-10-0{9 - n}T12:00:00Z"
            )
            for n, title in enumerate(titles)
        },
    )


def type_burst(app: ReaderApp, *keys: str) -> None:
    """Queue the keys at once, none waiting for the one before to be handled."""
    for key in keys:
        character = key if len(key) == 1 else {"slash": "/", "enter": "\r", "ctrl+j": "\n"}.get(key)
        app.post_message(events.Key(key, character))


async def test_letters_after_a_triage_key_and_c_go_into_the_note(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_burst(app, "m", "c", *"www")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == "www"
        await pilot.press("escape")
        await finish(pilot)


async def test_letters_after_a_triage_key_and_t_go_into_the_tags(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_burst(app, "m", "T", *"zzz")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        assert app.screen.query_one(Input).value == "zzz"
        await pilot.press("escape")
        await finish(pilot)


@pytest.mark.parametrize(
    # ctrl+j: Return typed before the app set the terminal to raw mode, which the
    # terminal's line mode turned into a newline (seen in tmux 0.3 s after launch).
    "enter",
    ["enter", "ctrl+j"],
)
async def test_keys_typed_at_launch_filter_leave_the_filter_move_and_star(
    tmp_path: Path, enter: str
) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        type_burst(app, "slash", *"ferry", enter, "j", "s")
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.query_one(FilterBar).text == "ferry"
        assert app.focused is screen.article_list
        titles = [screen.store[uid].title for uid in screen.article_list.uids]
        assert sorted(titles) == ["Ferry fares rise", "Ferry timetable"]
        starred = [
            screen.store[uid].title
            for uid in screen.article_list.uids
            if screen.triage.is_starred(screen.store[uid].key)
        ]
        assert starred == [titles[1]]
        await finish(pilot)


def starred_or_read(app: ReaderApp) -> list[str]:
    """The titles triaged so far (by keys that went to the list instead of a dialog)."""
    screen = next(screen for screen in app.screen_stack if isinstance(screen, ReaderScreen))
    triage = screen.triage
    return [
        article.title
        for article in (screen.store[uid] for uid in screen.store.uids())
        if triage.is_starred(article.key) or triage.is_read(article.key)
    ]


async def test_y_right_after_a_bulk_key_answers_its_question(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        first_three = [screen.store[uid].key for uid in screen.article_list.uids[:3]]
        type_burst(app, "V", "j", "j", "a", "y")
        await settle(pilot)
        assert app.screen is screen  # answered, not waiting
        archived = [key for key in first_three if screen.triage.is_archived(key)]
        assert archived == first_three
        await finish(pilot)


async def test_a_file_name_typed_right_after_x_goes_into_the_export_box(
    tmp_path: Path,
) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_burst(app, "x", *"ssam")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        assert app.screen.query_one(Input).value.endswith("ssam")
        assert starred_or_read(app) == []
        await pilot.press("escape")
        await finish(pilot)


async def test_a_name_typed_right_after_ctrl_s_goes_into_the_save_box(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_burst(app, "slash", *"ferry", "ctrl+s", *"mas")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        assert app.screen.query_one(Input).value == "mas"
        assert starred_or_read(app) == []
        await pilot.press("escape")
        await finish(pilot)


async def test_keys_typed_before_slash_act_on_the_list_first(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        third = screen.store[screen.article_list.uids[2]].title
        type_burst(app, "j", "j", "s", "slash", *"po")
        await settle(pilot)
        assert screen.query_one(FilterBar).text == "po"
        assert starred_or_read(app) == [third]
        await finish(pilot)


class DroppingNode:
    """A widget whose queue accepts the callback that follows a key, then drops it (as a
    queue closed with it inside would)."""

    parent = None

    def call_later(self, *_args: object) -> bool:
        return True


class AppQueue:
    """The app's side: its queue runs callbacks when told, its timers fire when told."""

    def __init__(self) -> None:
        self.queued: list[object] = []
        self.timers: list[object] = []

    def call_later(self, callback: object, *_args: object) -> bool:
        self.queued.append(callback)
        return True

    def set_timer(self, _delay: float, callback: object) -> None:
        self.timers.append(callback)


async def test_a_key_whose_follower_is_dropped_does_not_hold_input_for_ever() -> None:
    keys = EarlyKeys()
    assert list(keys.release(START)) == []
    first, second = events.Key("m", "m"), events.Key("c", "c")
    app = AppQueue()
    released: list[events.Event] = []

    async def done() -> None:
        released.extend(keys.release(first))

    keys.follow(first, DroppingNode(), app, done)  # type: ignore[arg-type]
    assert keys.hold(second)  # waits for the first key's trip
    assert app.queued == []  # the follower was dropped: nothing would ever release it
    for fire in app.timers:
        fire()  # type: ignore[operator]
    for callback in app.queued:  # through the app's queue, in turn
        await callback()  # type: ignore[operator]
    assert released == [second]
