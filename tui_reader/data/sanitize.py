"""Make untrusted text safe to show in a terminal: the one sanitiser of the project.

Feed text is cleaned once, in the data layer (:func:`clean_line`, :func:`clean_block`).
Everything shown or printed passes here again at the boundary, whatever its origin
(feed text, file and folder names, error messages that quote them, cache records,
decoded HTML entities): :func:`display_text` and :func:`display_line` remove control
characters, :func:`display_name` makes them visible (a file name must stay
recognisable), :func:`neutralise_entities` stops a Markdown renderer from decoding
``&#x202e;`` back into a real control. The boundary functions are idempotent and cost
one ``str.isprintable`` call for ordinary text, so they can run on every rendered row.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

# Bidi controls can reorder what the reader sees (Trojan Source style); U+FEFF is a
# stray BOM; U+2028/U+2029 break lines where no line break is expected.
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
_INVISIBLE = [0xFEFF, 0x2028, 0x2029]


def _table(keep_newlines: bool) -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI, *_INVISIBLE]:
        table[code] = None
    # Lone surrogates only survive decoding with surrogateescape/surrogatepass;
    # a terminal cannot show them and encoding them later raises.
    for code in range(0xD800, 0xE000):
        table[code] = 0xFFFD
    if keep_newlines:
        table[ord("\n")] = ord("\n")
        table[ord("\t")] = ord("\t")
        table[0x2028] = ord("\n")
        table[0x2029] = ord("\n")
    else:
        # Whitespace controls become spaces so words do not run together.
        for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029):
            table[code] = ord(" ")
    return table


_LINE_TABLE = _table(keep_newlines=False)
_BLOCK_TABLE = _table(keep_newlines=True)
_SPACES = re.compile(r"[ \u00a0]{2,}")
# A whole escape sequence is removed, not just its ESC byte, so that "[31m" or an
# OSC payload does not remain as visible debris.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated by BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC
    r"|\x1b[@-_]?"  # any other ESC
)


# What YAML refuses to read at all (YAML 1.1 "printable" characters), so that one
# stray control byte in a scraped title does not cost the whole file.
_NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


# What a terminal must never receive raw, as made visible by display_name: C0 and
# C1 controls, DEL, bidi controls, invisible breaks; surrogates (from undecodable
# bytes in a file name, via surrogateescape) become U+FFFD.
_VISIBLE_TABLE: dict[int, str] = {
    code: f"\\x{code:02x}" for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
}
_VISIBLE_TABLE.update({code: f"\\u{code:04x}" for code in [*_BIDI, *_INVISIBLE]})
_VISIBLE_TABLE.update({code: "\ufffd" for code in range(0xD800, 0xE000)})


def display_text(text: str) -> str:
    """``text`` safe for a terminal, newlines and tabs kept (idempotent, cheap)."""
    if text.isprintable():
        return text
    return clean_block(text)


def display_line(text: str) -> str:
    """``text`` safe for a terminal as one line: controls removed, line breaks as spaces."""
    if text.isprintable():
        return text
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_LINE_TABLE)


def display_name(name: str) -> str:
    """A file or folder name safe for a terminal, with its controls made visible.

    ``b1<ESC>]52;…`` is shown as ``b1\\x1b]52;…`` (never removed: two hostile names
    must not look like one harmless name); undecodable bytes become U+FFFD.
    """
    if name.isprintable():
        return name
    return name.translate(_VISIBLE_TABLE)


def is_display_safe(char: str) -> bool:
    """Whether one character may reach a terminal as it is (tests and output checks)."""
    return ord(char) not in _VISIBLE_TABLE or char in "\n\t"


# A character reference as HTML and CommonMark decode it: decimal, hex or named
# (CommonMark requires the ';'; HTML accepts a few named ones without it, which only
# ever decode to printable Latin-1). One pass, no nested quantifier: linear.
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{1,31};)")


def _neutralise(match: re.Match[str]) -> str:
    entity = match.group()
    if entity[1] == "#":
        # Decoded here, not by html.unescape: renderers differ on the code points
        # HTML calls invalid (markdown-it passes &#13; and &#x202e; through).
        code = int(entity[3:-1], 16) if entity[2] in "xX" else int(entity[2:-1])
        decoded = chr(code) if 0 < code <= 0x10FFFF else "\x00"
    else:
        decoded = html.unescape(entity)
    return entity if display_line(decoded) == decoded else "\ufffd"


def neutralise_entities(text: str) -> str:
    """Replace character references that decode to controls (``&#x202e;``, ``&rlm;``,
    ``&#27;``) by U+FFFD, so that a renderer decoding entities cannot bring them back."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_neutralise, text)


def text_for_storage(text: str) -> str:
    """``text`` as a string any UTF-8 store accepts (SQLite, JSON): the undecodable bytes
    of a file name (surrogateescape) become ``\\xNN``, so distinct names stay distinct."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def strip_unprintable(text: str) -> str:
    """Remove escape sequences and characters a YAML parser refuses, keep the rest."""
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _NOT_YAML_PRINTABLE.sub("", text)


def clean_line(value: str) -> str:
    """Return ``value`` as one safe line: no controls, single spaces, trimmed."""
    # Every character the table or the escape pattern changes is unprintable (Unicode
    # "Other" or "Separator"), so printable text skips both: ``translate`` costs ~15 ns a
    # character, ``isprintable`` ~1 (a cold load cleans ~10 strings per file).
    if not value.isprintable():
        if "\x1b" in value or "\x9b" in value or "\x9d" in value:
            value = _ESCAPE_SEQUENCE.sub("", value)
        value = value.translate(_LINE_TABLE)
    if "  " in value or "\u00a0\u00a0" in value:
        value = _SPACES.sub(" ", value)
    return value.strip()


def clean_block(value: str) -> str:
    """Return ``value`` as safe multi-line text: keeps newlines and tabs only."""
    if "\x1b" in value or "\x9b" in value or "\x9d" in value:
        value = _ESCAPE_SEQUENCE.sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_BLOCK_TABLE)


def clean_value(value: Any) -> Any:
    """Sanitise an arbitrary front-matter value for display, recursively.

    Used for extra metadata, whose shape is unknown: strings are cleaned, dates become
    ISO strings, mappings and lists keep their shape, anything else becomes a string.
    """
    if isinstance(value, str):
        return clean_line(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {clean_line(str(key)): clean_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(item) for item in value]
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return clean_line(str(value))


def fold(value: str) -> str:
    """Case- and accent-insensitive form of ``value`` for matching."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
