"""Make untrusted feed text safe to show in a terminal.

Every string that comes out of a feed file passes through here exactly once, in the
data layer, so that nothing downstream ever sees a raw escape sequence, a bidi
override or a lone surrogate.
"""

from __future__ import annotations

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


def strip_unprintable(text: str) -> str:
    """Remove escape sequences and characters a YAML parser refuses, keep the rest."""
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _NOT_YAML_PRINTABLE.sub("", text)


def clean_line(value: str) -> str:
    """Return ``value`` as one safe line: no controls, single spaces, trimmed."""
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
