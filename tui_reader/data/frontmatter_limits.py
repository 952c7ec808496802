"""What every front-matter parser refuses, and the error it refuses it with.

The YAML, TOML and JSON parsers (:mod:`.frontmatter_yaml`, :mod:`.frontmatter_toml_json`)
share one nesting limit, one cheap test of whether a block could exceed it, and one
rule for what a parsed block must be (a mapping of names to values); they live here
so that each parser module can use them without importing the others.
"""

from __future__ import annotations

from typing import Any

MAX_NESTING = 64
"""Deepest nesting of collections accepted in front matter (real files use < 10)."""


class FrontMatterError(ValueError):
    """The front matter cannot be used; the message says why, for the user."""


def may_nest_deeper(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether a cheap upper bound of the nesting depth exceeds ``limit``.

    Each level needs a deeper indentation, a compact ``- ``/``? `` indicator, or a flow
    bracket, so the bound is the deepest indentation plus the count of those, plus one.
    Files under it skip the exact checks, ~10 % of a parse. The deepest indentation
    is not measured: only whether some line is indented by what would be too much.
    """
    others = text.count("[") + text.count("{") + text.count("- ") + text.count("? ") + 1
    indent_allowed = limit - others
    return indent_allowed < 0 or "\n" + " " * (indent_allowed + 1) in text


def bracket_depth(text: str) -> int:
    """Deepest ``[``/``{`` nesting, ignoring brackets inside quoted strings."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def require_mapping(data: Any) -> dict[str, Any]:
    """``data`` as a mapping of str keys (None is an empty one); anything else is refused."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter is a {type(data).__name__}, not a mapping of keys to values"
        )
    # Keys may be numbers, dates or None in YAML; they are names here.
    return {str(key): value for key, value in data.items()}
