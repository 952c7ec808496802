"""Only absolute http(s) URLs with a host may be opened, copied or linked."""

from __future__ import annotations

import pytest

from tui_reader.data.urls import is_web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "HTTPS://EXAMPLE.ORG/x?y=1#z",
        "http://[::1]:8080/p",
        "https://xn--bcher-kva.example/",
    ],
)
def test_web_urls_pass(url: str) -> None:
    assert is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ssh://host",
        "https://",
        "http:///path-only",
        "//example.org/no-scheme",
        "https://exa mple.org",
        "https://example.org/\x1b]8;;x\x07",
        "https://example.org/\u009d",
        "https://example.org:99999999/",
        "https://example.org/" + "a" * 9000,
    ],
)
def test_everything_else_is_refused(url: str) -> None:
    assert not is_web_url(url)
