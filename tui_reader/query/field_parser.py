"""Field terms (``name:value``) and URLs: each field's value checked and folded.

A malformed value raises ``QueryError``, ``incomplete`` when typing on can still make it
valid (``quality:>=``, ``is:un``, ``after:2021-0``). ``search:NAME`` is not here: it
needs the parser itself (see ``search_references``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tui_reader.data.body_index import BodyQuery
from tui_reader.data.sanitize import fold
from tui_reader.query.atoms import (
    DateTerm,
    FieldTerm,
    HasCondition,
    HasTerm,
    NoteTerm,
    NumberField,
    NumberTerm,
    PublishedTerm,
    RepeatTerm,
    StoryTerm,
    TextField,
    TriageCondition,
    TriageTerm,
    UrlTerm,
)
from tui_reader.query.lexer import unquote
from tui_reader.query.query_error import QueryError

FieldAtom = (
    FieldTerm
    | NumberTerm
    | DateTerm
    | PublishedTerm
    | TriageTerm
    | RepeatTerm
    | StoryTerm
    | UrlTerm
    | BodyQuery
    | NoteTerm
    | HasTerm
)

_NUMBER = re.compile(r"(>=|<=|>|<|=)?(-?\d+)")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_PUBLISHED = {"yes": True, "true": True, "no": False, "false": False, "unset": None}
# What a term can look like while it is still being typed (see QueryError.incomplete).
_NUMBER_START = re.compile(r"(>=|<=|>|<|=)?-?")
_DATE_START = re.compile(r"\d{0,4}|\d{4}-\d{0,2}|\d{4}-\d{1,2}-\d{0,2}")
_URL_SCHEMES = ("http", "https")
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_URL_START_TYPED = re.compile(r"https?:/?/?", re.IGNORECASE)
_WHOLE_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)


def parse_field(source: str, name: str, raw: str) -> FieldAtom:
    """The atom of the field term ``name:raw`` (``name`` in lower case); ``source`` is
    the whole term, for messages."""
    value, _ = unquote(raw)
    if name in TextField.__members__.values():
        folded = fold(value).strip()
        if not folded:
            raise QueryError(source, f"{name}: needs a value", incomplete=True)
        return FieldTerm(TextField(name), folded)
    if name in NumberField.__members__.values():
        match = _NUMBER.fullmatch(value.strip())
        if match is None:
            raise QueryError(
                source,
                f"{name}: expects a number with > >= < <= or =, e.g. {name}:>=20",
                incomplete=_NUMBER_START.fullmatch(value) is not None,
            )
        return NumberTerm(NumberField(name), match.group(1) or "=", int(match.group(2)))
    if name in ("after", "before"):
        return DateTerm(name == "after", _parse_date(source, value.strip()))
    if name == "published":
        key = value.strip().lower()
        if key not in _PUBLISHED:
            started = any(word.startswith(key) for word in _PUBLISHED)
            raise QueryError(source, "published: expects yes, no or unset", incomplete=started)
        return PublishedTerm(_PUBLISHED[key])
    if name == "is":
        key = value.strip().lower()
        if key == "repeat":
            return RepeatTerm()
        try:
            return TriageTerm(TriageCondition(key))
        except ValueError:
            started = any(state.startswith(key) for state in (*TriageCondition, "repeat"))
            raise QueryError(
                source, "is: expects unread, read, starred, archived or repeat", incomplete=started
            ) from None
    if name == "story":
        story_id = value.strip().lower()
        if not story_id:
            raise QueryError(source, "story: needs a story id", incomplete=True)
        return StoryTerm(story_id)
    if name == "url":
        if not value.strip():
            raise QueryError(source, "url: needs a URL or part of one", incomplete=True)
        return parse_url(source, value.strip())
    if name == "body":
        return _parse_body(source, raw)
    if name == "note":
        folded = fold(value).strip()
        if not folded:
            raise QueryError(source, "note: needs a word of your notes", incomplete=True)
        return NoteTerm(folded)
    if name == "has":
        key = value.strip().lower()
        try:
            return HasTerm(HasCondition(key))
        except ValueError:
            started = any(what.startswith(key) for what in HasCondition)
            raise QueryError(source, "has: expects note or tag", incomplete=started) from None
    if name in _URL_SCHEMES:
        return parse_url(source, source.removeprefix("!"))
    known = ", ".join(
        [
            *TextField,
            *NumberField,
            "after",
            "before",
            "published",
            "is",
            "url",
            "body",
            "story",
            "note",
            "has",
            "search",
        ]
    )
    raise QueryError(source, f"unknown field {name!r} (known: {known})")


def starts_with_url(text: str) -> bool:
    """Whether ``text`` begins ``http://`` or ``https://`` (a bare URL is a ``url:``)."""
    return _URL_START.match(text) is not None


def parse_url(source: str, value: str) -> UrlTerm:
    """A whole http(s) URL names one page; anything else is a part of URLs to look for."""
    if _URL_START.match(value):
        if _WHOLE_URL.match(value) is None:
            raise QueryError(source, "a URL needs a host after //", incomplete=True)
        return UrlTerm(value, page=True)
    if value.lower() in _URL_SCHEMES or _URL_START_TYPED.fullmatch(value):
        raise QueryError(source, "a URL needs a host after //", incomplete=True)
    return UrlTerm(value, page=False)


def _parse_body(source: str, raw: str) -> BodyQuery:
    """``body:word``, ``body:word*`` or ``body:"a phrase"`` (an unclosed quote is a phrase)."""
    value, quoted = unquote(raw)
    prefix = not quoted and value.endswith("*")
    text = value.rstrip("*").strip() if prefix else value.strip()
    if not text:
        raise QueryError(source, "body: needs a word or a quoted phrase", incomplete=True)
    return BodyQuery(text, phrase=quoted, prefix=prefix)


def _is_date(value: str) -> bool:
    match = _DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return False
    return True


def _parse_date(source: str, value: str) -> datetime:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as the start of that period in UTC."""
    started = not value or (
        _DATE_START.fullmatch(value) is not None
        and any(_is_date(value + more) for more in ("0", "1", "01", "-01", "1-01", "01-01"))
    )
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(source, "expects a date YYYY-MM-DD (or YYYY-MM, YYYY)", incomplete=started)
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError as error:
        raise QueryError(source, f"not a valid date ({error})", incomplete=started) from None
