"""Search in the app: bodies indexed in the background, body: terms and ctrl+o, snippets
in the rows, the article's find set to what matched, half-typed terms kept gentle."""

from __future__ import annotations

from pathlib import Path

from app_support import article_file, fixed_clock, reader_screen, settle, write_feed
from textual.pilot import Pilot
from textual.widgets import Static

from tui_reader.app import ReaderApp


def feed(tmp_path: Path) -> Path:
    return write_feed(
        tmp_path / "feed",
        {
            "a.md": article_file(
                "Council Budget Vote", url="https://e.org/a", body="The moratorium passed."
            ),
            "b.md": article_file("Harbor Cleanup", url="https://e.org/b", body="Nothing here."),
            "c.md": article_file("Moratorium Ends", url="https://e.org/c", body="A new era."),
        },
    )


def app_on(folder: Path, tmp_path: Path) -> ReaderApp:
    # With a cache: the bodies' index lives beside it, as a user's does.
    return ReaderApp([str(folder)], cache_dir=tmp_path / "cache", clock=fixed_clock)


def titles(app: ReaderApp) -> list[str]:
    screen = reader_screen(app)
    return [screen.store[uid].title for uid in screen.article_list.uids]


def count_text(app: ReaderApp) -> str:
    return str(reader_screen(app).query_one("#filter-count", Static).content)


async def type_filter(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await settle(pilot)


async def test_body_terms_find_what_only_the_body_says(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "body:moratorium")
        assert titles(app) == ["Council Budget Vote"]
        # The row quotes the body around the hit.
        screen = reader_screen(app)
        row = screen.article_list.render_line(0).text
        assert "moratorium" in row.casefold()


async def test_ctrl_o_widens_free_words_to_the_bodies(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "moratorium")
        assert titles(app) == ["Moratorium Ends"]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert sorted(titles(app)) == ["Council Budget Vote", "Moratorium Ends"]
        assert "+ bodies" in str(reader_screen(app).query_one("#filter-scope", Static).content)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert titles(app) == ["Moratorium Ends"]


async def test_opening_a_body_hit_finds_its_words_in_the_article(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "body:moratorium")
        await pilot.press("enter", "enter")  # leave the filter, open the article
        await settle(pilot)
        find = reader_screen(app).query_one("#find-input")
        assert getattr(find, "value", "") == "moratorium"
        assert "1 of 1" in str(reader_screen(app).query_one("#find-count", Static).content)


async def test_a_half_typed_term_keeps_the_list_and_says_so_gently(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "harbor provider:")
        assert titles(app) == ["Harbor Cleanup"]
        count = reader_screen(app).query_one("#filter-count", Static)
        assert not count.has_class("-error") and "needs a value" in count_text(app)
        await pilot.press(*"Test")
        await settle(pilot)
        assert titles(app) == ["Harbor Cleanup"] and "of 3" in count_text(app)


async def test_a_body_word_being_typed_is_a_prefix(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "body:morator")
        assert titles(app) == ["Council Budget Vote"]


async def test_keys_right_after_enter_in_the_filter_act_on_the_list(tmp_path: Path) -> None:
    """Enter, then at once Enter again (a fast typist, tmux send-keys): the second one
    opens the article instead of going to the filter's input."""
    from textual import events

    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "moratorium")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert reader_screen(app).panes.reading


async def test_a_bad_term_shows_no_rows_and_names_the_error(tmp_path: Path) -> None:
    """Typed key by key, "after:2026-1" is a valid prefix of a bad date: once the
    date is bad, the list shows no rows of that prefix and says the query is invalid."""
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "after:2026-13-45")
        screen = reader_screen(app)
        assert titles(app) == []
        assert "invalid" in count_text(app)
        assert screen.query_one("#filter-count", Static).has_class("-error")
        empty = str(screen.article_list.empty_message)
        assert empty.startswith("Invalid query: after:2026-13-45")
        assert screen.status.shown == 0
        await pilot.press(*["backspace"] * 6)  # back to "after:2026": valid again
        await settle(pilot)
        assert "invalid" not in count_text(app) and "of" in count_text(app)


async def test_at_80_columns_an_error_leaves_the_typed_text_in_sight(tmp_path: Path) -> None:
    app = app_on(feed(tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "quality:>=abc")
        field = reader_screen(app).query_one("#filter-input")
        count = reader_screen(app).query_one("#filter-count", Static)
        assert field.size.width >= len("quality:>=abc") + 2
        assert count.size.height == 1 and count.size.width <= 40
        assert "quality:>=abc" in field.render_line(0).text
