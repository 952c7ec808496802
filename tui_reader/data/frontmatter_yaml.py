"""Front matter in YAML, parsed safely and, for a scan, only as far as a scan needs.

YAML is most of what feeds hold and all of what can hurt a parser: the libyaml C
loader dies with SIGSEGV on deep nesting, aliases allow exponential expansion
("billion laughs"), and PyYAML's constructors raise on a value that does not fit its
tag. This module holds the loader that keeps such values as text, the guards that
stop a hostile document before it reaches the loader, and the summary mode that
builds only the keys the article list needs. TOML and JSON, small and rare, are
:mod:`.frontmatter_toml_json`'s; the choice of parser for a block :mod:`.frontmatter_parsing`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler

from tui_reader.data.frontmatter_limits import (
    MAX_NESTING,
    FrontMatterError,
    may_nest_deeper,
    require_mapping,
)
from tui_reader.data.sanitize import strip_unprintable

try:  # The C loader is about ten times faster; fall back when libyaml is missing.
    from yaml import CSafeLoader as _BaseSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseSafeLoader  # type: ignore[assignment]

RELATED_URL_KEYS = frozenset({"webUrl", "originalUrl", "url", "link"})
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class FeedYAMLLoader(_BaseSafeLoader):
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
    FeedYAMLLoader.add_constructor(_name, _lenient(yaml.SafeLoader.yaml_constructors[_name]))


def _fast_resolver() -> Callable[..., str]:
    """PyYAML's ``BaseResolver.resolve`` for a loader without path resolvers, cheaper.

    The composer calls it for every node (the C parser too, in Python): it rebuilt a
    list of candidate patterns per scalar and walked the (empty) path resolvers, ~15 %
    of a parse. Same patterns, same order, same answers.
    """
    assert not FeedYAMLLoader.yaml_path_resolvers  # else resolve() must consult them
    implicit = FeedYAMLLoader.yaml_implicit_resolvers
    anywhere = tuple(implicit.get(None, ()))
    by_first = {
        first: (*patterns, *anywhere) for first, patterns in implicit.items() if first is not None
    }
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    scalar_tag = FeedYAMLLoader.DEFAULT_SCALAR_TAG
    sequence_tag = FeedYAMLLoader.DEFAULT_SEQUENCE_TAG
    mapping_tag = FeedYAMLLoader.DEFAULT_MAPPING_TAG

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


FeedYAMLLoader.resolve = _fast_resolver()  # type: ignore[method-assign]
FeedYAMLLoader.descend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]
FeedYAMLLoader.ascend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]


# Where an alias (``*name``) can start a node. A ``*`` inside a word or URL cannot.
_ALIAS_CANDIDATE = re.compile(r"(?:^|[\s\[{,:])\*[^\s,\]}]", re.MULTILINE)


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
        if may_nest_deeper(fm) or ("*" in fm and _ALIAS_CANDIDATE.search(fm)):
            _check_yaml_events(fm)
        try:
            if self.summary_keys is not None:
                return self._load_summary(fm, self.summary_keys)
            data = yaml.load(fm, Loader=FeedYAMLLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            raise FrontMatterError(f"malformed YAML: {_yaml_problem(error)}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None
        except (TypeError, ValueError) as error:
            raise FrontMatterError(f"unusable YAML: {error}") from None
        return require_mapping(data)

    @staticmethod
    def _load_summary(fm: str, keys: frozenset[str]) -> dict[str, Any]:
        loader = FeedYAMLLoader(fm)
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


def _construct(loader: FeedYAMLLoader, node: yaml.Node) -> Any:
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
