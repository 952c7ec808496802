"""Parse a front-matter block found by :func:`.frontmatter_split.split_document`.

Parsing goes through python-frontmatter's handler API with our own handlers: YAML
only through the safe loader of :mod:`.frontmatter_yaml`, TOML through the standard
library's ``tomllib``, JSON through ``json``. This module chooses the handler for a
block and holds the two small ones; each refuses, before parsing, what
:mod:`.frontmatter_limits` says no parser may be given.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import frontmatter
from frontmatter.default_handlers import BaseHandler

from tui_reader.data.frontmatter_limits import (
    MAX_NESTING,
    FrontMatterError,
    bracket_depth,
    may_nest_deeper,
    require_mapping,
)
from tui_reader.data.frontmatter_split import Split
from tui_reader.data.frontmatter_yaml import SafeYAMLHandler
from tui_reader.data.model import FrontMatterFormat
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


_HANDLERS: dict[FrontMatterFormat, BaseHandler] = {
    "yaml": SafeYAMLHandler(),
    "toml": TOMLHandler(),
    "json": JSONHandler(),
}

_summary_handlers: dict[frozenset[str], SafeYAMLHandler] = {}


def _summary_handler(keys: frozenset[str]) -> SafeYAMLHandler:
    handler = _summary_handlers.get(keys)
    if handler is None:
        handler = _summary_handlers[keys] = SafeYAMLHandler(keys)
    return handler


def parse_front_matter(split: Split, summary_keys: frozenset[str] | None = None) -> dict[str, Any]:
    """Parse the block :func:`.frontmatter_split.split_document` found into a mapping of str keys.

    ``summary_keys``: build only these keys (see :class:`.frontmatter_yaml.SafeYAMLHandler`); other
    formats are small and rare, and are parsed whole.
    """
    if split.format == "none":
        return {}
    block = split.front_matter
    handler = _HANDLERS[split.format]
    if split.format == "yaml" and summary_keys is not None:
        handler = _summary_handler(summary_keys)
    if split.format == "yaml" and split.closed:
        return dict(handler.load(split.between_delimiters()))
    # ``frontmatter.parse`` returns (metadata, content) and never builds a Post, so
    # keys such as ``content`` or ``handler`` cannot collide with its arguments.
    if split.format == "yaml" and not block.rstrip().endswith("---"):
        # python-frontmatter only knows ``---`` as the closing line of YAML.
        block = block.rstrip()[:-3] + "---"
    metadata, _ = frontmatter.parse(block, handler=handler)
    return dict(metadata)
