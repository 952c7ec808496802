"""The one way feed text reaches the screen: as ``Content``, never as markup.

Textual parses markup from a plain ``str`` handed to Static, Label, notify, titles,
tooltips and option prompts, so a title such as ``[@click=app.quit]x[/]`` would become
an action. Everything built from feed text or file names goes through these helpers,
which only ever create ``Content`` from the literal text (no markup parsing at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style

from tui_reader.data.urls import is_web_url

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

Spans = Iterable[tuple[int, int]]


def feed_text(text: str, style: Style | str = "") -> Content:
    """Literal feed text, optionally in one style chosen by the app (never by the feed)."""
    return Content.styled(text, style) if style else Content(text)


def highlighted(text: str, spans: Spans, style: Style | str, base: Style | str = "") -> Content:
    """Literal text with character spans ``[start, end)`` styled (the filter's matches)."""
    content = feed_text(text, base)
    length = len(text)
    for start, end in spans:
        start, end = max(0, start), min(length, end)
        if start < end:
            content = content.stylize(style, start, end)
    return content


def link_content(label: str, url: str) -> Content:
    """``label`` as literal Content, hyperlinked (OSC 8) to ``url`` when that is an
    http(s) URL: Textual writes ``Style(link=url)`` as a terminal hyperlink, so the
    *local* terminal opens it on click, even over SSH. Anything else (``file:``,
    ``javascript:``, custom schemes) stays plain text."""
    if not is_web_url(url):
        return feed_text(label)
    return feed_text(label, Style(link=url))


def join_lines(lines: Iterable[Content]) -> Content:
    """Lines of content, one under the other."""
    return Content("\n").join(lines)


def labelled(label: str, value: str, label_style: Style | str = "bold") -> Content:
    """``label: value`` where the label is the app's and the value is feed text."""
    return Content.assemble(Content.styled(f"{label}: ", label_style), feed_text(value))


def notify_literal(
    app: App[object], message: str, *, severity: SeverityLevel = "information"
) -> None:
    """A notification whose text may contain feed text: shown literally, never as markup."""
    app.notify(message, severity=severity, markup=False)
