"""Preparing an article body for display: Markdown, or HTML-heavy bodies as text.

Bodies of any size are shown whole: the body view lays them out progressively
(:mod:`tui_reader.ui.body_view`), so nothing is cut for speed any more.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_MARKDOWN_BYTES = 64 * 1024
"""How much of a body is sampled to tell HTML from Markdown."""

_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|div|li|h[1-6]|tr|section|article)\b[^>]{0,2000}>", re.I)
_DROPPED = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
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


def strip_tags(body: str) -> str:
    """Readable text of an HTML body: scripts dropped, blocks as lines, entities decoded."""
    text = _DROPPED.sub("", body)
    text = _BLOCK_TAG.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def prepare_body(body: str) -> PreparedBody:
    """The body as the detail pane shows it: Markdown, or tag-stripped text."""
    if is_html_heavy(body):
        return PreparedBody(strip_tags(body), is_markdown=False)
    return PreparedBody(body, is_markdown=True)
