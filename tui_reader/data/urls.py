"""Which URLs the reader may hand to a browser, a clipboard or a terminal hyperlink.

Feed files are untrusted: a ``webUrl`` of ``file:///etc/passwd``, ``javascript:…`` or a
custom scheme that some desktop hands to an arbitrary program must never be opened,
copied or linked. Only absolute ``http``/``https`` URLs with a host pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 8192
"""Longer than any real article URL; refuses payloads smuggled into a URL field."""


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host and no spaces or controls.

    Spaces and control characters are refused outright (rather than quoted) because a
    URL holding them did not come from a browser's address bar, and a control byte
    inside an OSC 8 or OSC 52 sequence would end it early.
    """
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    if any(ord(char) <= 0x20 or 0x7F <= ord(char) <= 0x9F for char in url):
        return False
    try:
        parts = urlsplit(url)
        # .hostname and .port parse the netloc; a malformed port raises ValueError.
        host = parts.hostname
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)
