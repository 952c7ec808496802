"""Build model records from parsed front matter: field aliases, fallbacks, titles."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePath
from typing import Any

from tui_reader.data import coerce, dialects
from tui_reader.data.dialects import Dialect
from tui_reader.data.model import (
    Article,
    ArticleDetail,
    FrontMatterFormat,
    Related,
    Secured,
)
from tui_reader.data.sanitize import (
    clean_block,
    clean_line,
    clean_value,
    display_name,
    text_for_storage,
)

# The seed schema's own aliases: ``related`` entries are a seed notion, read with these.
DATE_KEYS = ("publishedDateTime", "publishedAt", "published_at", "date", "pubDate")
URL_KEYS = ("url", "link")
EXCERPT_KEYS = ("excerpt", "description", "summary")
KNOWN_KEYS = dialects.CONSUMED_KEYS | {
    "provider", "type", "quality", "heat", "webUrl", "images", "related", "secured",
}  # fmt: skip
"""Top-level keys read into the model; every other key is kept as extra metadata."""

SUMMARY_KEYS = dialects.FIELD_KEYS | {"provider", "type", "quality", "heat", "webUrl"}
"""What :func:`build_article` reads (besides ``related`` URLs and ``secured`` presence)."""

# Only the opening of an ATX heading is matched; its closing "#"s are cut with
# rstrip. (A lazy group before "[ \t#]*$" backtracks quadratically on "# a # # # …".)
_HEADING_OPENING = re.compile(r" {0,3}#{1,6}[ \t]+")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_CREDIT = re.compile(
    r"shutterstock|getty|reuters|\(licensed\)|photo:|image:|credit:|©|\bvia\b",
    re.IGNORECASE,
)
_TITLE_SCAN_LINES = 40


def first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first key of ``keys`` present (and not null) in ``meta``."""
    for key in keys:
        value = meta.get(key)
        if value is not None and value != "":
            return value
    return None


def derive_title(body: str, file_name: str) -> str:
    """A title for an article whose front matter has none.

    The first Markdown heading; else the headline line (the first line near the top
    that reads like a headline, skipping image captions and photo credits, as
    scraped pages put them above the headline); else the file name.
    """
    lines = body.split("\n", _TITLE_SCAN_LINES * 3)[: _TITLE_SCAN_LINES * 3]
    for index, line in enumerate(lines):
        heading = _HEADING_OPENING.match(line)
        if heading:
            text = clean_line(line[heading.end() :].rstrip(" \t#"))
            if text:
                return text
        if (
            index + 1 < len(lines)
            and line.strip()
            and _SETEXT.match(lines[index + 1])
            and not _SETEXT.match(line)
        ):
            return clean_line(line)
    candidates = [clean_line(line) for line in lines if line.strip()]
    for line in candidates[:_TITLE_SCAN_LINES]:
        if _is_headline(line):
            return line
    return _title_from_file_name(file_name)


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        4 <= len(words) <= 30
        and line[0].isupper()
        and not _CREDIT.search(line)
        and line[-1] not in ".:;,"
        and not line.startswith(("http://", "https://", "<", "!", "[", "|", ">"))
    )


def _title_from_file_name(file_name: str) -> str:
    stem = PurePath(file_name).stem
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)
    words = re.sub(r"[-_]+", " ", stem).strip()
    # A name's controls are made visible, not removed: two hostile names must not
    # look like one harmless title.
    return clean_line(display_name(words[:1].upper() + words[1:])) or display_name(file_name)


def build_article(
    meta: dict[str, Any],
    body_head: str,
    *,
    path: str,
    rel_path: str,
    front_matter: FrontMatterFormat,
    has_body: bool,
    size: int,
    mtime_ns: int,
) -> Article:
    """The slim in-memory record of one file, read in the terms of its dialect."""
    dialect = dialects.detect(front_matter, meta)
    file_name = PurePath(path).name
    original_url = _url(meta, dialect)
    web_url = coerce.text(meta.get("webUrl")) or original_url
    if not original_url:
        original_url = web_url
    title = coerce.text(dialects.first_at(meta, dialect.titles))
    if not title:
        title = (
            clean_line(PurePath(file_name).stem)  # a note's name is its title, as written
            if dialect.title_from_file_name
            else derive_title(body_head, file_name)
        )
    authors = coerce.names(dialects.first_at(meta, dialect.authors))
    related_urls = tuple(dict.fromkeys(filter(None, map(related_url, related_items(meta)))))
    return Article(
        key=original_url or web_url or text_for_storage(rel_path),
        path=path,
        rel_path=rel_path,
        title=title,
        provider=coerce.provider(meta.get("provider"), authors, original_url),
        authors=authors,
        published_at=_published_at(meta, dialect, file_name),
        category=_category(meta, dialect),
        type=coerce.label(meta.get("type")),
        original_url=original_url,
        web_url=web_url,
        quality=coerce.integer(meta.get("quality")),
        heat=coerce.integer(meta.get("heat")),
        published=dialects.publish_state(dialect, meta),
        topics=_topics(meta, dialect),
        related_urls=related_urls,
        has_body=has_body,
        has_secured=meta.get("secured") is not None,
        front_matter=front_matter,
        size=size,
        mtime_ns=mtime_ns,
    )


def _url(meta: dict[str, Any], dialect: Dialect) -> str:
    """The publisher's URL. A site generator's ``url`` is often a path on its own site
    (Hugo ``url: /about/``): only an absolute URL counts."""
    for path, value in dialects.found_at(meta, dialect.urls):
        url = coerce.text(value)
        if url and (path == ("originalUrl",) or "://" in url):
            return url
    return ""


def _published_at(meta: dict[str, Any], dialect: Dialect, file_name: str) -> datetime | None:
    """The first date field that holds a date, else a dated path or slug, else the file name."""
    for _path, value in dialects.found_at(meta, dialect.dates):
        moment = coerce.timestamp(value)
        if moment is not None:
            return moment
    for _path, value in dialects.found_at(meta, dialect.dated_paths):
        moment = coerce.date_from_path(value)
        if moment is not None:
            return moment
    return coerce.date_from_file_name(file_name)


def _topics(meta: dict[str, Any], dialect: Dialect) -> tuple[str, ...]:
    """Tags, categories and keywords together, in the dialect's order, each once."""
    found: list[str] = []
    for path, value in dialects.found_at(meta, dialect.topics):
        found.extend(coerce.labels(value, path[-1] in dialect.word_list_keys))
    return tuple(dict.fromkeys(found))


def _category(meta: dict[str, Any], dialect: Dialect) -> str:
    """``category``, else the first of several ``categories``."""
    for path, value in dialects.found_at(meta, dialect.categories):
        found = coerce.labels(value, path[-1] in dialect.word_list_keys)
        if found:
            return found[0]
    return ""


def related_items(meta: dict[str, Any]) -> list[Any]:
    """The entries of ``related`` as written: a list, one mapping, or URL strings."""
    return coerce.mappings(meta.get("related"))


def related_url(item: Any) -> str:
    """The URL one ``related`` entry names ('' for none or a bad entry): the ``url`` of
    the :class:`Related` that :func:`related_entries` makes of it, without making it
    (the list needs only the URLs; a scan of 100k files builds no entries)."""
    if isinstance(item, str):
        return coerce.text(item)
    if not isinstance(item, dict):
        return ""
    return coerce.text(item.get("webUrl")) or coerce.text(first(item, RELATED_ORIGINAL_KEYS))


RELATED_ORIGINAL_KEYS = ("originalUrl", *URL_KEYS)


def related_entries(value: Any) -> tuple[Related, ...]:
    """The ``related`` list: a list, one mapping, or URL strings; bad entries dropped."""
    entries = []
    for item in coerce.mappings(value):
        if isinstance(item, str):
            url = coerce.text(item)
            if url:
                entries.append(Related(web_url=url))
            continue
        if not isinstance(item, dict):
            continue
        original_url = coerce.text(first(item, RELATED_ORIGINAL_KEYS))
        web_url = coerce.text(item.get("webUrl")) or original_url
        entries.append(
            Related(
                title=coerce.text(item.get("title")),
                excerpt=coerce.text(first(item, EXCERPT_KEYS)),
                published_at=coerce.timestamp(first(item, DATE_KEYS)),
                web_url=web_url,
                original_url=original_url,
                type=coerce.label(item.get("type")),
                provider=coerce.provider(item.get("provider"), item.get("author"), web_url),
                quality=coerce.integer(item.get("quality")),
                images=coerce.images(item.get("images")),
            )
        )
    return tuple(entries)


def build_detail(article: Article, meta: dict[str, Any], body: str) -> ArticleDetail:
    """The full record of one article, for the detail and related panes."""
    secured = meta.get("secured")
    return ArticleDetail(
        article=article,
        excerpt=coerce.text(
            dialects.first_at(meta, dialects.detect(article.front_matter, meta).excerpts)
        ),
        images=coerce.images(meta.get("images")),
        related=related_entries(meta.get("related")),
        secured=Secured(str(secured)) if secured is not None else None,
        extra={
            clean_line(key): clean_value(value)
            for key, value in meta.items()
            if key not in KNOWN_KEYS
        },
        body=clean_block(body).strip("\n"),
    )
