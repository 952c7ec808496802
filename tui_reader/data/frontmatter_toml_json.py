"""Front matter in TOML (between ``+++`` lines: Hugo, Zola) and in JSON (a ``{`` line).

Both are small and rare in feeds, and their parsers (the standard library's ``tomllib``
and ``json``) cannot be hurt the way a YAML loader can (:mod:`.frontmatter_yaml`): they
need only the shared nesting limit of :mod:`.frontmatter_limits`, checked before parsing.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from frontmatter.default_handlers import BaseHandler

from tui_reader.data.frontmatter_limits import (
    MAX_NESTING,
    FrontMatterError,
    bracket_depth,
    may_nest_deeper,
    require_mapping,
)
from tui_reader.data.sanitize import strip_unprintable


class TOMLHandler(BaseHandler):
    """TOML between ``+++`` lines (Hugo, Zola), parsed by the standard library."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        if may_nest_deeper(fm) and bracket_depth(fm) > MAX_NESTING:
            raise FrontMatterError(f"front matter nests deeper than {MAX_NESTING} levels")
        try:
            return require_mapping(tomllib.loads(strip_unprintable(fm)))
        except tomllib.TOMLDecodeError as error:
            raise FrontMatterError(f"malformed TOML: {error}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None


class JSONHandler(BaseHandler):
    """A JSON object whose first line is ``{`` and whose closing line is ``}``."""

    FM_BOUNDARY = re.compile(r"^(?:\{|\})$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = ""

    def split(self, text: str) -> tuple[str, str]:
        _, fm, content = self.FM_BOUNDARY.split(text, 2)
        return "{" + fm + "}", content

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        if may_nest_deeper(fm) and bracket_depth(fm) > MAX_NESTING:
            raise FrontMatterError(f"front matter nests deeper than {MAX_NESTING} levels")
        try:
            # strict=False: a raw control character in a string is removed later by
            # sanitising, instead of costing the whole file.
            return require_mapping(json.loads(fm, strict=False))
        except json.JSONDecodeError as error:
            raise FrontMatterError(f"malformed JSON: {error}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None
