"""Hyperlinks in the detail pane: only http(s) URLs get a link style."""

from __future__ import annotations

from textual.style import Style

from tui_reader.ui.safe_text import link_content


def test_web_url_gets_a_link_span() -> None:
    content = link_content("[b]Story[/b]", "https://example.org/s")
    assert content.plain == "[b]Story[/b]"  # feed text is never parsed as markup
    styles = [span.style for span in content.spans]
    assert styles == [Style(link="https://example.org/s")]


def test_other_schemes_stay_plain_text() -> None:
    content = link_content("evil", "file:///etc/passwd")
    assert content.plain == "evil" and content.spans == []
