"""Find where a document's front matter is, without parsing it.

Locating the block is text work only (a match for the opening line, a search for the
closing one) and every reader needs it first: the loader to know how much of a file
to read, the write-back to know which bytes it may change, the body index to skip the
block. Parsing what the block holds is :mod:`.frontmatter_parsing`'s job, and needs
PyYAML and python-frontmatter; keeping the two apart lets a reader that only locates
the block (or reads nothing at all, as a warm start from the cache) go without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_reader.data.dialects import KNOWN_KEYS
from tui_reader.data.model import FrontMatterFormat

_OPENING = re.compile(r"\A[ \t\n]*(?:(-{3,})|(\+{3,})|(\{))[ \t]*\n")
# Each closing line is searched for with the newline before it: a pattern that starts
# with a literal is scanned for by the regex engine ~4x faster than one starting with
# ``^`` (the search starts at the opening line's newline, so a closing line right
# after the opening is found too).
_CLOSING: dict[FrontMatterFormat, re.Pattern[str]] = {
    "yaml": re.compile(r"\n(?:-{3,}|\.{3})[ \t]*$\n?", re.MULTILINE),
    "toml": re.compile(r"\n\+{3,}[ \t]*$\n?", re.MULTILINE),
    "json": re.compile(r"\n\}[ \t]*$\n?", re.MULTILINE),
}


@dataclass(frozen=True, slots=True)
class Split:
    """Where a document's front matter ends and its body starts.

    ``closed`` is False when an opening delimiter was found but no closing one in
    the text given (the caller decides whether more text could close it).
    """

    format: FrontMatterFormat
    front_matter: str
    body_start: int
    closed: bool = True

    def between_delimiters(self) -> str:
        """The text between the opening and the closing line of a closed block.

        It starts with the opening line's newline, as ``frontmatter.parse`` splits it
        off, so that line numbers in a parser's messages count from the file's first
        line; the two lines are not searched for again (:func:`split_document` found
        them).
        """
        block = self.front_matter
        opening = _OPENING.match(block)
        assert opening is not None and self.closed  # split_document found both lines
        closing_start = block.rfind("\n", 0, len(block) - block.endswith("\n")) + 1
        return "\n" + block[opening.end() : closing_start]


def normalise_text(text: str) -> str:
    """Strip a BOM and turn CRLF/CR line ends into LF, as every parser here expects."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_document(text: str) -> Split:
    """Find the front-matter block of ``text`` (already normalised)."""
    opening = _OPENING.match(text)
    if opening is None:
        return Split("none", "", 0)
    fmt: FrontMatterFormat = "yaml" if opening.group(1) else "toml" if opening.group(2) else "json"
    closing = _CLOSING[fmt].search(text, opening.end() - 1)
    if closing is None:
        return Split(fmt, text, len(text), closed=False)
    return Split(fmt, text[: closing.end()], closing.end())


# ``key: value`` (YAML) or ``key = value`` (TOML) at the start of a line: fixed shape,
# matched at one position per line, so linear.
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*([:=])(?:[ \t]|$)")
_FENCE_SCAN_LINES = 60


def missing_opening_fence(text: str) -> str | None:
    """The delimiter a front matter without its opening line is missing, else None.

    For a file with no front matter (``split_document`` found none) that starts with
    ``key: value`` lines naming front-matter keys, closed by a ``---`` (``+++``) line:
    shown as is, its first line would become the title. Body text never looks like
    that: a Markdown thematic break at the top has nothing before it, a setext heading
    is one line of words, and a line ``Note: ...`` names no front-matter key.
    """
    keys: list[str] = []
    separator = ""
    for line in text.split("\n", _FENCE_SCAN_LINES)[:_FENCE_SCAN_LINES]:
        stripped = line.rstrip()
        if stripped.startswith(("---", "+++")) and stripped == stripped[0] * len(stripped):
            expected = ":" if stripped[0] == "-" else "="
            if separator == expected and any(key in KNOWN_KEYS for key in keys):
                return stripped[0] * 3
            return None
        if not stripped:
            continue
        if line[0] in " \t-" and keys:
            continue  # a continuation: an indented value or a list item
        match = _KEY_LINE.match(line)
        if match is None or (separator and match.group(2) != separator):
            return None
        separator = match.group(2)
        keys.append(match.group(1))
    return None
