"""Split a file into front matter and body, and parse the front matter safely.

Parsing goes through python-frontmatter's handler API with our own handlers: YAML
only through a safe loader (the libyaml C loader when present), TOML through the
standard library's ``tomllib``, JSON through ``json``. Hostile documents are stopped
before they reach a parser that could be hurt by them: the libyaml C loader dies with
SIGSEGV on deep nesting, and aliases allow exponential expansion ("billion laughs").
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler

from tui_reader.data.dialects import KNOWN_KEYS
from tui_reader.data.model import FrontMatterFormat
from tui_reader.data.sanitize import strip_unprintable

try:  # The C loader is about ten times faster; fall back when libyaml is missing.
    from yaml import CSafeLoader as _BaseSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseSafeLoader  # type: ignore[assignment]

MAX_NESTING = 64
"""Deepest nesting of collections accepted in front matter (real files use < 10)."""
RELATED_URL_KEYS = frozenset({"webUrl", "originalUrl", "url", "link"})
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class FrontMatterError(ValueError):
    """The front matter cannot be used; the message says why, for the user."""


class _FeedYAMLLoader(_BaseSafeLoader):
    """A safe YAML loader whose malformed scalars stay strings.

    PyYAML turns ``2021-13-45`` into a ValueError for the whole document, and an
    explicit tag that does not fit its value (``!!timestamp nope``, ``!!bool maybe``,
    ``!!int 0x``) into an AttributeError, KeyError or ValueError: a garbage value must
    only make that value unknown, never cost the file or crash a caller.
    """


_SCALAR_TAGS = ("bool", "int", "float", "timestamp")
# What PyYAML's scalar constructors raise on a value that does not fit its tag.
_CONSTRUCTION_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


def _lenient(
    construct: Callable[[yaml.SafeLoader, yaml.ScalarNode], Any],
) -> Callable[[yaml.SafeLoader, yaml.ScalarNode], Any]:
    def construct_or_keep_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except _CONSTRUCTION_ERRORS:
            return loader.construct_scalar(node)

    return construct_or_keep_text


for _tag in _SCALAR_TAGS:
    _name = f"tag:yaml.org,2002:{_tag}"
    _FeedYAMLLoader.add_constructor(_name, _lenient(yaml.SafeLoader.yaml_constructors[_name]))


def _fast_resolver() -> Callable[..., str]:
    """PyYAML's ``BaseResolver.resolve`` for a loader without path resolvers, cheaper.

    The composer calls it for every node (the C parser too, in Python): it rebuilt a
    list of candidate patterns per scalar and walked the (empty) path resolvers, ~15 %
    of a parse. Same patterns, same order, same answers.
    """
    assert not _FeedYAMLLoader.yaml_path_resolvers  # else resolve() must consult them
    implicit = _FeedYAMLLoader.yaml_implicit_resolvers
    anywhere = tuple(implicit.get(None, ()))
    by_first = {
        first: (*patterns, *anywhere) for first, patterns in implicit.items() if first is not None
    }
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    scalar_tag = _FeedYAMLLoader.DEFAULT_SCALAR_TAG
    sequence_tag = _FeedYAMLLoader.DEFAULT_SEQUENCE_TAG
    mapping_tag = _FeedYAMLLoader.DEFAULT_MAPPING_TAG

    def resolve(_loader: object, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is scalar:
            if implicit[0]:
                for tag, pattern in by_first.get(value[:1], anywhere):
                    if pattern.match(value):
                        return str(tag)
            return scalar_tag
        return sequence_tag if kind is sequence else mapping_tag

    return resolve


def _no_path_resolvers(*_args: object) -> None:
    """``descend_resolver``/``ascend_resolver``: nothing to track without path resolvers."""


_FeedYAMLLoader.resolve = _fast_resolver()  # type: ignore[method-assign]
_FeedYAMLLoader.descend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]
_FeedYAMLLoader.ascend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]


# Where an alias (``*name``) can start a node. A ``*`` inside a word or URL cannot.
_ALIAS_CANDIDATE = re.compile(r"(?:^|[\s\[{,:])\*[^\s,\]}]", re.MULTILINE)


def _may_nest_deeper(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether a cheap upper bound of the nesting depth exceeds ``limit``.

    Each level needs a deeper indentation, a compact ``- ``/``? `` indicator, or a flow
    bracket, so the bound is the deepest indentation plus the count of those, plus one.
    Files under it skip the event pre-check, ~10 % of a parse. The deepest indentation
    is not measured: only whether some line is indented by what would be too much.
    """
    others = text.count("[") + text.count("{") + text.count("- ") + text.count("? ") + 1
    indent_allowed = limit - others
    return indent_allowed < 0 or "\n" + " " * (indent_allowed + 1) in text


def _check_yaml_events(text: str) -> None:
    """Walk the event stream (iterative, no recursion) and refuse what could hurt."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError("YAML aliases (*name) are not accepted")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise FrontMatterError(f"front matter nests deeper than {MAX_NESTING} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        raise FrontMatterError(f"malformed YAML: {_yaml_problem(error)}") from None


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)


def _bracket_depth(text: str) -> int:
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


def _require_mapping(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter is a {type(data).__name__}, not a mapping of keys to values"
        )
    # Keys may be numbers, dates or None in YAML; they are names here.
    return {str(key): value for key, value in data.items()}


class SafeYAMLHandler(BaseHandler):
    """YAML between ``---`` lines, loaded safely with the guards above.

    With ``summary_keys``, only those top-level keys are built into Python values, plus
    the URLs of ``related`` entries and whether ``secured`` is there: a scan of 100k
    files needs no excerpts, images or blobs, and building them is most of a parse.
    Other top-level keys are there too (their names tell the dialect, see
    :mod:`.dialects`): a string with its text, anything else as None.
    """

    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"

    def __init__(self, summary_keys: frozenset[str] | None = None) -> None:
        super().__init__()
        self.summary_keys = summary_keys

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        fm = strip_unprintable(fm)
        # ``*`` first: a plain substring test, where the pattern costs ~15 % of a parse.
        if _may_nest_deeper(fm) or ("*" in fm and _ALIAS_CANDIDATE.search(fm)):
            _check_yaml_events(fm)
        try:
            if self.summary_keys is not None:
                return self._load_summary(fm, self.summary_keys)
            data = yaml.load(fm, Loader=_FeedYAMLLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            raise FrontMatterError(f"malformed YAML: {_yaml_problem(error)}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None
        except (TypeError, ValueError) as error:
            raise FrontMatterError(f"unusable YAML: {error}") from None
        return _require_mapping(data)

    @staticmethod
    def _load_summary(fm: str, keys: frozenset[str]) -> dict[str, Any]:
        loader = _FeedYAMLLoader(fm)
        try:
            root = loader.get_single_node()
            if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL_TAG):
                return {}
            if not isinstance(root, yaml.MappingNode):
                kind = "list" if isinstance(root, yaml.SequenceNode) else "str"
                raise FrontMatterError(f"front matter is a {kind}, not a mapping of keys to values")
            loader.flatten_mapping(root)
            meta: dict[str, Any] = {}
            for key_node, value_node in root.value:
                key_value = _construct(loader, key_node)
                if isinstance(key_value, list | dict):
                    # As the full loader does: a collection cannot be a key.
                    raise FrontMatterError("malformed YAML: a key is a list or a mapping")
                key = str(key_value)
                if key == "related":
                    meta[key] = _related_urls(value_node)
                elif key == "secured":
                    is_null = (
                        isinstance(value_node, yaml.ScalarNode) and value_node.tag == _NULL_TAG
                    )
                    meta[key] = None if is_null else True
                elif key in keys:
                    meta[key] = _construct(loader, value_node)
                elif isinstance(value_node, yaml.ScalarNode) and value_node.tag == _STR_TAG:
                    # Not built, only kept as written: the key tells the dialect, and a
                    # site's own title key (``newstitle``) can be a title.
                    meta[key] = value_node.value
                else:
                    meta[key] = None
            return meta
        finally:
            loader.dispose()


def _construct(loader: _FeedYAMLLoader, node: yaml.Node) -> Any:
    """``loader.construct_object(node, deep=True)``, cheaper for the commonest nodes.

    A string is its node's text and a list of strings the list of their texts, exactly
    what PyYAML's constructors make of them (and most of what a summary builds).
    """
    kind = type(node)
    if kind is yaml.ScalarNode and node.tag == _STR_TAG:
        return node.value
    if kind is yaml.SequenceNode and node.tag == _SEQ_TAG:
        items = node.value
        if all(type(item) is yaml.ScalarNode and item.tag == _STR_TAG for item in items):
            return [item.value for item in items]
    return loader.construct_object(node, deep=True)


def _related_urls(node: yaml.Node) -> list[Any]:
    """Only the URL fields of ``related`` entries, read from the nodes without building them."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found: list[Any] = []
    for item in items:
        if isinstance(item, yaml.ScalarNode) and item.tag == _STR_TAG:
            found.append(item.value)
        elif isinstance(item, yaml.MappingNode):
            found.append(
                {
                    key.value: value.value
                    for key, value in item.value
                    if isinstance(key, yaml.ScalarNode)
                    and key.value in RELATED_URL_KEYS
                    and isinstance(value, yaml.ScalarNode)
                }
            )
    return found


class TOMLHandler(BaseHandler):
    """TOML between ``+++`` lines (Hugo, Zola), parsed by the standard library."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        if _may_nest_deeper(fm) and _bracket_depth(fm) > MAX_NESTING:
            raise FrontMatterError(f"front matter nests deeper than {MAX_NESTING} levels")
        try:
            return _require_mapping(tomllib.loads(strip_unprintable(fm)))
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
        if _may_nest_deeper(fm) and _bracket_depth(fm) > MAX_NESTING:
            raise FrontMatterError(f"front matter nests deeper than {MAX_NESTING} levels")
        try:
            # strict=False: a raw control character in a string is removed later by
            # sanitising, instead of costing the whole file.
            return _require_mapping(json.loads(fm, strict=False))
        except json.JSONDecodeError as error:
            raise FrontMatterError(f"malformed JSON: {error}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None


_HANDLERS: dict[FrontMatterFormat, BaseHandler] = {
    "yaml": SafeYAMLHandler(),
    "toml": TOMLHandler(),
    "json": JSONHandler(),
}
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


_summary_handlers: dict[frozenset[str], SafeYAMLHandler] = {}


def _summary_handler(keys: frozenset[str]) -> SafeYAMLHandler:
    handler = _summary_handlers.get(keys)
    if handler is None:
        handler = _summary_handlers[keys] = SafeYAMLHandler(keys)
    return handler


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


def parse_front_matter(split: Split, summary_keys: frozenset[str] | None = None) -> dict[str, Any]:
    """Parse the block found by :func:`split_document` into a mapping of str keys.

    ``summary_keys``: build only these keys (see :class:`SafeYAMLHandler`); other
    formats are small and rare, and are parsed whole.
    """
    if split.format == "none":
        return {}
    block = split.front_matter
    handler = _HANDLERS[split.format]
    if split.format == "yaml" and summary_keys is not None:
        handler = _summary_handler(summary_keys)
    if split.format == "yaml" and split.closed:
        # The text between the opening and the closing line, as ``frontmatter.parse``
        # would split it off (from the opening line's end, so that line numbers in
        # messages count from the file's first line), without searching for both lines
        # again: ``split_document`` found them.
        opening = _OPENING.match(block)
        assert opening is not None  # split_document found it
        closing_start = block.rfind("\n", 0, len(block) - block.endswith("\n")) + 1
        return dict(handler.load("\n" + block[opening.end() : closing_start]))
    # ``frontmatter.parse`` returns (metadata, content) and never builds a Post, so
    # keys such as ``content`` or ``handler`` cannot collide with its arguments.
    if split.format == "yaml" and not block.rstrip().endswith("---"):
        # python-frontmatter only knows ``---`` as the closing line of YAML.
        block = block.rstrip()[:-3] + "---"
    metadata, _ = frontmatter.parse(block, handler=handler)
    return dict(metadata)
