"""Preparing an article body for display: size limit and HTML-heavy bodies."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_MARKDOWN_BYTES = 64 * 1024
"""Bodies larger than this are cut before Markdown rendering (which grows steeply)."""

_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|div|li|h[1-6]|tr|section|article)\b[^>]{0,2000}>", re.I)
_DROPPED = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class PreparedBody:
    """What the detail pane shows of a body."""

    text: str
    is_markdown: bool
    truncated_from: int = 0
    """The body's size in bytes when it was cut, else 0."""


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
    """The body as the detail pane shows it: Markdown, or tag-stripped text; cut if huge."""
    size = len(body.encode("utf-8", "replace"))
    truncated_from = 0
    if size > MAX_MARKDOWN_BYTES:
        truncated_from = size
        cut = body.encode("utf-8", "replace")[:MAX_MARKDOWN_BYTES].decode("utf-8", "ignore")
        # End at a paragraph or line break so no Markdown construct is cut in half.
        boundary = max(cut.rfind("\n\n"), cut.rfind("\n"))
        body = cut[:boundary] if boundary > len(cut) // 2 else cut
    if is_html_heavy(body):
        return PreparedBody(strip_tags(body), is_markdown=False, truncated_from=truncated_from)
    return PreparedBody(body, is_markdown=True, truncated_from=truncated_from)
