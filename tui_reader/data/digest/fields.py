"""What every format of a digest writes of an article, sanitised, and the digest's own
heading: one place, so Markdown, HTML and JSON never disagree on a title or a link.

Each format escapes these texts its own way; none of them is markup yet.
"""

from __future__ import annotations

from datetime import datetime

from tui_reader.data.digest.model import Digest
from tui_reader.data.model import Article
from tui_reader.data.sanitize import clean_line
from tui_reader.data.urls import is_web_url


def title_of(article: Article) -> str:
    """The title, else the file's path in the feed (an entry always has a name)."""
    return clean_line(article.title) or clean_line(article.rel_path)


def provider_of(article: Article) -> str:
    return clean_line(article.provider.name or article.provider.domain)


def day_of(moment: datetime | None) -> str:
    """The day of ``moment`` (``2021-06-11``; empty when the date is unknown)."""
    return moment.date().isoformat() if moment is not None else ""


def timestamp(moment: datetime) -> str:
    """``moment`` in ISO 8601, UTC as ``Z`` (HTML's ``datetime``, JSON's ``published_at``)."""
    return moment.isoformat().replace("+00:00", "Z")


def link_of(article: Article) -> str:
    """The article's page if it is an http(s) URL (anything else is never linked)."""
    url = article.web_url or article.original_url
    return url if is_web_url(url) else ""


def heading_of(digest: Digest) -> tuple[str, str]:
    """The digest's title and its summary line ("12 articles, by provider")."""
    title = f"Digest: {digest.query}" if digest.query else "Digest"
    count = f"{digest.count:,} article{'s' if digest.count != 1 else ''}"
    return title, count + (f", by {digest.group_by}" if digest.group_by else "")
