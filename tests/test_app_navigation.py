"""Moving through the list, opening articles, and the one-pane layout at 80x24."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, reader_app, reader_screen, settle, write_feed
from textual.widgets import Static

from tui_reader.ui.article_list import ArticleList


def titles_feed(tmp_path: Path, count: int = 40) -> Path:
    files = {
        f"{n:03}.md": article_file(
            f"Article number {n:03}",
            url=f"https://example.org/{n}",
            date=f"2026-{1 + n // 28:02}-{1 + n % 28:02}T10:00:00Z",
        )
        for n in range(count)
    }
    return write_feed(tmp_path / "feed", files)


def cursor_title(app_list: ArticleList) -> str:
    uid = app_list.cursor_uid
    assert uid is not None
    return app_list.store[uid].title


async def test_keys_move_the_cursor(tmp_path: Path) -> None:
    app = reader_app(titles_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = reader_screen(app).article_list
        assert len(articles.uids) == 40
        assert cursor_title(articles) == "Article number 039"  # newest first
        await pilot.press("j", "j", "down")
        assert articles.cursor == 3
        await pilot.press("k", "up")
        assert articles.cursor == 1
        await pilot.press("G")
        assert articles.cursor == 39
        assert cursor_title(articles) == "Article number 000"
        await pilot.press("g")
        assert articles.cursor == 0
        await pilot.press("pagedown")
        page = articles.cursor
        assert page > 10
        await pilot.press("end")
        assert articles.cursor == 39
        await pilot.press("home")
        assert articles.cursor == 0
        await pilot.press("pagedown", "pageup")
        assert articles.cursor == 0


async def test_cursor_row_is_visible_after_a_jump(tmp_path: Path) -> None:
    app = reader_app(titles_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = reader_screen(app).article_list
        await pilot.press("G")
        await pilot.pause()
        top = round(articles.scroll_offset.y)
        height = articles.scrollable_content_region.height
        assert top <= articles.cursor < top + height
        last_row = articles.render_line(articles.cursor - top).text
        assert "Article number 000" in last_row


async def test_enter_opens_one_pane_at_a_time_when_narrow(tmp_path: Path) -> None:
    app = reader_app(titles_feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.panes.narrow
        assert not screen.reader.detail_pane.display or not screen.panes.reading
        await pilot.press("j", "enter")
        await settle(pilot)
        assert screen.panes.reading
        assert app.focused is screen.reader.detail_pane
        head = screen.reader.detail_pane.query_one("#detail-head", Static)
        assert "Article number 038" in head.visual.plain
        await pilot.press("escape")
        assert not screen.panes.reading
        assert app.focused is screen.article_list


async def test_tab_cycles_panes(tmp_path: Path) -> None:
    app = reader_app(titles_feed(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert not screen.panes.narrow
        await pilot.press("tab")
        assert app.focused is screen.reader.detail_pane
        await pilot.press("tab")
        assert app.focused is screen.reader.related_pane
        await pilot.press("tab")
        assert app.focused is screen.article_list
        await pilot.press("shift+tab")
        assert app.focused is screen.reader.related_pane


async def test_q_quits(tmp_path: Path) -> None:
    app = reader_app(titles_feed(tmp_path, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
