"""The atoms of a parsed query: what one term asks, folded, as immutable values.

Every atom but ``search:`` lives here (``body:`` is the data layer's ``BodyQuery``); a
``SearchTerm`` holds a whole ``Query`` and so lives beside it, in ``parsed_query``.
The engine answers each kind of atom with a bitset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tui_reader.data.triage import Flag


class TextMode(StrEnum):
    """How a word is compared with the title, provider and domain."""

    FUZZY = "fuzzy"
    EXACT = "exact"
    PREFIX = "prefix"
    SUFFIX = "suffix"


class TextField(StrEnum):
    """Fields matched fuzzily on their value."""

    PROVIDER = "provider"
    DOMAIN = "domain"
    TOPIC = "topic"
    CATEGORY = "category"
    TYPE = "type"
    TAG = "tag"
    AUTHOR = "author"


class NumberField(StrEnum):
    QUALITY = "quality"
    HEAT = "heat"


class TriageCondition(StrEnum):
    """What ``is:`` asks of an article's triage flags."""

    UNREAD = "unread"
    READ = "read"
    STARRED = "starred"
    ARCHIVED = "archived"

    @property
    def flag(self) -> Flag:
        """The flag the condition reads (``unread`` is the absence of ``READ``)."""
        return _FLAG_READ_BY[self]


_FLAG_READ_BY = {
    TriageCondition.UNREAD: Flag.READ,
    TriageCondition.READ: Flag.READ,
    TriageCondition.STARRED: Flag.STARRED,
    TriageCondition.ARCHIVED: Flag.ARCHIVED,
}


class HasCondition(StrEnum):
    """What ``has:`` asks: that the reader wrote a note on the article, or tagged it."""

    NOTE = "note"
    TAG = "tag"


@dataclass(frozen=True, slots=True)
class WordTerm:
    """A (folded) word or phrase matched against title, provider and domain."""

    text: str
    mode: TextMode = TextMode.FUZZY


@dataclass(frozen=True, slots=True)
class FieldTerm:
    """``provider:``, ``topic:``… with a folded value."""

    field: TextField
    value: str


@dataclass(frozen=True, slots=True)
class NumberTerm:
    """``quality:>=20``: compare a number; unknown values never match."""

    field: NumberField
    op: str
    value: int


@dataclass(frozen=True, slots=True)
class DateTerm:
    """``after:D`` (published at or after D) or ``before:D`` (strictly before D), UTC."""

    after: bool
    moment: datetime


@dataclass(frozen=True, slots=True)
class PublishedTerm:
    """``published:yes|no|unset``; ``None`` stands for unset."""

    value: bool | None


@dataclass(frozen=True, slots=True)
class TriageTerm:
    """``is:unread`` and the like: answered from the triage state."""

    condition: TriageCondition


@dataclass(frozen=True, slots=True)
class NoteTerm:
    """``note:word``: the reader's note on the article contains ``text`` (folded)."""

    text: str


@dataclass(frozen=True, slots=True)
class HasTerm:
    """``has:note``, ``has:tag``: answered from the reader's notes and tags."""

    condition: HasCondition


@dataclass(frozen=True, slots=True)
class UrlTerm:
    """``url:`` or a bare http(s) URL: the article with that URL (``page``), or articles
    whose URL contains ``text``."""

    text: str
    page: bool


@dataclass(frozen=True, slots=True)
class StoryTerm:
    """``story:ID``: the articles of one story (ids as ``--list --json`` gives them)."""

    story_id: str


@dataclass(frozen=True, slots=True)
class RepeatTerm:
    """``is:repeat``: an article another report of its story says better (not the best
    member of its story; the JSON ``duplicate`` flag is another thing: the same key)."""
