"""Values of a parsed front matter by key path: plain keys, nested tables, wildcards."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

KeyPath = tuple[str, ...]
"""A key and, for nested tables, the keys below it: ``("extra", "published")``.
``*`` stands for every key of a mapping (``taxonomies.*``: every Zola taxonomy);
``*title`` for every key ending in "title", in any case, except "subtitle"."""


def values_at(meta: Mapping[str, Any], path: KeyPath) -> tuple[Any, ...]:
    """The values found at ``path`` (several for a ``*``), skipping null and ''."""
    head = path[0]
    if len(path) == 1 and not head.startswith("*"):
        # Nearly every lookup: one plain key, as cheap as a dict lookup.
        value = meta.get(head)
        return () if value is None or value == "" else (value,)
    if head == "*":
        found: list[Any] = list(meta.values())
    elif head.startswith("*"):
        suffix = head[1:]
        found = [
            value
            for key, value in meta.items()
            if key.lower().endswith(suffix) and not key.lower().endswith("sub" + suffix)
        ]
    elif head in meta:
        found = [meta[head]]
    else:
        return ()
    rest = path[1:]
    if not rest:
        return tuple(value for value in found if value is not None and value != "")
    return tuple(
        inner for value in found if isinstance(value, Mapping) for inner in values_at(value, rest)
    )


def found_at(meta: Mapping[str, Any], paths: tuple[KeyPath, ...]) -> Iterator[tuple[KeyPath, Any]]:
    """``(path, value)`` for every value at any of ``paths``, in order (null and '' skipped).

    One generator for a whole field: most keys of a dialect are absent from a file, and
    an absent plain key costs one dict lookup here.
    """
    for path in paths:
        head = path[0]
        if len(path) == 1 and head[0] != "*":
            value = meta.get(head)
            if value is not None and value != "":
                yield path, value
        elif head in meta or head[0] == "*":
            for value in values_at(meta, path):
                yield path, value


def first_at(meta: Mapping[str, Any], paths: tuple[KeyPath, ...]) -> Any:
    """The first value found at any of ``paths``, in order; None when there is none."""
    for _path, value in found_at(meta, paths):
        return value
    return None


_ABSENT = object()
"""What :func:`_walk` finds where there is no key (a value may be None)."""


def _walk(meta: Mapping[str, Any], path: KeyPath) -> Any:
    node: Any = meta
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return _ABSENT
        node = node[key]
    return node


def has_key(meta: Mapping[str, Any], path: KeyPath) -> bool:
    """Whether the key at ``path`` exists (whatever its value, even null)."""
    return _walk(meta, path) is not _ABSENT


def value_of(meta: Mapping[str, Any], path: KeyPath) -> Any:
    """The value at ``path`` (None when absent)."""
    value = _walk(meta, path)
    return None if value is _ABSENT else value
