"""Files that fail to load are counted in the header and listed on the errors screen."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, reader_app, reader_screen, settle, write_feed
from textual.widgets import OptionList

from tui_reader.ui.errors_screen import ErrorsScreen
from tui_reader.ui.status_header import StatusHeader


async def test_errors_are_counted_and_listed(tmp_path: Path) -> None:
    folder = write_feed(
        tmp_path / "feed",
        {
            "good.md": article_file("A good article", url="https://e.org/good"),
            "bad [@click=app.quit]x.md": '---\ntitle: "never closed\n',
        },
    )
    app = reader_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.status.errors == 1
        header = screen.query_one(StatusHeader)
        assert "1 error (e)" in header.text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        listing = app.screen.query_one(OptionList)
        text = str(getattr(listing.options[0].prompt, "plain", ""))
        assert "bad [@click=app.quit]x.md" in text
        assert listing.border_title == "1 file could not be loaded"
        await pilot.click(OptionList, offset=(5, 1))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.is_running


async def test_errors_screen_without_errors(tmp_path: Path) -> None:
    folder = write_feed(tmp_path / "feed", {"good.md": article_file("Fine", url="https://e.org")})
    app = reader_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        listing = app.screen.query_one(OptionList)
        text = str(getattr(listing.options[0].prompt, "plain", ""))
        assert text.startswith("No errors")
        assert listing.border_title == "All files loaded"  # not "0 files could not be…"
