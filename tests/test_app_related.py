"""Following related articles and cited-by links, and coming back with Backspace."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, reader_app, reader_screen, settle, toasts, write_feed
from textual.widgets.option_list import Option

A = "https://example.org/a"
B = "https://example.org/b"
C = "https://example.org/c"


def feed(tmp_path: Path) -> Path:
    return write_feed(
        tmp_path / "feed",
        {
            "a.md": article_file("Alpha story", url=A, date="2026-10-03T00:00:00Z", related=[B]),
            "b.md": article_file("Beta story", url=B, date="2026-10-02T00:00:00Z"),
            "c.md": article_file("Gamma story", url=C, date="2026-10-01T00:00:00Z", related=[A]),
        },
    )


def prompts(options: list[Option]) -> list[str]:
    return [str(getattr(option.prompt, "plain", option.prompt)) for option in options]


async def test_related_jump_and_back(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        articles = screen.article_list
        await pilot.press("enter")  # Alpha, the newest
        await settle(pilot)
        related = screen.reader.related_pane
        texts = prompts(related.options)
        assert any("in feed" in text and "Related" in text for text in texts)
        assert any("Gamma story" in text for text in texts)  # cited by
        related.focus()
        target = next(i for i, t in enumerate(texts) if "in feed" in t)
        related.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        assert screen.store[articles.cursor_uid or 0].title == "Beta story"
        assert screen.reader.detail_pane.article is not None
        assert screen.reader.detail_pane.article.title == "Beta story"
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.reader.detail_pane.article is not None
        assert screen.reader.detail_pane.article.title == "Alpha story"
        assert screen.store[articles.cursor_uid or 0].title == "Alpha story"


async def test_jump_clears_a_filter_that_hides_the_target(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("slash", *"alpha", "enter", "enter")
        await settle(pilot)
        assert len(screen.article_list.uids) == 1
        related = screen.reader.related_pane
        texts = prompts(related.options)
        related.focus()
        related.highlighted = next(i for i, t in enumerate(texts) if "in feed" in t)
        await pilot.press("enter")
        await settle(pilot)
        assert len(screen.article_list.uids) == 3
        assert any("Filter “alpha” cleared" in toast for toast in toasts(app))  # said so
        assert screen.reader.detail_pane.article is not None
        assert screen.reader.detail_pane.article.title == "Beta story"
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.reader.detail_pane.article.title == "Alpha story"


async def test_back_with_no_history_keeps_the_article(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.reader.detail_pane.article is not None
        assert screen.reader.detail_pane.article.title == "Alpha story"
        assert app.is_running
