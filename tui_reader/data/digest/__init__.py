"""A digest of articles: title linked to its page, provider, date, excerpt, and the
reader's own tags and note, grouped and written as Markdown, HTML or JSON.

``tui-reader export`` and the app's ``x`` both come here: the caller runs the query and
hands over the articles in their order with their annotations; :func:`read_entries`
reads each excerpt from its file (``loader.load_detail``), :func:`group_entries` groups
them and :func:`render` writes the digest.

Feed text is untrusted, and a digest is read in a browser or a Markdown renderer, which
would run what a title smuggles in. So no text of a feed or of a note is ever written as
markup: HTML escapes every character that means something to HTML (the page also forbids
scripts in its Content-Security-Policy), Markdown backslash-escapes every character that
would start markup (a title such as ``[x](javascript:…)`` or ``</a><script>`` comes out as
those characters), and only http(s) URLs become links. Every text passes the project's
sanitiser first (no control or bidi character reaches a terminal or a file).

- :mod:`.model`: the entries, groups and digest;
- :mod:`.reading`: the entries read from the files (excerpts), and the digest made;
- :mod:`.grouping`: ``GROUPINGS``, one table of the ways to group;
- :mod:`.fields`: what every format writes of an article (title, provider, date, link);
- :mod:`.markdown`, :mod:`.html_page`, :mod:`.json_document`: one module a format;
- :mod:`.output`: ``FORMATS``, the format a file name asks for, ``render``, the file
  written atomically.
"""

from tui_reader.data.digest.grouping import GROUPINGS, Grouping, GroupKey, group_entries
from tui_reader.data.digest.html_page import html_page
from tui_reader.data.digest.json_document import json_document
from tui_reader.data.digest.markdown import markdown, md_text
from tui_reader.data.digest.model import Digest, DigestEntry, DigestGroup
from tui_reader.data.digest.output import FORMATS, format_for, render, write_digest
from tui_reader.data.digest.reading import (
    EXCERPT_CHARS,
    Annotations,
    excerpt_of,
    make_digest,
    read_entries,
)

__all__ = [
    "EXCERPT_CHARS",
    "FORMATS",
    "GROUPINGS",
    "Annotations",
    "Digest",
    "DigestEntry",
    "DigestGroup",
    "GroupKey",
    "Grouping",
    "excerpt_of",
    "format_for",
    "group_entries",
    "html_page",
    "json_document",
    "make_digest",
    "markdown",
    "md_text",
    "read_entries",
    "render",
    "write_digest",
]
