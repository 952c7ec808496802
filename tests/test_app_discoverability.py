"""Help from the bindings, commands in the palette, the theme remembered, body handling."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, reader_app, reader_screen, settle, write_feed
from textual.command import CommandList
from textual.screen import Screen
from textual.widgets import Static

from tui_reader.config import Remembered, config_path
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.body_text import MAX_MARKDOWN_BYTES, prepare_body
from tui_reader.ui.help_screen import HelpScreen
from tui_reader.ui.reader_screen import ReaderScreen


def small_feed(tmp_path: Path) -> Path:
    return write_feed(
        tmp_path / "feed",
        {f"{n}.md": article_file(f"Story {n}", url=f"https://e.org/{n}") for n in range(3)},
    )


def first_hit(screen: Screen[object]) -> str:
    found = screen.query(CommandList)
    if not found or not found.first().option_count:
        return ""
    return str(getattr(found.first().get_option_at_index(0).prompt, "plain", ""))


async def test_help_lists_every_described_binding(tmp_path: Path) -> None:
    app = reader_app(small_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Static).visual.plain
        for cls in (ReaderScreen, ArticleList):
            for binding in cls.BINDINGS:
                assert binding.description in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_palette_offers_reader_commands(tmp_path: Path) -> None:
    app = reader_app(small_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [f"{c.group}: {c.description}" for c in app.key_commands()]
        assert "Reader: Filter" in names
        assert "Article list: Last article" in names
        assert "Article: Raw text" in names
        await pilot.press("ctrl+p", *"last article")
        for _ in range(200):  # the palette searches asynchronously: wait for its hits
            await pilot.pause(0.02)
            if "Last article" in first_hit(app.screen):
                break
        await pilot.press("enter")
        await pilot.pause()
        articles = reader_screen(app).article_list
        assert app.screen is reader_screen(app)
        assert articles.cursor == len(articles.uids) - 1


def hits(screen: Screen[object]) -> list[str]:
    found = screen.query(CommandList)
    if not found:
        return []
    options = found.first()
    return [
        str(getattr(options.get_option_at_index(i).prompt, "plain", ""))
        for i in range(options.option_count)
    ]


async def test_palette_lists_quit_once(tmp_path: Path) -> None:
    app = reader_app(small_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"quit")
        for _ in range(200):  # the palette searches asynchronously: wait for its hits
            await pilot.pause(0.02)
            if "Quit" in first_hit(app.screen):
                break
        await pilot.pause(0.2)
        names = [hit.split("\n")[0] for hit in hits(app.screen)]
        assert [name for name in names if "Quit" in name] == ["General: Quit"]


async def test_theme_is_remembered(tmp_path: Path) -> None:
    app = reader_app(small_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert Remembered.load().theme == "nord"
    assert not config_path().exists()  # config.toml is the user's: never written
    again = reader_app(small_feed(tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


def test_huge_bodies_are_whole_and_html_is_stripped() -> None:
    body = "word " * (MAX_MARKDOWN_BYTES // 2)
    assert prepare_body(body).text == body  # nothing is cut any more: see test_long_body
    html = prepare_body("<div><p>One &amp; two</p><script>x()</script><p>Three</p></div>" * 3)
    assert not html.is_markdown
    assert "One & two" in html.text and "x()" not in html.text and "<p>" not in html.text
    assert prepare_body("# Title\n\nSome *markdown*.").is_markdown
