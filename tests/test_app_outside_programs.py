"""E opens the article's file in $VISUAL/$EDITOR and the edit comes back like any outside
change; P sends the article's text to $PAGER on standard input. Both refuse, saying why,
when no program is set or the terminal cannot be handed over.

The app is given a ``hand_over`` that runs the program without suspending (the test has
no terminal); the programs are small scripts that record what they were given.
"""

from __future__ import annotations

import contextlib
import json
import shlex
import sys
from pathlib import Path

import pytest
from app_support import finish, fixed_clock, reader_screen, settle, toasts, write_config

from tui_reader.app import ReaderApp
from tui_reader.terminal.programs import ProgramError, editor_command, pager_command

SIZE = (160, 48)

FAKE_EDITOR = """
import json, pathlib, sys
pathlib.Path(sys.argv[1]).write_text(json.dumps(sys.argv[2:]))
path = pathlib.Path(sys.argv[-1])
path.write_text(path.read_text().replace("Story a", "Edited in the editor"))
"""

FAKE_PAGER = """
import pathlib, sys
pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())
"""


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a story.md").write_text(
        '---\ntitle: "Story a \\e[31mred"\npublishedDateTime: 2026-10-02T12:00:00Z\n'
        'webUrl: "https://news.example/a"\nprovider: "Wire"\n---\nThe body of a.\n'
    )
    (folder / "b.md").write_text(
        '---\ntitle: "Story b"\npublishedDateTime: 2026-10-01T12:00:00Z\n---\nBody b.\n'
    )
    write_config("read_dwell_seconds = 600\n")
    return folder


def script(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(source)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}"


def make_app(feed: Path, tmp_path: Path, *, terminal: bool = True) -> ReaderApp:
    return ReaderApp(
        [str(feed)],
        use_cache=False,
        clock=fixed_clock,
        state_path=tmp_path / "state.sqlite3",
        hand_over=contextlib.nullcontext if terminal else None,
    )


def titles(app: ReaderApp) -> list[str]:
    screen = reader_screen(app)
    return [screen.store[uid].title for uid in screen.article_list.uids]


async def test_e_edits_the_file_and_the_change_comes_back(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "editor-args.json"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{script(tmp_path, 'ed.py', FAKE_EDITOR)} {record} --wait")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert json.loads(record.read_text()) == ["--wait", str(feed / "a story.md")]
        assert titles(app)[0] == "Edited in the editor red"
        await finish(pilot)


async def test_visual_wins_over_editor(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    visual, editor = tmp_path / "visual.json", tmp_path / "editor.json"
    monkeypatch.setenv("VISUAL", f"{script(tmp_path, 'v.py', FAKE_EDITOR)} {visual}")
    monkeypatch.setenv("EDITOR", f"{script(tmp_path, 'e.py', FAKE_EDITOR)} {editor}")
    monkeypatch.setenv("TERM", "xterm-256color")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "E")
        await settle(pilot)
        assert json.loads(visual.read_text()) == [str(feed / "b.md")]
        assert not editor.exists()
        await finish(pilot)


async def test_p_sends_the_article_text_to_the_pager(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"{script(tmp_path, 'pager.py', FAKE_PAGER)} {received}")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        text = received.read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == "Story a red" and "\x1b" not in text
        assert lines[1].startswith("Wire · 2026-10-02")
        assert "https://news.example/a" in lines and str(feed / "a story.md") in lines
        assert text.endswith("\nThe body of a.\n")
        await finish(pilot)


@pytest.mark.parametrize(
    ("key", "variables", "said"),
    [
        ("E", ("VISUAL", "EDITOR"), "No editor is set"),
        ("P", ("PAGER",), "No pager is set"),
    ],
)
async def test_no_program_set_is_refused_with_a_note(
    feed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    variables: tuple[str, ...],
    said: str,
) -> None:
    for variable in variables:
        monkeypatch.delenv(variable, raising=False)
    before = (feed / "a story.md").read_bytes()
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert any(said in toast for toast in toasts(app))
        await finish(pilot)
    assert (feed / "a story.md").read_bytes() == before


async def test_without_a_terminal_to_hand_over_it_says_so(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "never.json"
    monkeypatch.setenv("EDITOR", f"{script(tmp_path, 'ed.py', FAKE_EDITOR)} {record}")
    app = make_app(feed, tmp_path, terminal=False)  # the test driver cannot suspend
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert any("cannot be handed to the editor" in toast for toast in toasts(app))
        assert not record.exists()
        await finish(pilot)


async def test_under_serve_there_is_no_terminal_to_hand_over(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = tmp_path / "never.txt"
    monkeypatch.setenv("PAGER", f"{script(tmp_path, 'pager.py', FAKE_PAGER)} {received}")
    # What textual-serve's driver says about itself.
    monkeypatch.setattr(ReaderApp, "is_web", property(lambda _app: True))
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await pilot.pause()
        assert any("tui-reader serve has no terminal" in toast for toast in toasts(app))
        assert not received.exists()
        await finish(pilot)


async def test_an_editor_that_cannot_run_is_one_error(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    app = make_app(feed, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert any("Cannot run" in toast and "no-such-editor" in toast for toast in toasts(app))
        await finish(pilot)


def test_command_lines_are_split_like_a_shell_and_never_run_by_one() -> None:
    assert editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": "'my editor' -f", "EDITOR": "vi"}) == ["my editor", "-f"]
    assert editor_command({"VISUAL": "gvim", "EDITOR": "vi", "TERM": "dumb"}) == ["vi"]
    assert pager_command({"PAGER": "less -R; rm -rf /"}) == ["less", "-R;", "rm", "-rf", "/"]
    with pytest.raises(ProgramError, match="cannot be read"):
        editor_command({"EDITOR": "vi 'unclosed"})
    with pytest.raises(ProgramError, match="No pager"):
        pager_command({"PAGER": "  "})
