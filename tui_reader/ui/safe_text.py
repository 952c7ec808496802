"""The one way feed text reaches the screen: as ``Content``, never as markup.

Textual parses markup from a plain ``str`` handed to Static, Label, notify, titles,
tooltips and option prompts, so a title such as ``[@click=app.quit]x[/]`` would become
an action. Everything built from feed text or file names goes through these helpers,
which only ever create ``Content`` from the literal text (no markup parsing at all),
and pass that text through the project's one sanitiser first (``data/sanitize.py``):
whatever the origin of a string, no escape sequence, control or bidi character reaches
the terminal. The sanitiser is idempotent and cheap on clean text, so rows rendered
every frame pay one ``str.isprintable`` per string.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.style import Style

from tui_reader.data.sanitize import display_line, display_name, display_text
from tui_reader.data.urls import is_web_url

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

Spans = Iterable[tuple[int, int]]


def feed_text(text: str, style: Style | str = "") -> Content:
    """Literal feed text, optionally in one style chosen by the app (never by the feed)."""
    text = display_text(text)
    return Content.styled(text, style) if style else Content(text)


def name_text(name: str, style: Style | str = "") -> Content:
    """A file or folder name, its control characters made visible (``\\x1b``)."""
    return feed_text(display_name(name), style)


def highlighted(text: str, spans: Spans, style: Style | str, base: Style | str = "") -> Content:
    """Literal text with character spans ``[start, end)`` styled (the filter's matches).

    Spans index the sanitised text (feed text is clean already, so they match); a span
    past its end is clipped.
    """
    content = feed_text(text, base)
    length = len(content.plain)
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
    if not is_web_url(url) or display_line(url) != url:
        # The URL is written inside an OSC 8 sequence: one holding a control character
        # is never made a link.
        return feed_text(label)
    return feed_text(label, Style(link=url))


def join_lines(lines: Iterable[Content]) -> Content:
    """Lines of content, one under the other."""
    return Content("\n").join(lines)


def labelled(label: str, value: str, label_style: Style | str = "bold") -> Content:
    """``label: value`` where the label is the app's and the value is feed text."""
    return Content.assemble(Content.styled(f"{label}: ", label_style), feed_text(value))


def labelled_name(label: str, name: str, label_style: Style | str = "bold") -> Content:
    """``label: name`` where the name is a file or folder name (controls made visible)."""
    return Content.assemble(Content.styled(f"{label}: ", label_style), name_text(name))


BRIEF = 3.0
"""Seconds a confirmation toast stays (errors and warnings keep Textual's default)."""


def notify_literal(
    app: App[Any],
    message: str,
    *,
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A notification whose text may contain feed text: shown literally, never as markup.
    ``timeout``: seconds on screen (Textual's default when None)."""
    app.notify(display_text(message), severity=severity, markup=False, timeout=timeout)
