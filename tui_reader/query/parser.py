"""The query language: one parser turning the filter text into immutable terms.

Grammar (terms are separated by spaces; every clause must hold):

- ``word``: matched against the tokens of the title, provider name, domain, authors and
  topics (prefix, typos, abbreviations: see ``word_match``);
- ``'word`` exact substring, ``^word`` prefix, ``word$`` suffix (of the title, the
  provider name or the domain), ``!term`` negation of any term;
- ``a | b`` or ``a|b``: either term (one clause);
- ``"two words"``: a phrase, matched as one exact substring;
- ``provider:``, ``domain:``, ``topic:``, ``tag:``, ``author:``, ``category:``, ``type:``
  fuzzy on the value; ``quality:>=20``, ``heat:>50`` (ops ``> >= < <= =``);
  ``after:2021-06-01``, ``before:2021-07-01``; ``published:yes|no|unset``;
  ``is:unread|read|starred|archived``; ``is:repeat`` (not its story's best report),
  ``story:ID`` (the reports of one story);
- ``url:`` a pasted URL (the article with that URL) or part of one; a bare
  ``https://…`` word is the same as ``url:https://…``;
- ``body:word``, ``body:word*`` (prefix), ``body:"a phrase"``: full-text search of the
  bodies and excerpts (see ``data.body_index``).

A malformed term raises ``QueryError``; when it is the last thing typed and typing on
can complete it (``provider:``, ``quality:>=``, ``is:un``, a trailing ``|``), the error
says so with ``incomplete``, so the UI keeps the last result and shows a hint.

Everything is folded (case and accents) here, once, so the engine compares folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from tui_reader.data.body_index import BodyQuery
from tui_reader.data.sanitize import fold
from tui_reader.data.triage import Flag


class QueryError(ValueError):
    """A query that cannot be run; ``term`` is the part at fault.

    ``incomplete``: the term is the end of the text and still being typed (it can
    become valid by typing on); the caller keeps showing the last valid result.
    """

    def __init__(self, term: str, message: str, *, incomplete: bool = False) -> None:
        super().__init__(f"{term}: {message}")
        self.term = term
        self.message = message
        self.incomplete = incomplete


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


Atom = (
    WordTerm
    | FieldTerm
    | NumberTerm
    | DateTerm
    | PublishedTerm
    | TriageTerm
    | UrlTerm
    | BodyQuery
    | StoryTerm
    | RepeatTerm
)


@dataclass(frozen=True, slots=True)
class Term:
    """One atom, possibly negated; ``source`` is the text it came from (for messages)."""

    atom: Atom
    negated: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True)
class Clause:
    """Alternatives joined by ``|``: the clause holds when any of them does."""

    terms: tuple[Term, ...]

    @property
    def fuzzy_words(self) -> tuple[WordTerm, ...]:
        """The positive words of this clause (they are what gets ranked)."""
        return tuple(t.atom for t in self.terms if isinstance(t.atom, WordTerm) and not t.negated)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every clause must hold."""

    text: str
    clauses: tuple[Clause, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def ranks(self) -> bool:
        """Whether free words decide the order (otherwise the chosen sort does)."""
        return any(clause.fuzzy_words for clause in self.clauses)

    def highlight_words(self) -> tuple[WordTerm, ...]:
        """Every positive word, for highlighting."""
        return tuple(word for clause in self.clauses for word in clause.fuzzy_words)

    def with_bodies(self) -> Query:
        """Free words widened to the bodies: each plain word also matches the bodies
        (as ``body:word*``: typing on narrows, as it does for the words)."""
        clauses = []
        for clause in self.clauses:
            widened = tuple(
                Term(BodyQuery(term.atom.text, prefix=True), False, f"body:{term.atom.text}*")
                for term in clause.terms
                if isinstance(term.atom, WordTerm)
                and term.atom.mode is TextMode.FUZZY
                and not term.negated
            )
            clauses.append(Clause(clause.terms + widened) if widened else clause)
        return Query(self.text, tuple(clauses))

    def body_terms(self) -> tuple[BodyQuery, ...]:
        """Every ``body:`` term, negated or not (they need the body index)."""
        return tuple(
            term.atom
            for clause in self.clauses
            for term in clause.terms
            if isinstance(term.atom, BodyQuery)
        )

    @property
    def only_triage(self) -> bool:
        """Whether every term is an ``is:`` term (the query is a view, nothing more)."""
        return bool(self.clauses) and all(
            isinstance(term.atom, TriageTerm) for clause in self.clauses for term in clause.terms
        )

    def triage_conditions(self) -> frozenset[TriageCondition]:
        """The ``is:`` conditions the query names, negated or not."""
        return frozenset(
            term.atom.condition
            for clause in self.clauses
            for term in clause.terms
            if isinstance(term.atom, TriageTerm)
        )

    def depends_on(self, flag: Flag) -> bool:
        """Whether changing ``flag`` on an article can change whether it matches."""
        return bool(_CONDITIONS_OF[flag] & self.triage_conditions())

    def with_clauses(self, clauses: tuple[Clause, ...]) -> Query:
        """This query with more clauses that must hold too (the text stays the reader's)."""
        return Query(self.text, self.clauses + clauses)


_CONDITIONS_OF: dict[Flag, frozenset[TriageCondition]] = {
    Flag.READ: frozenset({TriageCondition.READ, TriageCondition.UNREAD}),
    Flag.STARRED: frozenset({TriageCondition.STARRED}),
    Flag.ARCHIVED: frozenset({TriageCondition.ARCHIVED}),
}
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
# A token: a quoted phrase (possibly after a prefix such as ``!`` or ``field:``), or a run
# of non-space characters that may itself contain quoted parts.
_TOKEN = re.compile(r'(?:[^\s"]*"[^"]*"?[^\s"]*)+|[^\s]+')


def parse(text: str) -> Query:
    """Parse ``text``; raises ``QueryError`` naming the first malformed term."""
    tokens = _TOKEN.findall(text)
    groups: list[list[str]] = []
    join_next = False
    for at, piece in enumerate(tokens):
        if piece == "|":
            if not groups:
                raise QueryError("|", "nothing before '|'")
            join_next = True
            continue
        try:
            parts = _split_or(piece)
        except QueryError as error:
            raise _at_end(error, text, last=at == len(tokens) - 1) from None
        if join_next and groups:
            groups[-1].extend(parts)
        else:
            groups.append(parts)
        join_next = False
    if join_next:
        raise QueryError("|", "nothing after '|'", incomplete=True)
    clauses = []
    for number, group in enumerate(groups):
        terms = []
        for index, part in enumerate(group):
            try:
                term = _parse_term(part)
            except QueryError as error:
                last = number == len(groups) - 1 and index == len(group) - 1
                raise _at_end(error, text, last=last) from None
            if term is not None:
                terms.append(term)
        if terms:
            clauses.append(Clause(tuple(terms)))
    return Query(text, tuple(clauses))


def _at_end(error: QueryError, text: str, *, last: bool) -> QueryError:
    """``error``, incomplete only if its term is what the text ends with (no space after)."""
    incomplete = error.incomplete and last and not text[-1:].isspace()
    return QueryError(error.term, error.message, incomplete=incomplete)


def _split_or(token: str) -> list[str]:
    """``a|b`` outside quotes is two alternatives."""
    if "|" not in token:
        return [token]
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in token:
        if char == '"':
            quoted = not quoted
        if char == "|" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if any(not part for part in parts):
        only_last_missing = all(parts[:-1]) and not parts[-1]
        raise QueryError(token, "'|' needs a term on each side", incomplete=only_last_missing)
    return parts


def _unquote(value: str) -> tuple[str, bool]:
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1], True
    if value.startswith('"'):
        return value[1:], True  # an unclosed quote while typing: take what is there
    return value, False


def _parse_term(source: str) -> Term | None:
    body = source
    negated = False
    if body.startswith("!"):
        negated, body = True, body[1:]
        if not body:
            raise QueryError(source, "'!' needs a term to negate", incomplete=True)
    if _URL_START.match(body):
        return Term(_parse_url(source, body), negated, source)
    name, colon, value = body.partition(":")
    if colon and not name.startswith(("'", "^", '"')) and re.fullmatch(r"[a-zA-Z]+", name):
        atom: Atom = _parse_field(source, name.lower(), value)
        return Term(atom, negated, source)
    word = _parse_word(source, body, negated)
    return None if word is None else Term(word, negated, source)


def _parse_word(source: str, body: str, negated: bool) -> WordTerm | None:
    text, quoted = _unquote(body)
    if quoted:
        phrase = fold(text).strip()
        return WordTerm(phrase, TextMode.EXACT) if phrase else None
    mode = TextMode.EXACT if negated else TextMode.FUZZY
    if text.startswith("'"):
        mode, text = TextMode.EXACT, text[1:]
    elif text.startswith("^"):
        mode, text = TextMode.PREFIX, text[1:]
    elif text.endswith("$") and len(text) > 1:
        mode, text = TextMode.SUFFIX, text[:-1]
    text, _ = _unquote(text)
    folded = fold(text)
    if not folded:
        if negated or mode is not TextMode.FUZZY:
            raise QueryError(source, "needs a word after the operator", incomplete=True)
        return None
    return WordTerm(folded, mode)


def _parse_field(source: str, name: str, raw: str) -> Atom:
    value, _ = _unquote(raw)
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
        return _parse_url(source, value.strip())
    if name == "body":
        return _parse_body(source, raw)
    if name in _URL_SCHEMES:
        return _parse_url(source, body_of(source))
    known = ", ".join(
        [*TextField, *NumberField, "after", "before", "published", "is", "url", "body", "story"]
    )
    raise QueryError(source, f"unknown field {name!r} (known: {known})")


def body_of(source: str) -> str:
    """``source`` without a leading ``!``."""
    return source[1:] if source.startswith("!") else source


def _parse_url(source: str, value: str) -> UrlTerm:
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
    value, quoted = _unquote(raw)
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


__all__ = [
    "Atom",
    "Clause",
    "DateTerm",
    "FieldTerm",
    "NumberField",
    "NumberTerm",
    "PublishedTerm",
    "Query",
    "QueryError",
    "RepeatTerm",
    "StoryTerm",
    "Term",
    "TextField",
    "TextMode",
    "TriageCondition",
    "TriageTerm",
    "UrlTerm",
    "WordTerm",
    "parse",
]
