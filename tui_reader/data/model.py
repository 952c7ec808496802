"""The article model: typed, normalised, sanitised values only.

``Article`` is the slim record kept in memory for every file of a feed (what the list,
filter, sort and facets need). ``ArticleDetail`` is the full record of one article,
read again from its file when it is opened, so that excerpts of related entries, image
lists, extra metadata and bodies never sit in memory for the whole feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FrontMatterFormat = Literal["yaml", "toml", "json", "none"]


@dataclass(frozen=True, slots=True)
class Provider:
    """The publisher of an article."""

    name: str = ""
    domain: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """One image of an article; sizes are unknown (None) when missing or malformed."""

    url: str
    width: int | None = None
    height: int | None = None
    is_cached: bool | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """An entry of an article's ``related`` list, as the file states it."""

    title: str = ""
    excerpt: str = ""
    published_at: datetime | None = None
    web_url: str = ""
    original_url: str = ""
    type: str = ""
    provider: Provider = field(default_factory=Provider)
    quality: int | None = None
    images: tuple[Image, ...] = ()

    @property
    def url(self) -> str:
        """The URL that identifies the related article."""
        return self.web_url or self.original_url


@dataclass(slots=True)
class Article:
    """The in-memory record of one article file.

    ``key`` identifies the article across renames and machines (its URL, else its
    path relative to the feed folder); two files may share a key (duplicates).
    ``uid`` is unique within one store and assigned by it. ``authors`` are the names the
    file gives (the provider falls back to them, joined); ``published`` is the publish
    state in the file's own terms (``draft: true`` is False), None when undecided.
    """

    key: str
    path: str
    rel_path: str
    title: str
    provider: Provider
    published_at: datetime | None = None
    category: str = ""
    type: str = ""
    original_url: str = ""
    web_url: str = ""
    quality: int | None = None
    heat: int | None = None
    published: bool | None = None
    topics: tuple[str, ...] = ()
    related_urls: tuple[str, ...] = ()
    has_body: bool = False
    has_secured: bool = False
    front_matter: FrontMatterFormat = "none"
    size: int = 0
    mtime_ns: int = 0
    uid: int = -1
    authors: tuple[str, ...] = ()
    story_signature: bytes = b""
    """A day and a few hashed words of the title, excerpt and body's start, packed
    (``data.stories.signature``): what story detection compares without the body."""

    @property
    def url(self) -> str:
        """The URL to open: ``webUrl``, falling back to ``originalUrl``."""
        return self.web_url or self.original_url

    @property
    def urls(self) -> tuple[str, ...]:
        """Every URL this article is known by (for related resolution)."""
        original, web = self.original_url, self.web_url
        if original and web and original != web:
            return (original, web)
        return (original or web,) if original or web else ()


class Secured:
    """The opaque ``secured`` blob: kept as given, never printed in full."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __len__(self) -> int:
        return len(self._value)

    def reveal(self) -> str:
        """The blob itself, for code that must pass it on unchanged."""
        return self._value

    def __repr__(self) -> str:
        return f"<secured: {len(self._value)} characters>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secured) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """Everything a file says about one article, read when the article is opened."""

    article: Article
    excerpt: str = ""
    images: tuple[Image, ...] = ()
    related: tuple[Related, ...] = ()
    secured: Secured | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True, slots=True)
class LoadError:
    """A file that could not be loaded, and why, in words a user can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
