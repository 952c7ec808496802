"""Terminal hyperlinks (OSC 8) for URLs shown in the reader.

Textual writes a ``Style(link=url)`` span as an OSC 8 hyperlink, so the *local*
terminal opens it on click, even over SSH. Only http(s) URLs become links; anything
else (``file:``, ``javascript:``, custom schemes) stays plain text.

API for the UI::

    detail_pane.update(Content.assemble("Link: ", link_content(url, url)))
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from tui_reader.data.sanitize import display_line
from tui_reader.data.urls import is_web_url


def link_content(label: str, url: str) -> Content:
    """``label`` as Content, hyperlinked to ``url`` when that is an http(s) URL.

    ``label`` is feed text: it is never parsed as markup. The URL is written inside an
    OSC 8 sequence, so one holding a control character is never made a link.
    """
    label = display_line(label)
    if not is_web_url(url) or display_line(url) != url:
        return Content(label)
    return Content.styled(label, Style(link=url))
