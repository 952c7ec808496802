"""The ``/`` filter: live results, the match count, and back to the list."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, reader_app, reader_screen, settle, write_feed
from textual.widgets import Input, Static

from tui_reader.ui.filter_bar import FilterBar


def feed(tmp_path: Path) -> Path:
    titles = ["Heat pumps in winter", "Bike lanes doubled", "Heat wave warning", "Port power"]
    return write_feed(
        tmp_path / "feed",
        {
            f"{n}.md": article_file(title, url=f"https://e.org/{n}")
            for n, title in enumerate(titles)
        },
    )


async def test_filter_narrows_the_list_as_you_type(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        bar = screen.query_one(FilterBar)
        assert not bar.display or not bar.has_class("-active")
        await pilot.press("slash")
        assert bar.has_class("-active")
        assert isinstance(app.focused, Input)
        await pilot.press(*"heat")
        await pilot.pause()
        shown = [screen.store[uid].title for uid in screen.article_list.uids]
        assert sorted(shown) == ["Heat pumps in winter", "Heat wave warning"]
        count = bar.query_one("#filter-count", Static)
        assert count.visual.plain == "2 of 4"
        assert screen.status.shown == 2
        await pilot.press("enter")
        assert app.focused is screen.article_list
        await pilot.press("slash", *"x pumps")
        await pilot.pause()
        assert len(screen.article_list.uids) == 0
        await pilot.press(*["backspace"] * 7)
        await pilot.pause()
        assert len(screen.article_list.uids) == 4


async def test_matches_are_highlighted_in_the_row(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("slash", *"bike")
        await pilot.pause()
        row = screen.article_list.render_line(0)
        styled = [segment for segment in row if segment.text == "Bike"]
        assert styled and styled[0].style is not None
        assert styled[0].style.underline


async def test_escape_on_an_empty_filter_hides_the_bar(tmp_path: Path) -> None:
    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("slash", "escape")
        assert not screen.query_one(FilterBar).has_class("-active")
        assert app.focused is screen.article_list


async def test_keys_typed_in_one_burst_after_slash_reach_the_filter(tmp_path: Path) -> None:
    # A fast typist, a paste or tmux send-keys: "m", "a" and "s" must not act on the
    # list (mark read, archive, star) while the filter is opening.
    from textual import events

    app = reader_app(feed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        for key, character in [("slash", "/"), *((c, c) for c in "mas")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(FilterBar).text == "mas"
        assert all(not screen.triage.is_read(screen.store[uid].key) for uid in screen.store.uids())
        await pilot.press("slash")
        assert screen.query_one(FilterBar).text == "mas/"
