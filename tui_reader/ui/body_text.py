"""Preparing an article body for display: Markdown, or HTML-heavy bodies as text.

Bodies of any size are shown whole: the body view lays them out progressively
(:mod:`tui_reader.ui.body_view`), so nothing is cut for speed any more.

Every pattern here runs in linear time on any input (a scraped body is untrusted): no
nested or overlapping quantifiers, and ``<script>`` blocks are cut by a forward scan
that never looks at the same text twice.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tui_reader.data.sanitize import clean_block, neutralise_entities

MAX_MARKDOWN_BYTES = 64 * 1024
"""How much of a body is sampled to tell HTML from Markdown."""

# A tag never contains "<": a scan from one "<" stops at the next one, so the text is
# read about once whatever it holds.
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<\s*(?:/\s*)?(?:p|br|div|li|h[1-6]|tr|section|article)\b", re.I)
_DROPPED_OPEN = re.compile(r"<\s*(script|style)\b", re.I)
_DROPPED_CLOSE = {name: re.compile(rf"<\s*/\s*{name}\s*>", re.I) for name in ("script", "style")}
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class PreparedBody:
    """What the detail pane shows of a body."""

    text: str
    is_markdown: bool


def is_html_heavy(body: str) -> bool:
    """Whether tags make up a large part of the body (scraped HTML, not Markdown)."""
    tags = _TAG.findall(body[:MAX_MARKDOWN_BYTES])
    if len(tags) < 5:
        return False
    return sum(len(tag) for tag in tags) > 0.2 * min(len(body), MAX_MARKDOWN_BYTES)


def drop_scripts(body: str) -> str:
    """``body`` without its ``<script>``/``<style>`` blocks (an unclosed one runs to the end)."""
    kept: list[str] = []
    position = 0
    while (opening := _DROPPED_OPEN.search(body, position)) is not None:
        kept.append(body[position : opening.start()])
        closing = _DROPPED_CLOSE[opening.group(1).lower()].search(body, opening.end())
        if closing is None:
            return "".join(kept)
        position = closing.end()
    kept.append(body[position:])
    return "".join(kept)


def _tag_replacement(tag: re.Match[str]) -> str:
    return "\n" if _BLOCK_TAG.match(tag.group()) else ""


def strip_tags(body: str) -> str:
    """Readable text of an HTML body: scripts dropped, blocks as lines, entities decoded.

    Sanitised after decoding: ``&#x202e;`` or ``&#27;`` must not become a real control.
    """
    text = _TAG.sub(_tag_replacement, drop_scripts(body))
    text = clean_block(html.unescape(text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def prepare_body(body: str) -> PreparedBody:
    """The body as the detail pane shows it: Markdown, or tag-stripped text."""
    if is_html_heavy(body):
        return PreparedBody(strip_tags(body), is_markdown=False)
    # The Markdown parser decodes character references itself: neutralise those that
    # would decode to a control before it sees them.
    return PreparedBody(neutralise_entities(body), is_markdown=True)
