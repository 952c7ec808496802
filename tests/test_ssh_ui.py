"""The SSH features in the running reader: y (OSC 52), o (open or copy), live watch, v."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_support import ManualScheduler, finish, settle, toasts
from textual.content import Content
from textual.pilot import Pilot
from textual.style import Style
from textual.widgets import OptionList, Static

from tui_reader.app import ReaderApp
from tui_reader.terminal.clipboard import osc52, osc52_sequence, tmux_passthrough
from tui_reader.ui import link_actions
from tui_reader.ui.change_follower import NOTE_SECONDS
from tui_reader.ui.overview_screen import DateChart, OverviewScreen
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.status_header import FeedStatus, StatusHeader, status_line

URL_A = "https://example.org/a"


def article(title: str, url: str, day: int, provider: str = "Example Wire") -> str:
    return (
        "---\n"
        f'title: "{title}"\n'
        f'webUrl: "{url}"\n'
        f"publishedDateTime: 2024-05-{day:02d}T10:00:00Z\n"
        f"provider:\n  name: {provider}\n"
        "topics: [Cities, Transit]\n"
        "---\nBody.\n"
    )


@pytest.fixture
def feed(write_article: Callable[..., Path]) -> Path:
    write_article("a.md", article("Alpha harbour", URL_A, 10))
    write_article("b.md", article("Bravo transit", "https://example.org/b", 9))
    write_article("c.md", article("Charlie parks", "file:///etc/passwd", 8, "Other"))
    return write_article("d.md", article("Delta bridge", "https://example.org/d", 7)).parent


@pytest.fixture
def plain_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No multiplexer, no SSH, unless a test sets them."""
    for name in ("TMUX", "STY", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    yield


def make_app(feed: Path) -> ReaderApp:
    return ReaderApp([str(feed)], use_cache=False)


async def loaded(pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def capture_writes(app: ReaderApp) -> list[str]:
    """Everything the app writes to its terminal from now on that sets the clipboard."""
    driver = app._driver
    assert driver is not None
    written: list[str] = []
    original = driver.write

    def write(data: str) -> None:
        if "52;c;" in data:
            written.append(data)
        original(data)

    driver.write = write  # type: ignore[method-assign]
    return written


def cursor_title(screen: ReaderScreen) -> str:
    uid = screen.article_list.cursor_uid
    assert uid is not None
    return screen.store[uid].title


async def test_y_writes_plain_osc52_outside_multiplexers(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        assert cursor_title(screen) == "Alpha harbour"
        written = capture_writes(app)
        await pilot.press("y")
        # Ours, then Textual's in-app clipboard (which writes the same plain sequence).
        assert written == [osc52(URL_A), osc52(URL_A)]
        assert written[0] == "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy9h\x07"
        assert app.clipboard == URL_A
        assert f"Copied to the clipboard: {URL_A}" in toasts(app)


async def test_y_inside_tmux_adds_the_passthrough(
    feed: Path, plain_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        written = capture_writes(app)
        await pilot.press("y")
        expected = osc52(URL_A) + tmux_passthrough(osc52(URL_A))
        assert written[0] == expected == osc52_sequence(URL_A, {"TMUX": "1"})
        assert written[0].endswith("\x1bPtmux;\x1b\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy9h\x07\x1b\\")
        assert f"Copied to the clipboard (through tmux): {URL_A}" in toasts(app)


async def test_y_refuses_a_non_web_url(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        await pilot.press("j", "j")
        assert cursor_title(screen) == "Charlie parks"
        written = capture_writes(app)
        await pilot.press("y")
        assert written == []
        assert app.clipboard == ""
        assert "Not copied: not an http(s) link." in toasts(app)


def forbid_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no browser may be launched here")

    monkeypatch.setattr(link_actions, "open_in_background", fail)


async def test_o_over_ssh_copies_instead_of_launching(
    feed: Path, plain_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    forbid_browser(monkeypatch)
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        written = capture_writes(app)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert written[0] == osc52(URL_A)
        assert app.clipboard == URL_A
        assert f"Over SSH: copied the link instead, open it on your machine. {URL_A}" in toasts(app)


async def test_o_refuses_a_non_web_url(
    feed: Path, plain_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    forbid_browser(monkeypatch)
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j")
        written = capture_writes(app)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert written == []
        assert "Not opened: not an http(s) link. (file:///etc/passwd)" in toasts(app)


async def test_o_on_a_desktop_hands_the_url_to_the_browser(
    feed: Path, plain_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr(link_actions, "decide_open", _desktop_decision)
    monkeypatch.setattr(
        link_actions, "open_in_background", lambda url, on_done=None: opened.append(url)
    )
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opened == [URL_A]
        assert f"Opening in your browser. {URL_A}" in toasts(app)


def _desktop_decision(url: str, env: object) -> link_actions.OpenDecision:
    # decide_open with a stand-in browser: the real one would read this machine's setup.
    from tui_reader.terminal.opener import decide_open

    class Firefox:
        name = "firefox"

    return decide_open(url, {"DISPLAY": ":0"}, platform="linux", find_browser=Firefox)  # type: ignore[arg-type]


def linked_urls(widget: Static) -> set[str]:
    content = widget.content
    assert isinstance(content, Content)
    return {
        span.style.link
        for span in content.spans
        if isinstance(span.style, Style) and span.style.link
    }


async def test_detail_pane_links_web_urls_only(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        await finish(pilot)  # the preview follows the cursor after a short rest
        head = screen.query_one("#detail-head", Static)
        more = screen.query_one("#detail-more", Static)  # folded behind "i"
        assert linked_urls(head) == {URL_A}  # the title links to the web page
        assert linked_urls(more) == {URL_A}
        await pilot.press("j", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert cursor_title(screen) == "Charlie parks"
        assert "file:///etc/passwd" in str(more.content)
        assert linked_urls(head) == set() and linked_urls(more) == set()


# -- live watch -------------------------------------------------------------------------


async def poll(pilot: Pilot[None], screen: ReaderScreen) -> None:
    await pilot.press("ctrl+r")  # rescan now
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def header_text(screen: ReaderScreen) -> str:
    return screen.query_one(StatusHeader).text


async def test_watch_create_modify_delete_rename_keep_the_cursor(
    feed: Path, plain_env: None
) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        await pilot.press("j")
        assert cursor_title(screen) == "Bravo transit"
        uid = screen.article_list.cursor_uid

        (feed / "new.md").write_text(article("Echo newest", "https://example.org/e", 20))
        await poll(pilot, screen)
        assert len(screen.store) == 5
        assert screen.article_list.cursor_uid == uid
        assert screen.article_list.cursor == 2  # one newer article above it now
        assert "1 new" in header_text(screen)

        (feed / "b.md").write_text(article("Bravo transit, updated", "https://example.org/b", 9))
        await poll(pilot, screen)
        assert screen.article_list.cursor_uid == uid
        assert cursor_title(screen) == "Bravo transit, updated"
        assert "1 changed" in header_text(screen)

        (feed / "a.md").unlink()
        await poll(pilot, screen)
        assert [a.title for a in screen.store].count("Alpha harbour") == 0
        assert screen.article_list.cursor_uid == uid
        assert "1 removed" in header_text(screen)

        os.rename(feed / "d.md", feed / "renamed.md")
        await poll(pilot, screen)
        titles = sorted(a.title for a in screen.store)
        assert titles == ["Bravo transit, updated", "Charlie parks", "Delta bridge", "Echo newest"]
        assert screen.store.by_path(str(feed / "renamed.md")) is not None
        assert screen.store.by_path(str(feed / "d.md")) is None
        assert screen.article_list.cursor_uid == uid


async def test_the_watch_note_fades_and_polling_is_said_plainly(
    feed: Path, plain_env: None
) -> None:
    scheduler = ManualScheduler()
    app = ReaderApp([str(feed)], use_cache=False, scheduler=scheduler)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        (feed / "new.md").write_text(article("Echo newest", "https://example.org/e", 20))
        await poll(pilot, screen)
        assert "1 new" in header_text(screen)
        scheduler.advance(NOTE_SECONDS - 1)
        await pilot.pause()
        assert "1 new" in header_text(screen)
        scheduler.advance(1)
        await pilot.pause()
        assert "1 new" not in header_text(screen)
    header = status_line(FeedStatus(feed_name="f", poll_seconds=14.2)).plain
    assert "watch: polling every 14s" in header and "polled" not in header
    assert "polling" not in status_line(FeedStatus(feed_name="f")).plain


async def test_watch_keeps_the_filter(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        # 'exact: the raw title (every test article has the topic "Transit", which the
        # free word would match too).
        await pilot.press("slash", *"'transit", "enter")
        assert [screen.store[u].title for u in screen.article_list.uids] == ["Bravo transit"]
        (feed / "t.md").write_text(article("Transit strike", "https://example.org/t", 1))
        (feed / "x.md").write_text(article("Unrelated", "https://example.org/x", 2))
        await poll(pilot, screen)
        assert screen.query_text == "'transit"
        titles = [screen.store[u].title for u in screen.article_list.uids]
        assert titles == ["Bravo transit", "Transit strike"]
        assert cursor_title(screen) == "Bravo transit"


async def test_ctrl_r_without_changes_says_so(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Rescanned: no changes." in toasts(app)


# -- overview and key listing -----------------------------------------------------------


async def test_overview_screen_shows_the_feed(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        chart = app.screen.query_one(DateChart).render().plain
        assert "Articles per day  2024-05-07 to 2024-05-10: 4" in chart
        assert "2024-05-10: 1 article" in chart  # the cursor starts on the newest day
        names = app.screen.query_one(OptionList)
        prompts = [str(getattr(o.prompt, "plain", "")) for o in names.options]
        assert any(p.startswith("Example Wire                  3 ") for p in prompts)
        assert any(p.startswith("Other                         1 ") for p in prompts)
        assert any(p.startswith("Cities                        4 ") for p in prompts)
        triage = str(app.screen.query_one("#overview-triage", Static).content)
        assert "Read            0 / 4" in triage
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_new_actions_are_listed_for_help_and_palette(feed: Path, plain_env: None) -> None:
    app = make_app(feed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        listed = {(c.action, c.description, c.keys) for c in app.key_commands()}
        for entry in (
            ("copy_link", "Copy link", ("y",)),
            ("open_link", "Open link", ("o",)),
            ("overview", "Overview (Enter on a row filters to it)", ("v",)),
            ("rescan", "Rescan folder", ("^r",)),
        ):
            assert entry in listed
