"""Slim tuples of primitives for an Article: what the cache stores and workers send.

A tuple of str/int/float/None/bool is ~20x cheaper to (un)pickle than a dataclass.
Repeated strings (topics, types) are shared by the pickle memo within each part of the
cache, so they are not interned again here.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from itertools import repeat
from typing import Any, TypeAlias

from tui_reader.data.coerce import intern_provider
from tui_reader.data.model import Article
from tui_reader.data.stories.signature import is_signature

Record: TypeAlias = tuple[
    str,  # key
    str,  # title
    str,  # provider name
    str,  # provider domain
    float | None,  # published_at as a POSIX timestamp
    str,  # category
    str,  # type
    str,  # original_url
    str | None,  # web_url, None when equal to original_url (most files)
    int | None,  # quality
    int | None,  # heat
    bool | None,  # published
    tuple[str, ...],  # topics
    tuple[str, ...],  # related_urls
    bool,  # has_body
    bool,  # has_secured
    str,  # front-matter format
    tuple[str, ...],  # authors
    bytes,  # story signature (data.stories.signature)
]


def to_record(article: Article) -> Record:
    """The slim tuple of ``article`` (paths and stat data are kept beside it)."""
    return (
        article.key,
        article.title,
        article.provider.name,
        article.provider.domain,
        article.published_at.timestamp() if article.published_at else None,
        article.category,
        article.type,
        article.original_url,
        None if article.web_url == article.original_url else article.web_url,
        article.quality,
        article.heat,
        article.published,
        article.topics,
        article.related_urls,
        article.has_body,
        article.has_secured,
        article.front_matter,
        article.authors,
        article.story_signature,
    )


_FORMATS = frozenset({"yaml", "toml", "json", "none"})
_STRINGS = repeat(str)
"""``isinstance``'s second argument for every item checked with ``map``."""

_ARTICLE_FIELDS = (
    "key", "path", "rel_path", "title", "provider", "published_at", "category", "type",
    "original_url", "web_url", "quality", "heat", "published", "topics", "related_urls",
    "has_body", "has_secured", "front_matter", "size", "mtime_ns", "uid", "authors",
    "story_signature",
)  # fmt: skip
# from_record passes Article's fields by position (keywords cost ~0.7 µs of ~2 µs an
# article on a warm start): a field added to Article must be added here and there.
if tuple(item.name for item in fields(Article)) != _ARTICLE_FIELDS:  # pragma: no cover
    raise ImportError("Article's fields changed: update records.from_record")


def from_record(record: Any, path: str, rel_path: str, size: int, mtime_ns: int) -> Article | None:
    """Rebuild an Article from :func:`to_record`'s tuple; None for a record that is not one.

    A record comes from the cache file, which may be corrupt, foreign or tampered with:
    its shape and every type are checked, so a bad record means "parse that file
    again", never a crash later. The cache's unpickler makes only built-in types, never
    a subclass, so ``isinstance(x, str)`` is as strict as ``type(x) is str`` here; the
    items of the three tuples are checked in one ``map`` in C. Strings are not
    sanitised here: everything shown passes the display sanitiser anyway.
    """
    if type(record) is not tuple or len(record) != 19:
        return None
    (
        key, title, provider_name, provider_domain, published_ts, category, type_,
        original_url, web_url, quality, heat, published, topics, related_urls,
        has_body, has_secured, front_matter, authors, story_signature,
    ) = record  # fmt: skip
    if not (
        type(key) is str and type(title) is str and type(provider_name) is str
        and type(provider_domain) is str and type(category) is str and type(type_) is str
        and type(original_url) is str and (web_url is None or type(web_url) is str)
        and (published_ts is None or type(published_ts) is float)
        and (quality is None or type(quality) is int) and (heat is None or type(heat) is int)
        and (published is None or type(published) is bool)
        and type(has_body) is bool and type(has_secured) is bool and front_matter in _FORMATS
        and type(topics) is tuple and type(related_urls) is tuple and type(authors) is tuple
        and all(map(isinstance, topics + related_urls + authors, _STRINGS))
        and is_signature(story_signature)
    ):  # fmt: skip
        return None
    try:
        published_at = None if published_ts is None else datetime.fromtimestamp(published_ts, UTC)
    except (ValueError, OverflowError, OSError):  # NaN, infinite, beyond year 9999
        return None
    return Article(
        key, path, rel_path, title, intern_provider(provider_name, provider_domain),
        published_at, category, type_, original_url,
        original_url if web_url is None else web_url, quality, heat, published, topics,
        related_urls, has_body, has_secured, front_matter, size, mtime_ns, -1, authors,
        story_signature,
    )  # fmt: skip
