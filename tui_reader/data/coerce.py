"""Turn loosely typed front-matter values into the model's types, never raising.

Each function takes whatever a scraper or another tool wrote and returns a value of
one type, or "unknown" (None / empty); strings come out sanitised.
"""

from __future__ import annotations

import math
import re
import sys
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from tui_reader.data.model import Image, Provider
from tui_reader.data.sanitize import clean_line

_TRUE = frozenset({"yes", "y", "true", "on", "1"})
_FALSE = frozenset({"no", "n", "false", "off", "0"})
# Matched against the last few characters only (fullmatch): a search for "spaces then
# an offset at the end" backtracks quadratically over a long run of spaces.
_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}|Z")
_OFFSET_LENGTHS = (6, 5, 1)
# ``2021-07-26-slug.md`` (Jekyll), ``2021-07-26.md`` or ``2021-07-26 Meeting.md`` (notes).
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=[-_ .]|$)")
# A date segment of a path: each try is a fixed-length match, so a scan stays linear.
_DATED_SEGMENT = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?=/|$)")
# ``[text](url)``: neither part can contain its own brackets, so no try rescans another's.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_WORD_SEPARATORS = re.compile(r"[\s,]+")
# A note tool's ``[[target]]`` or ``[[target|shown]]``: no part can hold brackets.
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")

_providers: dict[tuple[str, str], Provider] = {}
_name_lists: dict[tuple[str, ...], tuple[str, ...]] = {}


def text(value: Any) -> str:
    """A one-line sanitised string; numbers become their text, other shapes ''."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def label(value: Any) -> str:
    """A short repeated string (topic, type, provider): interned to share memory.

    A wiki link (``[[Books]]``, as note tools link a category) is its text.
    """
    found = text(value)
    if "[[" in found:
        found = unlink(found)
    return sys.intern(found)


def unlink(value: str) -> str:
    """``value`` with its ``[[wiki links]]`` as the text they show."""
    return clean_line(_WIKILINK.sub(lambda link: link.group(2) or link.group(1), value))


def integer(value: Any) -> int | None:
    """An int from an int, a float (rounded) or a numeric string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value) if math.isfinite(value) else None
    if isinstance(value, str):
        stripped = value.strip()
        try:
            return int(stripped)
        except ValueError:
            try:
                number = float(stripped)
            except ValueError:
                return None
            return round(number) if math.isfinite(number) else None
    return None


def boolean(value: Any) -> bool | None:
    """True/False from a bool, ``yes``/``no``-like strings or 0/1; else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def timestamp(value: Any) -> datetime | None:
    """A timezone-aware datetime (UTC) from whatever a date field holds, or None."""
    moment: datetime | None
    try:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime.combine(value, time(), UTC)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) > 1e11 else value
            moment = datetime.fromtimestamp(seconds, UTC)
        elif isinstance(value, str):
            moment = _parse_date_string(value.strip())
            if moment is None:
                return None
        else:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _parse_date_string(value: str) -> datetime | None:
    if not value:
        return None
    candidate = _join_offset(value)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    # Imported here: email.utils costs ~15 ms of start-up and is rarely needed.
    from email.utils import parsedate_to_datetime

    try:  # RFC 2822, as RSS writes it: "Thu, 10 Jun 2021 20:31:00 GMT"
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _join_offset(value: str) -> str:
    """``2021-06-10 20:31 +02:00`` -> ``2021-06-10 20:31+02:00``, as fromisoformat wants."""
    for length in _OFFSET_LENGTHS:
        head, offset = value[:-length], value[-length:]
        if len(value) > length and head[-1].isspace() and _OFFSET.fullmatch(offset):
            return head.rstrip() + offset
    return value


def date_from_file_name(name: str) -> datetime | None:
    """The date a file name starts with (``YYYY-MM-DD-slug.md``, as Jekyll), if valid."""
    match = _DATED_NAME.match(name)
    return None if match is None else _day(match.groups())


def date_from_path(value: Any) -> datetime | None:
    """The date of a ``YYYY/MM/DD`` segment of a path or slug (``inside-rust/2021/07/26/x``)."""
    if not isinstance(value, str):
        return None
    for match in _DATED_SEGMENT.finditer(value):
        found = _day(match.groups())
        if found is not None:
            return found
    return None


def _day(parts: tuple[str | Any, ...]) -> datetime | None:
    try:
        year, month, day = (int(part) for part in parts)
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def domain_of(url: str) -> str:
    """The host of ``url`` without ``www.`` or a port; '' when there is none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    return sys.intern(clean_line(host))


def provider(value: Any, author: Any, url: str) -> Provider:
    """The publisher: a ``{name, domain}`` mapping, a plain name, the author, the URL."""
    name = domain = ""
    if isinstance(value, dict):
        name, domain = text(value.get("name")), text(value.get("domain"))
    elif value is not None:
        name = text(value)
    if not name:
        name = _author_name(author)
    if not domain:
        domain = domain_of(url)
    if not name:
        name = domain
    return intern_provider(name, domain)


def _author_name(author: Any) -> str:
    if isinstance(author, tuple):  # already names (from :func:`names`)
        return ", ".join(author)
    return ", ".join(names(author))


def names(value: Any) -> tuple[str, ...]:
    """Author names from a string, a ``{name}`` mapping or a list of either.

    Markdown links keep their text (``[Ann](https://…)`` is "Ann"). The tuples are
    shared: a feed has few distinct author lists.
    """
    found = []
    for item in value if isinstance(value, list | tuple) else (value,):
        name = text(item.get("name") if isinstance(item, dict) else item)
        if "](" in name:
            name = clean_line(_MARKDOWN_LINK.sub(r"\1", name))
        if "[[" in name:
            name = unlink(name)
        if name:
            found.append(sys.intern(name))
    key = tuple(dict.fromkeys(found))
    return _name_lists.setdefault(key, key)


def intern_provider(name: str, domain: str) -> Provider:
    found = _providers.get((name, domain))
    if found is None:
        found = _providers[(name, domain)] = Provider(sys.intern(name), sys.intern(domain))
    return found


def labels(value: Any, words: bool = False) -> tuple[str, ...]:
    """A tuple of distinct non-empty names from a list or a single string.

    ``words``: a string is a list of words (Jekyll's ``tags: a b``; a note's
    ``tags: #a, #b``).
    """
    if words and isinstance(value, str):
        value = [word.lstrip("#") for word in _WORD_SEPARATORS.split(value)]
    items = value if isinstance(value, list | tuple) else [value]
    names = (label(item) for item in items if not isinstance(item, dict | list))
    return tuple(dict.fromkeys(name for name in names if name))


def mappings(value: Any) -> list[Any]:
    """A list from a list, or one item wrapped in a list; nothing from None."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def images(value: Any) -> tuple[Image, ...]:
    """Images from a list of mappings, one mapping, URL strings, or nothing."""
    found = []
    for item in mappings(value):
        if isinstance(item, str):
            url = text(item)
            if url:
                found.append(Image(url))
        elif isinstance(item, dict):
            url = text(item.get("url"))
            if url:
                found.append(
                    Image(
                        url,
                        integer(item.get("width")),
                        integer(item.get("height")),
                        boolean(item.get("isCached")),
                    )
                )
    return tuple(found)
