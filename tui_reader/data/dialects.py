"""Front-matter dialects: which keys each tool writes for each field, as one table.

A feed folder may be written by a scraper (the seed schema), Hugo, Jekyll, Zola,
Eleventy or a note tool. Each writes the same facts under its own keys: Zola puts
authors in ``authors = [...]`` and tags under ``[taxonomies]``, Hugo says ``draft``,
Jekyll ``published``. :data:`DIALECTS` lists, per tool, the keys of every field in
priority order (dotted for nested tables: ``extra.published``), the keys that give the
tool away, and where the publish state lives.

:func:`detect` picks the dialect of one file from its front-matter format and its
top-level keys only. The loader and the write-back (:mod:`tui_reader.data.writeback`)
both call it on the same parsed front matter, so they agree on where the publish state
is read from and written to. ``docs/formats.md`` documents the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui_reader.data import coerce
from tui_reader.data.key_paths import KeyPath, first_at, found_at, has_key, value_of, values_at
from tui_reader.data.model import FrontMatterFormat

MarkerKind = Literal["any", "bool", "date", "words", "links"]


@dataclass(frozen=True, slots=True)
class Marker:
    """A top-level key that gives a dialect away, optionally only with a kind of value.

    ``bool``: a yes/no value; ``date``: a date (Hugo reads ``published`` as a date);
    ``words``: a string of several words (Jekyll's ``tags: a b``); ``links``: a note
    tool's ``[[wiki link]]`` (in a string or a list). The key ``*`` is any key.
    """

    key: str
    kind: MarkerKind = "any"

    def found_in(self, meta: Mapping[str, Any]) -> bool:
        if self.key == "*":
            # Lists only of the keys a scan builds (it leaves other lists unbuilt, and
            # reads only URLs of ``related``), so that a scan and a full parse of one
            # file always agree on its dialect.
            return any(
                self._matches(value)
                for key, value in meta.items()
                if (isinstance(value, str) or key in FIELD_KEYS) and key not in _SCAN_SHAPED
            )
        return self.key in meta and self._matches(meta[self.key])

    def _matches(self, value: Any) -> bool:
        if self.kind == "bool":
            return coerce.boolean(value) is not None
        if self.kind == "date":
            return _is_date(value)
        if self.kind == "words":
            return isinstance(value, str) and len(value.split()) > 1
        if self.kind == "links":
            if isinstance(value, str):
                return "[[" in value
            return isinstance(value, list) and any(
                isinstance(item, str) and "[[" in item for item in value
            )
        return True


@dataclass(frozen=True, slots=True)
class StateKey:
    """Where a dialect keeps the publish state.

    ``means_published`` is False for a ``draft`` key: ``draft: true`` is unpublished.
    """

    path: KeyPath
    means_published: bool = True

    @property
    def name(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Dialect:
    """The keys one tool writes, field by field, in priority order."""

    name: str
    markers: tuple[Marker, ...]
    prefers: frozenset[FrontMatterFormat]
    """Formats this tool writes by default: a tie-breaker for files with few markers."""
    titles: tuple[KeyPath, ...]
    dates: tuple[KeyPath, ...]
    dated_paths: tuple[KeyPath, ...]
    """Keys whose value may hold the date as a ``YYYY/MM/DD`` segment (Zola ``path``)."""
    authors: tuple[KeyPath, ...]
    topics: tuple[KeyPath, ...]
    """Every one of these adds topics (tags and categories alike)."""
    categories: tuple[KeyPath, ...]
    """The category: the first value of the first of these that is present."""
    excerpts: tuple[KeyPath, ...]
    urls: tuple[KeyPath, ...]
    word_list_keys: frozenset[str]
    """Topic keys whose string value is a list of words (Jekyll: ``tags: a b``)."""
    title_from_file_name: bool
    """A note tool's title is its file name, not the body's first heading."""
    state_keys: tuple[StateKey, ...]
    """Where the publish state is read: the first of these present wins."""
    state_insert: StateKey
    """Where publishing writes the state when none of ``state_keys`` is present."""

    def score(
        self, fmt: FrontMatterFormat, meta: Mapping[str, Any], present: frozenset[str]
    ) -> float:
        """How many of this dialect's markers ``meta`` has (a half more in its format).

        ``present``: the marker keys of any dialect found in ``meta``, computed once.
        """
        plain, typed = _MARKERS[self.name]
        found = len(plain & present) if present else 0
        for marker in typed:
            if marker.key == "*" or marker.key in present:
                found += marker.found_in(meta)
        return found + 0.5 if fmt in self.prefers else float(found)


def _paths(spec: str) -> tuple[KeyPath, ...]:
    return tuple(tuple(word.split(".")) for word in spec.split())


def _markers(spec: str) -> tuple[Marker, ...]:
    found = []
    for word in spec.split():
        key, _, kind = word.partition(":")
        found.append(Marker(key, kind or "any"))  # type: ignore[arg-type]
    return tuple(found)


def _state(spec: str) -> tuple[StateKey, ...]:
    """``draft`` means "not published"; every other key means "published"."""
    return tuple(StateKey(path, path[-1] != "draft") for path in _paths(spec))


# Every dialect also tolerates the keys any tool might have written (after its own).
_COMMON = {
    "titles": "title",
    "dates": "publishedDateTime publishedAt published_at date pubDate publishDate created",
    "dated_paths": "path slug",
    "authors": "author authors",
    "topics": "topics tags categories",
    "categories": "category categories",
    "excerpts": "excerpt description summary",
    "urls": "originalUrl url link",
}


def _dialect(
    name: str,
    *,
    markers: str,
    prefers: str = "",
    titles: str = "",
    dates: str = "",
    dated_paths: str = "",
    authors: str = "",
    topics: str = "",
    categories: str = "",
    excerpts: str = "",
    urls: str = "",
    word_list_keys: str = "",
    title_from_file_name: bool = False,
    state: str,
    insert: str,
) -> Dialect:
    def field(name: str, spec: str) -> tuple[KeyPath, ...]:
        return tuple(dict.fromkeys(_paths(spec) + _paths(_COMMON[name])))

    return Dialect(
        name=name,
        markers=_markers(markers),
        prefers=frozenset(prefers.split()),  # type: ignore[arg-type]
        titles=field("titles", titles),
        dates=field("dates", dates),
        dated_paths=field("dated_paths", dated_paths),
        authors=field("authors", authors),
        topics=field("topics", topics),
        categories=field("categories", categories),
        excerpts=field("excerpts", excerpts),
        urls=field("urls", urls),
        word_list_keys=frozenset(word_list_keys.split()),
        title_from_file_name=title_from_file_name,
        state_keys=_state(state),
        state_insert=_state(insert)[0],
    )


SEED = _dialect(
    "seed",
    # Keys only the seed schema (a scraper's export) writes.
    markers="publishedDateTime originalUrl webUrl provider secured heat quality published:bool",
    state="published draft",
    insert="published",
)
HUGO = _dialect(
    "hugo",
    markers="draft lastmod publishDate publishdate pubdate expiryDate expirydate unpublishdate "
    "params keywords linkTitle linktitle series menu menus cascade build headless outputs "
    "resources translationKey markup isCJKLanguage weight aliases published:date",
    titles="title linkTitle",
    dates="date publishDate publishdate pubdate published lastmod modified",
    authors="author authors params.author params.authors",
    topics="tags categories keywords series",
    excerpts="summary description",
    # ``published`` is Hugo's alias of publishDate (a date): never write it into a Hugo
    # page. ``draft`` is Hugo's own publish switch.
    state="draft",
    insert="draft",
)
ZOLA = _dialect(
    "zola",
    # Only keys no other tool uses (Zola's ``updated``, ``draft``, ``weight`` are common
    # words); TOML, Zola's format, tips a tie.
    markers="taxonomies extra path in_search_index template sort_by paginate_by "
    "paginate_path paginate_reversed transparent insert_anchor_links page_template "
    "generate_feeds redirect_to",
    prefers="toml",
    dates="date updated",
    authors="authors extra.author extra.authors taxonomies.authors",
    topics="taxonomies.tags taxonomies.categories taxonomies.*",
    categories="taxonomies.categories",
    excerpts="description extra.summary",
    # Zola refuses unknown top-level keys in sections (and ignores them in pages):
    # our own value lives under [extra], which Zola keeps for templates.
    state="draft extra.published",
    insert="extra.published",
)
JEKYLL = _dialect(
    "jekyll",
    markers="permalink excerpt_separator redirect_from render_with_liquid tags:words "
    "categories:words published:bool",
    dates="date",
    word_list_keys="tags categories",
    # ``published: false`` is Jekyll's own switch.
    state="published draft",
    insert="published",
)
ELEVENTY = _dialect(
    "eleventy",
    markers="eleventyNavigation eleventyExcludeFromCollections eleventyComputed "
    "eleventyImport eleventyDataSchema pagination permalink draft",
    # Eleventy sites name their own title keys (``newstitle``, ``pageTitle``): any
    # top-level key ending in "title" (not "subtitle") comes before navigation labels.
    titles="title *title eleventyNavigation.title eleventyNavigation.key",
    dates="date",
    # Eleventy has no publish key of its own; ``draft`` is its documented convention.
    state="draft published",
    insert="draft",
)
OBSIDIAN = _dialect(
    "obsidian",
    markers="cssclasses cssclass publish:bool *:links",
    dates="date published created modified updated",  # a web clipping's published: <date>
    topics="tags tag",
    word_list_keys="tags tag",
    title_from_file_name=True,
    # ``publish`` is Obsidian Publish's key; it is edited when present, never added.
    state="publish published draft",
    insert="draft",
)
PLAIN = _dialect(
    "plain",
    markers="",
    # No tool known: ``draft`` is a key every tool above accepts or ignores, where
    # ``published`` would break a Hugo page (Hugo reads it as a date).
    state="published draft",
    insert="draft",
)

DIALECTS: tuple[Dialect, ...] = (SEED, OBSIDIAN, HUGO, ZOLA, JEKYLL, ELEVENTY)
# Per dialect, markers that need only the key (one set intersection per file), and
# the few that look at the value.
_MARKERS = {
    d.name: (
        frozenset(m.key for m in d.markers if m.kind == "any"),
        tuple(m for m in d.markers if m.kind != "any"),
    )
    for d in (*DIALECTS, PLAIN)
}
_MARKER_KEYS = frozenset(m.key for d in DIALECTS for m in d.markers if m.key != "*")
_WIKI_LINK_MARKER = Marker("*", "links")
_SCAN_SHAPED = frozenset({"related", "secured"})
"""Keys a scan reads in a shape of its own (see ``SafeYAMLHandler``)."""
assert all(m == _WIKI_LINK_MARKER for d in DIALECTS for m in d.markers if m.key == "*")
_BY_FORMAT = {fmt: d for d in reversed(DIALECTS) for fmt in d.prefers}
"""A file with no marker: the dialect whose default format it is written in."""


def detect(fmt: FrontMatterFormat, meta: Mapping[str, Any]) -> Dialect:
    """The dialect of a file: the one with most of its markers among the top-level keys.

    Cheap: a few set lookups per file. A file with no marker is :data:`PLAIN`, except
    TOML front matter, which is Zola's default format (Hugo's TOML is found by its own
    keys; and Zola's way of writing the publish state is valid for Hugo as well).
    """
    present = _MARKER_KEYS.intersection(meta)
    if not present and not _WIKI_LINK_MARKER.found_in(meta):
        # Most files of a big feed (a scraper's, or a site's plain posts): no marker.
        return _BY_FORMAT.get(fmt, PLAIN)
    best, best_score = PLAIN, 0.0
    for dialect in DIALECTS:
        score = dialect.score(fmt, meta, present)
        if score > best_score:
            best, best_score = dialect, score
    return best


def state_key(dialect: Dialect, meta: Mapping[str, Any]) -> tuple[StateKey, bool]:
    """Where this file's publish state is, and whether it is there already.

    A key holding a date is not a publish state: Hugo and web clippers write
    ``published: 2023-09-12`` for when it was published.
    """
    for key in dialect.state_keys:
        if has_key(meta, key.path) and not _is_date(value_of(meta, key.path)):
            return key, True
    return dialect.state_insert, False


def _is_date(value: Any) -> bool:
    return not isinstance(value, bool | int | float) and coerce.timestamp(value) is not None


def publish_state(dialect: Dialect, meta: Mapping[str, Any]) -> bool | None:
    """Published (True), not (False) or undecided (None), where the dialect keeps it."""
    key, present = state_key(dialect, meta)
    if not present:
        return None
    state = coerce.boolean(value_of(meta, key.path))
    if state is None or key.means_published:
        return state
    return not state


def _all_paths(*, dated_paths: bool = True, excerpts: bool = True) -> Iterator[KeyPath]:
    for dialect in (*DIALECTS, PLAIN):
        if dated_paths:
            yield from dialect.dated_paths
        if excerpts:
            yield from dialect.excerpts
        for paths in (
            dialect.titles,
            dialect.dates,
            dialect.authors,
            dialect.topics,
            dialect.categories,
            dialect.urls,
        ):
            yield from paths
        for key in dialect.state_keys:
            yield key.path


FIELD_KEYS = frozenset(
    path[0] for path in _all_paths(excerpts=False) if not path[0].startswith("*")
)
"""Top-level keys the list needs (their values are built on a scan; excerpts wait for
the article to be opened)."""
CONSUMED_KEYS = frozenset(path[0] for path in _all_paths(dated_paths=False) if len(path) == 1)
"""Top-level keys read into fields; the others (``path``, ``slug``...) stay extra metadata."""
KNOWN_KEYS = (
    FIELD_KEYS
    | CONSUMED_KEYS
    | frozenset(m.key for d in DIALECTS for m in d.markers if m.key != "*")
)
"""Every top-level key some dialect knows: a line ``title: x`` names front matter."""


__all__ = [
    "CONSUMED_KEYS",
    "DIALECTS",
    "FIELD_KEYS",
    "KNOWN_KEYS",
    "PLAIN",
    "Dialect",
    "KeyPath",
    "Marker",
    "StateKey",
    "detect",
    "first_at",
    "found_at",
    "has_key",
    "publish_state",
    "state_key",
    "value_of",
    "values_at",
]
