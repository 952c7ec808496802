"""File and folder names reach the screen with their controls made visible (issue 9).

Reached through the list (rows of articles without a title), the detail pane's
``File:`` line and the errors screen; and cache records, entity-decoded bodies.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from app_support import reader_app, settle

from tui_reader.data.sanitize import is_display_safe
from tui_reader.ui.body_text import prepare_body

OSC52 = "b1\x1b]52;c;UFdORUQ=\x1b\\"
TITLE = "t\x1b]0;TITLE\x1b\\"
_SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def screen_text(svg: str) -> str:
    # Rich pads with no-break spaces; read them as spaces.
    return html.unescape("".join(_SVG_TEXT.findall(svg))).replace("\xa0", " ")


def unsafe(text: str) -> set[str]:
    return {char for char in text if not is_display_safe(char) or char in "\t\r"} - {"\n"}


async def test_hostile_names_are_shown_visibly_and_act_on_nothing(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    # Hypothetical hostile names, no title in the files (the list falls back to names).
    (feed / f"{OSC52}.md").write_bytes(b"\x1b\x1b\n")
    (feed / f"{TITLE}.md").write_text("---\ndate: 2024-05-01\n---\nbody &#x202e;gnp.exe\n")
    (feed / os.fsdecode(b"bad\x1bkNAME\x1b\\\xe9.md")).write_text("---\ntitle: [x\n---\n")
    app = reader_app(feed)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        listing = screen_text(app.export_screenshot())
        await pilot.press("enter", "i")  # the article, its details (File:) unfolded
        await settle(pilot)
        detail = screen_text(app.export_screenshot())
        await pilot.press("escape", "e")
        await settle(pilot)
        errors = screen_text(app.export_screenshot())
    for text in (listing, detail, errors):
        assert unsafe(text) == set()
    assert "B1\\x1b]52;c;UFdORUQ=\\x1b\\" in listing and "T\\x1b]0;TITLE" in listing
    assert "File: " in detail and "\\x1b]" in detail
    assert "bad\\x1bkNAME\\x1b\\\ufffd.md" in errors


def test_entities_of_controls_do_not_reach_the_markdown_widget() -> None:
    prepared = prepare_body("a &#x202e; b &rlm; c &#x2066; d &#xfeff; e &#27;[2J &amp; f")
    assert prepared.is_markdown
    assert prepared.text == "a \ufffd b \ufffd c \ufffd d \ufffd e \ufffd[2J &amp; f"


def test_html_bodies_are_sanitised_after_unescaping() -> None:
    body = "<p>x</p>" * 5 + "<p>&#x202e;evil &rlm;&#x2066; &#x1b;]0;T&#7; &lt;ok&gt;</p>"
    prepared = prepare_body(body)
    assert not prepared.is_markdown
    assert unsafe(prepared.text) == set() and "evil" in prepared.text and "<ok>" in prepared.text
