"""What the bodies' index holds of an article file: its excerpt and its body, as text.

Read the way an opened article is read (no links followed, a size cap), then only the
excerpt keys of the front matter are parsed: the rest of it is not what a body search is
about.
"""

from __future__ import annotations

import re

from tui_reader.data import coerce
from tui_reader.data.build import EXCERPT_KEYS, first
from tui_reader.data.file_reading import FileProblem, read_document
from tui_reader.data.folder_scan import FeedFile
from tui_reader.data.frontmatter_limits import FrontMatterError
from tui_reader.data.frontmatter_parsing import parse_front_matter
from tui_reader.data.frontmatter_split import Split, split_document

MAX_BODY_BYTES = 1024 * 1024
"""Index at most this much of a file (a longer body is searched in its first MiB)."""
_EXCERPT_KEY = re.compile(rf"^(?:{'|'.join(EXCERPT_KEYS)})[ \t]*:", re.MULTILINE)
_NEXT_TOP_LEVEL = re.compile(r"\n(?=[^\s#])")
_EXCERPT_SUMMARY = frozenset(EXCERPT_KEYS)


def indexed_file_text(item: FeedFile) -> str:
    return indexed_text(item.path, item.via_link)


def indexed_text(path: str, via_link: bool) -> str:
    """What a file contributes to the index: its excerpt, then its body.

    An unreadable file contributes nothing (its metadata load reports the problem);
    it is still recorded, so it is not read again until it changes.
    """
    try:
        text = read_document(path, via_link, MAX_BODY_BYTES)
    except (FileProblem, OSError):
        return ""
    split = split_document(text)
    if not split.closed:
        return ""
    excerpt = _excerpt(split)
    body = text[split.body_start :]
    return f"{excerpt}\n\n{body}" if excerpt else body


def _excerpt(split: Split) -> str:
    """The excerpt (or description, summary) of the front matter.

    YAML: only the lines of that key are parsed, not the whole block (related entries,
    images and the secured blob make a full parse ~10x dearer); top-level keys start in
    the first column, so the value ends where the next such line begins.
    """
    block = split.front_matter
    if split.format == "yaml":
        found = _EXCERPT_KEY.search(block)
        if found is None:
            return ""
        end = _NEXT_TOP_LEVEL.search(block, found.end())
        fragment = block[found.start() : end.start() if end else len(block)]
        split = Split("yaml", f"---\n{fragment.rstrip()}\n---\n", 0)
    try:
        meta = parse_front_matter(split, _EXCERPT_SUMMARY)
    except (FrontMatterError, ValueError, RecursionError):
        return ""
    return coerce.text(first(meta, EXCERPT_KEYS))


# -- schema ------------------------------------------------------------------------
