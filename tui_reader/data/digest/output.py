"""A digest as a file: the format its name asks for, its text in that format, and the
file written atomically (a reader of it never sees half a digest)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable

from tui_reader.data.digest.html_page import html_page
from tui_reader.data.digest.json_document import json_document
from tui_reader.data.digest.markdown import markdown
from tui_reader.data.digest.model import Digest

FORMATS = ("md", "html", "json")
"""The formats a digest is written in (``--format``; a file name's suffix chooses too)."""


def format_for(path: str, default: str = "md") -> str:
    """The format a file name asks for by its suffix (``.html``, ``.json``, ``.md``)."""
    lowered = path.lower()
    for suffix, name in ((".html", "html"), (".htm", "html"), (".json", "json"), (".md", "md")):
        if lowered.endswith(suffix):
            return name
    return default


def render(digest: Digest, format_name: str) -> str:
    """The digest as a document in ``format_name`` (one of ``FORMATS``)."""
    writers: dict[str, Callable[[Digest], str]] = {
        "md": markdown,
        "html": html_page,
        "json": json_document,
    }
    return writers[format_name](digest)


def write_digest(path: str, text: str) -> str:
    """Write ``text`` to ``path`` atomically (a reader of the file never sees half of
    it; an existing file is replaced whole) and return the absolute path written.

    Raises OSError with the system's reason.
    """
    target = os.path.abspath(os.path.expanduser(path))
    folder = os.path.dirname(target)
    descriptor, temporary = tempfile.mkstemp(prefix=".digest-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target
