"""Every label, title and the cursor row read in every built-in theme, in truecolor, with
16 colours (``TERM=xterm``) and with ``NO_COLOR``.

The check looks at what the app draws: every widget's rendered lines (borders and
border titles included), as the terminal gets them after all line filters, and asks
that each letter or digit stands out from the colour under it (WCAG contrast ratio).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import ManualScheduler, article_file, finish, fixed_clock, settle, write_feed
from rich.color import ColorType
from rich.color_triplet import ColorTriplet
from rich.style import Style
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from tui_reader.app import ReaderApp
from tui_reader.ui.legible_colors import MIN_CONTRAST, contrast

ANSI_THEMES = {"textual-ansi"}
"""Themes of the terminal's own colours: nothing to measure, the terminal decides."""


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    files = {
        f"{n}.md": article_file(
            f"Story number {n}",
            url=f"https://news.example/{n}",
            date=f"2026-10-{20 - n:02}T12:00:00Z",
            related=[f"https://news.example/{(n + 1) % 5}"],
            body="A paragraph of the body.\n\n## A heading\n\n- a point\n- a [link](https://x.example/)",
        )
        for n in range(5)
    }
    return write_feed(tmp_path / "feed", files)


def make_app(feed: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp(
        [str(feed)],
        use_cache=False,
        clock=fixed_clock,
        state_path=tmp_path / "state.sqlite3",
        scheduler=ManualScheduler(),
    )


def _triplet(style: Style, background: bool) -> ColorTriplet | None:
    color = style.bgcolor if background else style.color
    if color is None or color.type in (ColorType.DEFAULT, ColorType.STANDARD):
        return None
    return color.get_truecolor()


def illegible(app: ReaderApp) -> list[str]:
    """Every run of text on screen whose letters do not stand out from their background."""
    found: list[str] = []
    for widget in app.screen.query(Widget):
        if not widget.display or not widget.region.area:
            continue
        strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
        for strip in strips:
            for segment in strip:
                text, style = segment.text, segment.style
                if style is None or not any(char.isalnum() for char in text):
                    continue
                fg, bg = _triplet(style, False), _triplet(style, True)
                if fg is None or bg is None:
                    continue  # the terminal's own colours
                if style.reverse:
                    fg, bg = bg, fg
                if style.dim:
                    fg = ColorTriplet(*((f + b) // 2 for f, b in zip(fg, bg, strict=True)))
                ratio = contrast(fg, bg)
                if ratio < MIN_CONTRAST:
                    found.append(f"{type(widget).__name__}: {text.strip()!r} {ratio:.2f}")
    return found


async def check_every_theme(app: ReaderApp, pilot: Pilot[None]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for theme in sorted(app.available_themes):
        if theme in ANSI_THEMES:
            continue
        app.theme = theme
        await pilot.pause()
        bad = illegible(app)
        if bad:
            problems[theme] = bad[:5]
    return problems


async def visit_and_check(app: ReaderApp, pilot: Pilot[None]) -> dict[str, list[str]]:
    """The list with a selection and the cursor, an opened article, the related pane."""
    await settle(pilot)
    await pilot.press("space", "space")
    problems = await check_every_theme(app, pilot)
    await pilot.press("escape", "enter")
    await settle(pilot)
    problems |= {f"{k} (article)": v for k, v in (await check_every_theme(app, pilot)).items()}
    await pilot.press("tab")
    await pilot.pause()
    problems |= {f"{k} (related)": v for k, v in (await check_every_theme(app, pilot)).items()}
    await finish(pilot)
    return problems


async def test_legible_in_every_theme_in_truecolor(feed: Path, tmp_path: Path) -> None:
    app = make_app(feed, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.few_colors
        assert await visit_and_check(app, pilot) == {}


async def test_legible_in_every_theme_with_16_colours(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.few_colors  # the cursor row is drawn in reverse video
        assert await visit_and_check(app, pilot) == {}


async def test_legible_in_every_theme_with_no_color(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(feed, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.few_colors
        assert await visit_and_check(app, pilot) == {}


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "xterm", "COLORTERM": ""}])
async def test_cursor_row_is_reverse_video_with_few_colours(
    env: dict[str, str], feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cursor row reads as reverse video and a selected row as bold without it,
    so the two stay apart when colours are greyed or rounded."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = make_app(feed, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")  # selects the first row, the cursor moves to the second
        await pilot.pause()
        article_list = app.screen.query_one("ArticleList")
        rows = article_list.render_lines(Region(0, 0, article_list.size.width, 2))

        def title_style(row: int) -> Style:
            return next(s.style for s in rows[row] if "Story" in s.text and s.style)

        selected, cursor = title_style(0), title_style(1)
        assert cursor.reverse and cursor.bold
        assert selected.bold and not selected.reverse
        await finish(pilot)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "xterm", "COLORTERM": ""}])
async def test_highlighted_option_is_underlined_with_few_colours(
    env: dict[str, str], feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Option lists (the related pane, the overview, the errors and searches screens)
    mark their highlighted row with bold and underline, which survive a grey or rounded
    palette (Textual draws them without reverse video)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = make_app(feed, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.pause()
        related = app.focused
        assert related is not None and type(related).__name__ == "RelatedPane"
        lines = related.render_lines(Region(0, 0, related.size.width, related.size.height))
        styles = [s.style for line in lines for s in line if s.text.strip() and s.style]
        assert any(style.underline and style.bold for style in styles)
        await finish(pilot)
