"""The CLI's one way out: every line ``tui-reader`` prints to stdout or stderr.

Titles are sanitised when a file is read, but file and folder names, error messages
that quote them and cache records reach here raw, and a script's terminal is a
terminal too. So each line passes :func:`write_line` (controls made visible, so a
newline in a name cannot split a line; always encodable, so a strict UTF-8 stdout
never raises), and the structured formats escape what they must:

- TSV (:func:`tsv_line`): backslash, tab, newline, CR as ``\\\\``, ``\\t``, ``\\n``,
  ``\\r``; other C0 controls and DEL as ``\\xNN``; C1 and bidi controls as ``\\uNNNN``;
  an undecodable byte of a file name (0x80-0xFF) as ``\\xNN``, so a script can rebuild
  the exact name (``\\xNN`` below 0x80 is that character, above it that raw byte).
- JSON (:func:`json_line`): always valid UTF-8; C0, DEL, C1 and bidi controls escaped
  as ``\\u001b`` (decoding gives the exact text back); an undecodable file name is
  given with U+FFFD in ``path`` plus its exact bytes, hex, in ``path_bytes``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from tui_reader.data.model import LoadError
from tui_reader.data.sanitize import display_line, display_name

_SURROGATES = range(0xD800, 0xE000)
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
"""How ``os.fsdecode`` (surrogateescape) keeps the bytes 0x80-0xFF of a non-UTF-8 name."""

_TSV_TABLE: dict[int, str] = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]}
_TSV_TABLE.update({code: f"\\u{code:04x}" for code in range(0x80, 0xA0)})
_TSV_TABLE.update({code: "\ufffd" for code in _SURROGATES})
_TSV_TABLE.update({code: f"\\x{code - 0xDC00:02x}" for code in _ESCAPED_BYTES})
_TSV_TABLE.update({ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r"})
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
    _TSV_TABLE[_code] = f"\\u{_code:04x}"
for _code in (0xFEFF, 0x2028, 0x2029):
    _TSV_TABLE[_code] = f"\\u{_code:04x}"

# What json.dumps(ensure_ascii=False) leaves raw but a terminal or a strict UTF-8
# decoder must not get: DEL, C1, bidi and invisible breaks, surrogates. One class: linear.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\ufffd" if code in _SURROGATES else f"\\u{code:04x}"


def write_line(stream: TextIO, line: str, *, tabs: bool = False) -> None:
    """Write ``line`` and a newline: one line, no control character, encodable.

    ``tabs``: the line's tabs are field separators (TSV) and stay tabs.
    """
    if tabs:
        text = "\t".join(display_name(field) for field in line.split("\t")) + "\n"
    else:
        text = display_name(line) + "\n"
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # A stdout that is not UTF-8 (PYTHONIOENCODING=ascii): escape what it cannot hold.
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def error_line(message: str) -> None:
    """One line on stderr."""
    write_line(sys.stderr, message)


def load_error_text(error: LoadError) -> str:
    """``PATH: reason`` of a file that did not load, as one safe line."""
    return f"{display_name(error.path)}: {display_line(error.reason)}"


def tsv_field(value: str) -> str:
    """``value`` as one TSV field (see the module's docstring for the escapes)."""
    if value.isprintable() and "\\" not in value:
        return value
    return value.translate(_TSV_TABLE)


def tsv_line(fields: Iterable[str]) -> str:
    """Fields joined by tabs, each escaped."""
    return "\t".join(tsv_field(value) for value in fields)


def path_fields(key: str, path: str) -> dict[str, str]:
    """``{key: path}``, plus ``{key}_bytes`` (hex) when the name is not valid UTF-8."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            exact = path.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that no file name decodes to
            exact = path.encode("utf-8", "replace")
        return {key: exact.decode("utf-8", "replace"), f"{key}_bytes": exact.hex()}
    return {key: path}


def json_line(value: dict[str, Any]) -> str:
    """``value`` as one line of valid UTF-8 JSON with every control escaped."""
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(value, ensure_ascii=False))
