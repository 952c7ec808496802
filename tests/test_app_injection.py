"""Feed text that looks like markup or escape sequences is shown literally and runs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import article_file, reader_app, reader_screen, settle, write_feed
from textual.widgets import Static

from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.body_view import BodyView
from tui_reader.ui.detail_pane import DetailPane

TITLES = [
    "[/]",
    "Array[int]",
    "[@click=app.quit]x[/]",
    "[ @click=app.quit]x",
    "Clip\x1b]52;c;SGVsbG8=\x07board",
]
SHOWN = ["[/]", "Array[int]", "[@click=app.quit]x[/]", "[ @click=app.quit]x", "Clipboard"]


@pytest.fixture
def hostile_feed(tmp_path: Path) -> Path:
    files = {
        f"{n}.md": article_file(
            title,
            url=f"https://example.org/{n}",
            date=f"2026-10-0{n + 1}T00:00:00Z",
            provider="[@click=app.quit]Wire[/]",
            body="Click [me](app.quit) or [this](javascript:alert(1)) or [[/]](https://e.org).",
        )
        for n, title in enumerate(TITLES)
    }
    return write_feed(tmp_path / "feed", files)


def visible_rows(articles: ArticleList) -> list[str]:
    return [articles.render_line(y).text for y in range(len(articles.uids))]


async def test_titles_show_literally_in_the_list(hostile_feed: Path) -> None:
    app = reader_app(hostile_feed)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        rows = visible_rows(reader_screen(app).article_list)
        assert len(rows) == len(TITLES)
        for shown in SHOWN:
            assert any(shown in row for row in rows), shown
        assert not any("\x1b" in row or "\x07" in row for row in rows)
        assert all("[@click=app" in row for row in rows)  # the provider too (cut to fit)


async def test_clicking_and_opening_runs_nothing(hostile_feed: Path) -> None:
    app = reader_app(hostile_feed)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        for row in range(len(TITLES)):
            await pilot.click(ArticleList, offset=(10, row))
            await pilot.click(ArticleList, offset=(10, row), times=2)
            await settle(pilot)
            head = screen.reader.detail_pane.query_one("#detail-head", Static)
            assert SHOWN[4 - row] in head.visual.plain
            await pilot.click("#detail-head", offset=(2, 0))
            await pilot.click("#detail-head", offset=(2, 1))
            assert app.is_running
        assert app.screen is screen


async def test_body_links_need_http_and_an_explicit_key(
    hostile_feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    app = reader_app(hostile_feed)
    # Opening goes through link_actions.open_link (browser, or copy over SSH).
    monkeypatch.setattr(
        "tui_reader.ui.detail_pane.open_link", lambda _app, url, **_: opened.append(url)
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        body = screen.reader.detail_pane.body
        detail = screen.query_one(DetailPane)
        for href in ("app.quit", "javascript:alert(1)"):
            body.post_message(BodyView.LinkClicked(href))
            await pilot.pause()
            assert detail.pending_link == ""
        body.post_message(BodyView.LinkClicked("https://e.org"))
        await pilot.pause()
        assert detail.pending_link == "https://e.org"
        assert opened == []  # a click only selects
        await pilot.press("o")
        assert opened == ["https://e.org"]
        assert app.is_running
