"""Slim tuples of primitives for an Article: what the cache stores and workers send.

A tuple of str/int/float/None/bool is ~20x cheaper to (un)pickle than a dataclass.
Repeated strings (topics, types) are shared by the pickle memo within each part of the
cache, so they are not interned again here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeAlias

from tui_reader.data.coerce import intern_provider
from tui_reader.data.model import Article, FrontMatterFormat

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
    )


def from_record(record: Record, *, path: str, rel_path: str, size: int, mtime_ns: int) -> Article:
    """Rebuild an Article from :func:`to_record`'s tuple."""
    (
        key, title, provider_name, provider_domain, published_ts, category, type_,
        original_url, web_url, quality, heat, published, topics, related_urls,
        has_body, has_secured, front_matter, authors,
    ) = record  # fmt: skip
    fmt: FrontMatterFormat = front_matter  # type: ignore[assignment]
    return Article(
        key=key,
        path=path,
        rel_path=rel_path,
        title=title,
        provider=intern_provider(provider_name, provider_domain),
        published_at=None if published_ts is None else datetime.fromtimestamp(published_ts, UTC),
        category=category,
        type=type_,
        original_url=original_url,
        web_url=original_url if web_url is None else web_url,
        quality=quality,
        heat=heat,
        published=published,
        topics=topics,
        related_urls=related_urls,
        has_body=has_body,
        has_secured=has_secured,
        front_matter=fmt,
        authors=authors,
        size=size,
        mtime_ns=mtime_ns,
    )
