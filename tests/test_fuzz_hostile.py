"""Property-based fuzzing of hostile folders (hypothesis): names and bytes a scraper chose.

Generated file names and file contents (controls, escape sequences, bidi, NUL, odd
encodings, YAML tags, deep nesting, long lines, entities) go through the loader, the
detail reader, ``--list`` in every format and the app's list, detail and errors
screens. Whatever they hold: no exception escapes, no C0/C1/DEL/bidi character reaches
any output, every output is valid UTF-8. Bounded (``max_examples``) so the suite stays
well under its time budget on 2 cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import os
import re
import tempfile
from pathlib import Path

from app_support import reader_app, settle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.cli import main
from tui_reader.data.loader import load_detail
from tui_reader.data.model import ArticleDetail
from tui_reader.data.sanitize import is_display_safe
from tui_reader.data.session import load_feed
from tui_reader.ui.body_text import prepare_body

HOSTILE_PIECES = [
    "\x1b]52;c;UFdORUQ=\x07", "\x1b]0;TITLE\x1b\\", "\x1bkNAME\x1b\\", "\x1b[2J", "\x1bP+q\x1b\\",
    "\x07", "\x7f", "\x85", "\x9b31m", "\x9d0;x\x9c", "\u202e", "\u2066", "\u200f", "\ufeff",
    "\u2028", "\r", "\n", "\t", "\x00", "\ud800", "[@click=app.quit]x[/]", "[b]", "&#x202e;",
    "&rlm;", "&#27;", "&#x1b;]0;T&#7;", "<script>", "</script>", "<p>", "# ", " #", "é", "字",
]  # fmt: skip
_hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=12
).map("".join)

# Name bytes: controls, escapes, bidi, C1 in UTF-8, bytes that are not UTF-8 at all.
_NAME_PIECES = [
    b"\x1b]52;c;QQ==\x07", b"\x1b]0;T\x1b\\", b"\x1bkW\x1b\\", b"\x07", b"\x7f", b"\xc2\x85",
    b"\xc2\x9b", b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\n", b"\t", b"\r", b"\xe9", b"\xff",
    b"[@click=app.quit]", b"a", b"Z", b" ", b"-", b"\\",
]  # fmt: skip
_names = st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=6).map(
    lambda parts: b"".join(parts)[:200] + b".md"
)

_yaml_values = st.one_of(
    _hostile_text.map(lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    _hostile_text,
    st.sampled_from(["!!timestamp nope", "!!bool maybe", "!!int 0x", "!!binary @", "&a x", "*a"]),
    st.integers(1, 300).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 20_000).map(lambda length: "1" + " " * length + "x"),
)
_keys = st.sampled_from(["title", "provider", "date", "url", "webUrl", "topics", "excerpt", "x"])
_front_matter = st.lists(st.tuples(_keys, _yaml_values), max_size=6).map(
    lambda pairs: "---\n" + "".join(f"{key}: {value}\n" for key, value in pairs) + "---\n"
)
_bodies = st.one_of(
    _hostile_text,
    st.integers(1, 3000).map(lambda count: "# a" + " #" * count + "b"),
    st.integers(1, 3000).map(lambda count: "<p>x</p>" * 5 + "<script>" * count),
)
_encodings = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"])


@st.composite
def _file_bytes(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(st.just(""), _front_matter)) + draw(_bodies)
    encoding = draw(_encodings)
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


_folders = st.dictionaries(_names, _file_bytes(), min_size=1, max_size=5)


def unsafe(text: str, allowed: str = "\n") -> set[str]:
    return {char for char in text if not is_display_safe(char) or char in "\t\r"} - set(allowed)


def write_folder(root: Path, files: dict[bytes, bytes]) -> Path:
    # One subfolder with a hostile name too: folder names reach the screen as well.
    folder = Path(os.fsdecode(os.fsencode(root) + b"/feed\x1b]0;DIR\x07\xe9"))
    folder.mkdir()
    for name, data in files.items():
        Path(os.fsdecode(os.fsencode(folder) + b"/" + name)).write_bytes(data)
    return folder


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_folders)
def test_loader_and_list_survive_any_folder(files: dict[bytes, bytes]) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = write_folder(Path(root), files)
        result = load_feed([folder], use_cache=False)
        assert len(result.articles) + len(result.errors) == len(files)
        for error in result.errors:
            assert "\n" not in error.reason
        for article in result.articles:
            detail = load_detail(article)
            if isinstance(detail, ArticleDetail):
                prepared = prepare_body(detail.body)
                assert unsafe(prepared.text, "\n\t") == set()
        for fmt in ("text", "json", "tsv"):
            code, out, err = run_cli("--list", "--no-cache", "--format", fmt, str(folder))
            assert code in (0, 1)
            for stream in (out, err):
                stream.encode("utf-8")  # strict: valid UTF-8 once written
                assert unsafe(stream, "\n\t" if fmt == "tsv" and stream is out else "\n") == set()
            assert len(err.splitlines()) == len(result.errors)
            assert len(out.splitlines()) == len(result.articles)


_SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def screen_text(svg: str) -> str:
    return html.unescape("".join(_SVG_TEXT.findall(svg)))


async def _screens_of(folder: Path) -> list[str]:
    app = reader_app(folder)
    screens = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screens.append(screen_text(app.export_screenshot()))
        for key in ("down", "enter", "t", "escape", "e"):
            await pilot.press(key)
            await settle(pilot)
            screens.append(screen_text(app.export_screenshot()))
    return screens


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_folders)
def test_the_app_shows_any_folder_safely(files: dict[bytes, bytes]) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = write_folder(Path(root), files)
        for text in asyncio.run(_screens_of(folder)):
            text.encode("utf-8")
            assert unsafe(text) == set()
