"""How the filter text is cut into terms: tokens, ``|`` alternatives and quotes.

Shared by the word and the field parsers: a quoted value means the same in both.
"""

from __future__ import annotations

import re

from tui_reader.query.query_error import QueryError

# A token: a quoted phrase (possibly after a prefix such as ``!`` or ``field:``), or a run
# of non-space characters that may itself contain quoted parts.
_TOKEN = re.compile(r'(?:[^\s"]*"[^"]*"?[^\s"]*)+|[^\s]+')


def tokens(text: str) -> list[str]:
    """The space-separated tokens of ``text`` (a quoted phrase is one token)."""
    return _TOKEN.findall(text)


def split_or(token: str) -> list[str]:
    """``a|b`` outside quotes is two alternatives."""
    if "|" not in token:
        return [token]
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in token:
        if char == '"':
            quoted = not quoted
        if char == "|" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if any(not part for part in parts):
        only_last_missing = all(parts[:-1]) and not parts[-1]
        raise QueryError(token, "'|' needs a term on each side", incomplete=only_last_missing)
    return parts


def unquote(value: str) -> tuple[str, bool]:
    """``value`` without its quotes, and whether it was quoted."""
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1], True
    if value.startswith('"'):
        return value[1:], True  # an unclosed quote while typing: take what is there
    return value, False
