"""Parse a front-matter block found by :func:`.frontmatter_split.split_document`.

Parsing goes through python-frontmatter's handler API with our own handlers: YAML only
through the safe loader of :mod:`.frontmatter_yaml`, TOML and JSON through the standard
library (:mod:`.frontmatter_toml_json`). This module chooses the handler for a block,
and imports the handlers (and with them PyYAML and python-frontmatter) when the first
block is parsed: a warm start, every file from the metadata cache, parses none, and
those imports were ~10 ms of its start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui_reader.data.frontmatter_split import Split
from tui_reader.data.model import FrontMatterFormat

if TYPE_CHECKING:
    from frontmatter.default_handlers import BaseHandler

_handlers: dict[tuple[FrontMatterFormat, frozenset[str] | None], BaseHandler] = {}
"""The handler of each format, and of YAML summaries by their keys, made on first use."""


def _handler(fmt: FrontMatterFormat, summary_keys: frozenset[str] | None) -> BaseHandler:
    key = (fmt, summary_keys if fmt == "yaml" else None)
    handler = _handlers.get(key)
    if handler is None:
        from tui_reader.data.frontmatter_toml_json import JSONHandler, TOMLHandler
        from tui_reader.data.frontmatter_yaml import SafeYAMLHandler

        if fmt == "yaml":
            handler = SafeYAMLHandler(summary_keys)
        else:
            handler = TOMLHandler() if fmt == "toml" else JSONHandler()
        _handlers[key] = handler
    return handler


def parse_front_matter(split: Split, summary_keys: frozenset[str] | None = None) -> dict[str, Any]:
    """Parse the block :func:`.frontmatter_split.split_document` found into a mapping of str keys.

    ``summary_keys``: build only these keys (see :class:`.frontmatter_yaml.SafeYAMLHandler`);
    other formats are small and rare, and are parsed whole.
    """
    if split.format == "none":
        return {}
    handler = _handler(split.format, summary_keys)
    if split.format == "yaml" and split.closed:
        return dict(handler.load(split.between_delimiters()))
    import frontmatter  # already imported with the handler

    # ``frontmatter.parse`` returns (metadata, content) and never builds a Post, so
    # keys such as ``content`` or ``handler`` cannot collide with its arguments.
    block = split.front_matter
    if split.format == "yaml" and not block.rstrip().endswith("---"):
        # python-frontmatter only knows ``---`` as the closing line of YAML.
        block = block.rstrip()[:-3] + "---"
    metadata, _ = frontmatter.parse(block, handler=handler)
    return dict(metadata)
