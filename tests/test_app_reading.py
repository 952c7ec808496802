"""Reading and triage as a person does it: keys in, screen and state out.

Selection you can see (space, V, Escape, 0 and $), the article first (a body at 80x24,
the keys of less, find), a list that uses its width, a footer and header that fit,
words a person would say, the overview as a way in, and reverse sort.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import (
    ManualScheduler,
    article_file,
    finish,
    fixed_clock,
    settle,
    toasts,
    write_feed,
)
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Footer, OptionList, Static

from tui_reader.app import ReaderApp
from tui_reader.data.triage import TriageState
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.list_columns import DateStyle
from tui_reader.ui.list_header import ListHeader
from tui_reader.ui.overview_screen import DateChart, OverviewScreen
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.status_header import StatusHeader

NAMES = ["a", "b", "c", "d", "e", "f"]
"""Newest first: the list shows them in this order."""
LONG_TITLE = "A Title Long Enough To Show Whether The List Gives Titles The Room They Need"


def story(name: str, day: int, **fields: object) -> str:
    return article_file(
        f"Story {name}" if name != "f" else LONG_TITLE,
        url=f"https://news.example/{name}",
        date=f"2026-10-{day:02}T12:00:00Z",
        provider="Daily Planet" if name in "ace" else "The Evening Chronicle Weekly",
        topics=("Transit",) if name in "ab" else ("Climate",),
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    files = {f"{name}.md": story(name, 20 - index) for index, name in enumerate(NAMES)}
    return write_feed(tmp_path / "feed", files)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


def make_app(feed: Path, state_path: Path) -> ReaderApp:
    # A scheduler nobody winds: reading never marks an article read by itself here.
    return ReaderApp(
        [str(feed)],
        use_cache=False,
        clock=fixed_clock,
        state_path=state_path,
        scheduler=ManualScheduler(),
    )


def screen_of(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def rows(app: ReaderApp) -> list[str]:
    articles = screen_of(app).article_list
    height = articles.scrollable_content_region.height
    return [articles.render_line(y).text for y in range(height)]


def header(app: ReaderApp) -> str:
    return screen_of(app).query_one(StatusHeader).text


def footer_text(app: ReaderApp) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.children)


def read_names(feed: Path, state_path: Path) -> list[str]:
    with TriageState(feed, state_path) as state:
        return [n for n in NAMES if state.is_read(f"https://news.example/{n}")]


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


# -- 1. selection you can see -----------------------------------------------------------


async def test_picked_rows_are_marked_styled_counted_and_escape_clears(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space")
        shown = rows(app)
        assert shown[0].startswith("✓") and shown[1].startswith("✓")
        assert not shown[2].startswith("✓")
        articles = screen_of(app).article_list
        # Styled apart from other rows (not only the mark): the background differs.
        picked = articles.render_line(1)._segments[-1].style
        other = articles.render_line(3)._segments[-1].style
        assert picked is not None and other is not None and picked.bgcolor != other.bgcolor
        assert "2 selected" in header(app)
        await press(pilot, "escape")
        assert "selected" not in header(app)
        assert not any(row.startswith("✓") for row in rows(app))
        assert "Selection cleared (2 articles)." in toasts(app)
        # Picks do not survive Escape: m now marks the article under the cursor, alone.
        await press(pilot, "m")
        assert not isinstance(app.screen, ConfirmScreen)
        assert read_names(feed, state_path) == ["c"]
        await finish(pilot)


async def test_v_starts_a_range_that_j_and_k_stretch(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "j", "V", "j", "j")
        assert "3 selected" in header(app)
        assert [row.startswith("✓") for row in rows(app)[:5]] == [False, True, True, True, False]
        await press(pilot, "k")
        assert "2 selected" in header(app)
        await press(pilot, "V", "j", "j")  # the range is done: moving no longer selects
        assert "2 selected" in header(app)
        await press(pilot, "s")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.splitlines() == [
            "Star 2 selected articles?",
            "  • “Story b”",
            "  • “Story c”",
        ]
        # Escape in the question: no, and the selection goes too.
        await press(pilot, "escape")
        assert "selected" not in header(app)
        await finish(pilot)


async def test_mark_everything_above_or_below_read(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "0")
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question.plain.splitlines()
        assert question[0] == "Mark 3 unread articles (this one and above) read?"
        await press(pilot, "y")
        assert read_names(feed, state_path) == ["a", "b", "c"]
        assert any(t.startswith("Marked 3 unread articles") for t in toasts(app))
        await press(pilot, "j", "dollar_sign")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.splitlines()[0].startswith("Mark 3 unread articles")
        await press(pilot, "enter")
        assert read_names(feed, state_path) == NAMES
        await press(pilot, "0")  # nothing left to mark: said, not asked
        assert not isinstance(app.screen, ConfirmScreen)
        assert "Every one of them is already read." in toasts(app)
        await finish(pilot)


# -- 2. the article first ---------------------------------------------------------------

BODY = "\n\n".join(
    f"Paragraph {n} says something about the harbour and the city, at some length." * 2
    for n in range(60)
)


async def test_at_80x24_the_body_starts_in_the_first_third_and_scrolls_like_less(
    tmp_path: Path, state_path: Path
) -> None:
    files = {"long.md": story("a", 20, body=BODY)}
    app = make_app(write_feed(tmp_path / "feed", files), state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        pane = screen_of(app).reader.detail_pane
        assert app.focused is pane
        body = pane.body
        # The body's first line is within the first third of the article pane.
        assert body.region.y - pane.region.y <= pane.region.height // 3
        assert "Paragraph 0 says" in body.render_line(0).text
        # The related pane is one line on a short terminal.
        assert screen_of(app).reader.folded
        await press(pilot, "j", "j")
        assert body.scroll_offset.y == 2
        await press(pilot, "k")
        assert body.scroll_offset.y == 1
        await press(pilot, "space")
        page = body.scroll_offset.y
        assert page > 10
        await press(pilot, "b")
        assert body.scroll_offset.y == 1
        await press(pilot, "G")
        assert "Paragraph 59" in "".join(body.lines_text()[-3:])
        assert body.scroll_offset.y == body.max_scroll_y
        await press(pilot, "g")
        assert body.scroll_offset.y == 0
        # The rest of the metadata is one key away.
        more = pane.query_one("#detail-more", Static)
        assert not more.display
        await press(pilot, "i")
        assert more.display and "File: long.md" in str(more.content)
        await finish(pilot)


async def test_at_80x24_every_detail_line_can_be_read(tmp_path: Path, state_path: Path) -> None:
    images = "".join(f"\n  - url: https://img.example/{n}.jpg" for n in range(12))
    head, _, rest = story("a", 20, body=BODY).partition("\n---\n")
    text = f"{head}\nimages:{images}\n---\n{rest}"
    app = make_app(write_feed(tmp_path / "feed", {"long.md": text}), state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        pane = screen_of(app).reader.detail_pane
        await press(pilot, "i")
        box, more = pane.query_one("#detail-more-box"), pane.query_one("#detail-more")
        seen: set[str] = set()
        for _ in range(30):  # the details scroll with j, like the body
            window = Region(0, box.scroll_offset.y, more.size.width, box.size.height)
            shown = more.render_lines(window)
            seen |= {strip.text.strip() for strip in shown}
            await press(pilot, "j")
        assert "File: long.md" in seen
        assert all(f"Image: https://img.example/{n}.jpg" in seen for n in range(12))
        assert box.scroll_offset.y > 0  # they did not fit
        await press(pilot, "i")  # back to the body, where it was
        assert "Paragraph 0 says" in pane.body.render_line(0).text
        await finish(pilot)


async def test_r_and_tab_unfold_the_related_pane(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        reader = screen_of(app).reader
        await finish(pilot)
        assert reader.folded
        summary = reader.query_one("#related-summary", Static)
        assert "Related:" in str(summary.content)
        await press(pilot, "r")
        assert not reader.folded
        await press(pilot, "r")
        assert reader.folded
        await press(pilot, "tab", "tab")  # detail, then related: unfolded while in it
        await pilot.pause()
        assert app.focused is reader.related_pane and not reader.folded
        await press(pilot, "tab")
        await pilot.pause()
        assert reader.folded
    tall = make_app(feed, state_path)
    async with tall.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not screen_of(tall).reader.folded
        await finish(pilot)


async def test_ctrl_f_finds_in_the_article_and_leaves_n_to_next_unread(
    tmp_path: Path, state_path: Path
) -> None:
    files = {
        "long.md": story("a", 20, body=BODY),
        "other.md": story("b", 19),
    }
    app = make_app(write_feed(tmp_path / "feed", files), state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        pane = screen_of(app).reader.detail_pane
        body = pane.body
        await press(pilot, "ctrl+f", *"paragraph 42")
        count = pane.query_one("#find-count", Static)
        assert str(count.content) == "1 of 2"  # "Paragraph 42 says…" twice in its paragraph
        line = body.render_line(0).text + "".join(
            body.render_line(y).text for y in range(body.size.height)
        )
        assert "Paragraph 42" in line  # scrolled to the match
        await press(pilot, "enter")
        assert str(count.content) == "2 of 2"
        await press(pilot, "escape")
        assert app.focused is pane
        await press(pilot, "right_square_bracket")
        assert str(count.content) == "1 of 2"  # wraps round
        await press(pilot, "left_square_bracket")
        assert str(count.content) == "2 of 2"
        # n is still next unread (the other article), not next match.
        await press(pilot, "n")
        await finish(pilot)
        assert screen_of(app).reader.shown_uid is not None
        assert screen_of(app).store[screen_of(app).reader.shown_uid].title == "Story b"


# -- 3. a list that uses its width; 4. header and footer that fit ----------------------


async def test_titles_take_the_free_width_and_the_columns_are_named(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        head = screen_of(app).query_one(ListHeader).render().plain  # type: ignore[union-attr]
        for name in ("Title", "Provider", "Age", "Q H"):
            assert name in head
        long_row = next(row for row in rows(app) if "A Title Long" in row)
        # 120 columns: the list is 66 wide; the provider column is capped at a quarter.
        assert "A Title Long Enough To Show Wheth…" in long_row
        assert "The Evening Chr…" in long_row
        assert head.index("Provider") == long_row.index("The Evening")
        short_names = next(row for row in rows(app) if "Story a" in row)
        assert "Daily Planet     " in short_names
        articles = screen_of(app).article_list
        assert rows(app)[0].rstrip().endswith("12d")
        articles.dates = DateStyle.ABSOLUTE
        await pilot.pause()
        assert rows(app)[0].rstrip().endswith("2026-10-20")
        assert "Date" in screen_of(app).query_one(ListHeader).render().plain  # type: ignore[union-attr]
        await finish(pilot)


async def test_at_80_columns_footer_and_header_fit_with_the_keys_that_matter(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        listed = footer_text(app)
        for key in ("Open", "m Read", "s Star", "a Archive", "n Next unread", "u Undo", "Help"):
            assert key in listed
        assert sum(child.outer_size.width for child in footer.children) <= 80
        text = header(app)
        assert "view: all" in text and "newest first" in text
        await press(pilot, "enter")
        await settle(pilot)
        listed = footer_text(app)
        for key in ("Find", "Details", "m Read", "n Next unread", "u Undo"):
            assert key in listed
        assert sum(child.outer_size.width for child in footer.children) <= 80
        await finish(pilot)


async def test_vertical_line_reverses_the_sort_and_the_header_says_so(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        first = rows(app)[0]
        await press(pilot, "vertical_line")
        assert "oldest first" in header(app)
        assert "A Title Long" in rows(app)[0] and "Story a" in rows(app)[5]
        assert "Sorted: oldest first" in toasts(app)
        await press(pilot, "vertical_line")
        assert rows(app)[0] == first
        await press(pilot, "S")
        assert "hottest first" in header(app)
        names = {c.command.id for c in app.key_commands()}
        assert "reverse_sort" in names  # in the palette and help too
        await finish(pilot)


# -- 6. undo, 7. words a person would say -----------------------------------------------


async def test_single_actions_name_the_article_and_undo_says_what_it_restored(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert "Starred “Story a” — u to undo" in toasts(app)
        await press(pilot, "j", "a")
        assert "Archived “Story b” — u to undo" in toasts(app)
        await press(pilot, "j", "j")
        await press(pilot, "u")
        assert "Undone: “Story b” is out of the archive again (1 more to undo)" in toasts(app)
        articles = screen_of(app).article_list
        assert articles.cursor_uid is not None
        assert screen_of(app).store[articles.cursor_uid].title == "Story b"  # back to it
        await finish(pilot)


async def test_clearing_the_filter_keeps_the_cursor_on_the_same_article(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"story", "enter", "j", "j")
        articles = screen_of(app).article_list
        assert len(articles.uids) < len(NAMES)  # the long title does not match
        uid = articles.cursor_uid
        assert uid is not None
        await press(pilot, "escape")  # on the list, nothing selected: clears the filter
        assert len(articles.uids) == len(NAMES)
        assert articles.cursor_uid == uid
        assert "Filter “story” cleared." in toasts(app)
        await finish(pilot)


async def test_an_empty_view_or_folder_says_why_and_how_to_leave(
    feed: Path, state_path: Path, tmp_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        text = " ".join(rows(app))
        assert "No starred articles yet: s stars one. 1 shows all articles." in text
        assert "View: starred — 0 shown" in toasts(app)
        await press(pilot, "1", "slash", *"zzzzqqq", "enter")
        assert "Nothing matches “zzzzqqq”. esc clears the filter, / edits it." in " ".join(
            rows(app)
        )
        await finish(pilot)
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = " ".join(row.strip() for row in rows(app))
        assert "No articles in empty." in text and "q quits." in text
        assert "reads .md, .markdown, .mdx, .txt files" in text  # what the scan takes


async def test_n_wraps_around_at_the_end_with_a_note(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "G", "n")
        assert screen_of(app).article_list.cursor == 0
        assert "Wrapped around to the top." in toasts(app)
        await finish(pilot)


# -- 11. the overview as a way in -------------------------------------------------------


async def test_enter_in_the_overview_filters_the_list(feed: Path, state_path: Path) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        assert isinstance(app.screen, OverviewScreen)
        chart = app.screen.query_one(DateChart).render().plain
        assert "Articles per day  2026-10-15 to 2026-10-20: 6" in chart
        await press(pilot, "left", "enter")  # 19 October
        assert isinstance(app.screen, ReaderScreen)
        screen = screen_of(app)
        assert screen.query_text == "after:2026-10-19 before:2026-10-20"
        assert [screen.store[uid].title for uid in screen.article_list.uids] == ["Story b"]
        await press(pilot, "escape", "v", "tab")
        names = app.screen.query_one(OptionList)
        assert app.focused is names
        await press(pilot, "down", "enter")  # the second provider
        screen = screen_of(app)
        assert screen.query_text == 'provider:"The Evening Chronicle Weekly"'
        assert len(screen.article_list.uids) == 3
        await finish(pilot)


async def test_a_narrow_list_hides_the_provider_and_keeps_the_title(
    feed: Path, state_path: Path
) -> None:
    app = make_app(feed, state_path)
    async with app.run_test(size=(44, 24)) as pilot:
        await settle(pilot)
        articles = screen_of(app).query_one(ArticleList)
        assert articles.columns.provider == 0
        assert "Story a" in rows(app)[0]
        await finish(pilot)


# -- long bodies: the first screen at once, the rest in parts ---------------------------


def megabyte_body() -> str:
    """About 1 MB of Markdown: headings, paragraphs, lists, code, a table, and a link
    whose reference is defined only at the very end."""
    section = (
        "## Section {n}\n\n"
        "Paragraph {n} of the long report. " * 12 + "\n\n- a point about {n}\n- another point\n\n"
        "```\ncode line {n}\n```\n\n| city | cameras |\n|---|---|\n| {n} | 3 |\n\n"
    )
    parts = [section.replace("{n}", str(n)) for n in range(1_500)]
    return "".join(parts) + "See [the data][data].\n\nTHE END.\n\n[data]: https://data.example/\n"


async def test_a_megabyte_body_shows_its_first_screen_from_a_small_first_part(
    tmp_path: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.ui import body_blocks
    from tui_reader.ui.detail_pane import DetailPane

    body = megabyte_body()
    assert len(body) > 1_000_000
    files = {"huge.md": story("a", 20, body=body)}
    parts: list[tuple[int, bool, bool]] = []
    real = DetailPane.show_body

    def recording(pane: DetailPane, blocks: list[object], **kwargs: object) -> None:
        size = sum(len(block.text.plain) for block in blocks)  # type: ignore[attr-defined]
        parts.append((size, bool(kwargs["first"]), bool(kwargs["complete"])))
        real(pane, blocks, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DetailPane, "show_body", recording)
    app = make_app(write_feed(tmp_path / "feed", files), state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        # Keys typed while the body is still arriving act at once, in order.
        await pilot.press("j", "j", "j")
        await settle(pilot)
        pane = screen_of(app).reader.detail_pane
        view = pane.body
        for _ in range(200):  # the layout finishes in slices, between other messages
            if view.laid_out and view.complete:
                break
            await pilot.pause(0.02)
        # The first part is small: a screenful and more, not the megabyte.
        first_size, first, _ = parts[0]
        assert first and first_size <= body_blocks.FIRST_CHUNK
        # The rest came in parts of bounded size; the last one says it is the last.
        assert len(parts) > 1_000_000 // body_blocks.CHUNK
        assert all(size <= body_blocks.CHUNK + 1_000 for size, _, _ in parts)
        assert [complete for _, _, complete in parts] == [False] * (len(parts) - 1) + [True]
        # Nothing is cut: the end of the body is there, its reference link resolved.
        text = view.lines_text()
        assert any("THE END." in line for line in text[-5:])
        assert view.scroll_offset.y == 3
        assert "Paragraph 0 of the long report" in "".join(text[:8])
        assert not any("[data]" in line for line in text[-8:])  # resolved, not literal
        await finish(pilot)
