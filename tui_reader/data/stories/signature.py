"""An article's story signature: a few hashed words, computed once when its file is read.

Story detection compares what an article says (its title, excerpt and the first
``BODY_CHARS`` of its body) with what other reports of the same days say. The full text
is read only when an article is opened, so the words that matter are kept with the
article's record in the metadata cache, compactly: ``bytes`` holding a day and at most
``SIGNATURE_WORDS`` 32-bit word hashes (~160 bytes an article, no Python object per
word), so that a warm start clusters without reading a single body.

Which words: the folded tokens of :mod:`tui_reader.data.tokens` (the search's
tokeniser: "Amazon's" and "AMAZON" are one word), less function words, news boilerplate
and URL parts, possessives and plural ``-s`` cut ("groups", "group's" are ``group``).
When an article has more words than fit, the title's come first, then names and
numbers (words written with a capital or a digit: who and how many, what paraphrased
reports of one event share), then the rest. Inside each group the choice is by hash:
every article keeps the same sample of the words it shares with another, so two
reports that share a word tend to both keep it.

The day (days since 1970-01-01, UTC) is the date the article's first lines give
("Posted on Jun 11, 2021"), for an article whose front matter has no date; the
clustering compares such an article with its own days, and one with no date at all
with every day.
"""

from __future__ import annotations

import re
import zlib
from array import array
from datetime import UTC, datetime

from tui_reader.data.tokens import words

SIGNATURE_WORDS = 32
"""At most this many word hashes an article (the rarest matter; see the module)."""
BODY_CHARS = 1000
"""How much of the body is read for words (the lead of a news report says what happened)."""
PROSE_WORDS = 8
"""A body line of fewer words is not prose (see :func:`prose`)."""
DATE_LINES_CHARS = 600
"""How far into the body a date line is looked for (below the headline and byline)."""
NO_DAY = -(2**31)
"""The day of an article whose first lines give no date."""
_ARRAY = "I" if array("I").itemsize == 4 else "L"
_HEADER = array("i", [0]).itemsize

_STOPWORD_TEXT = """
    a about above after again against all almost also although always am among an and
    another any anyone are around as at back be became because become been before being
    below between both but by can cannot could did do does doing done down during each
    either else enough even ever every few for from further get gets getting got had has
    have having he her here hers herself him himself his how however i if in into is it
    its itself just least less like made make many may me might more most much must my
    myself neither never no nor not now of off often on once one only or other others
    our ours ourselves out over own per perhaps rather same says said say she should
    since so some still such than that the their theirs them themselves then there these
    they this those though through thus to too toward towards under until up upon us
    very via was we were what whatever when where whether which while who whom whose why
    will with within without would yet you your yours yourself two three four five six
    seven eight nine ten first second last next new year years week weeks day days today
    yesterday tomorrow time times monday tuesday wednesday thursday friday saturday
    sunday january february march april june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec am pm et pt posted
    published updated update share article read more newsletter sign subscribe email
    comment comments photo image images video credit licensed via reporting report
    reports told according including include includes news https http www
    com org net html htm amp utm div span class href src img alt style width height nbsp
    quot pdf jpg png gif
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words that say nothing about which event a report is about (folded): function
words, calendar words, news boilerplate, URL and HTML pieces."""

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Linear patterns: fixed-width or single-class repetitions only, never nested.
_MONTH_DAY_YEAR = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.? {1,3}"
    r"(\d{1,2})(?:st|nd|rd|th)?,? {1,3}(\d{4})\b",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2}) {1,3}(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.?,? {1,3}"
    r"(\d{4})\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CAPITALISED = re.compile(r"\b[A-Z][^\W_]*")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def story_signature(title: str, excerpt: str, body: str, *, dated: bool) -> bytes:
    """The signature of an article (see the module); ``dated``: its front matter or file
    name gives a date, so no date line is looked for."""
    day = NO_DAY if dated else date_in_first_lines(body[:DATE_LINES_CHARS])
    text = f"{excerpt}\n{prose(body)}"
    chosen = sorted(_word_hashes(words(title)))[:SIGNATURE_WORDS]
    room = SIGNATURE_WORDS - len(chosen)
    if room > 0:
        other = _word_hashes(words(text)).difference(chosen)
        if len(other) > room:
            # Lower-cased rather than folded (the tokeniser's second pass would cost as
            # much as the first): a name with an accent is then just not put first.
            names = _word_hashes(" ".join(_CAPITALISED.findall(text)).lower().split()) & other
            ranked = sorted(names)
            if len(ranked) < room:
                ranked += sorted(other - names)
            chosen += ranked[:room]
        else:
            chosen += other
    hashes = array(_ARRAY, sorted(chosen))
    return array("i", [day]).tobytes() + hashes.tobytes()


def _word_hashes(tokens: list[str]) -> set[int]:
    """The hashes of the distinct words worth comparing among ``tokens`` (see
    :class:`_WordHashes`)."""
    found = set(map(_WORD_HASHES.__getitem__, set(tokens)))
    found.discard(0)
    return found


class _WordHashes(dict[str, int]):
    """Token -> the hash of its stem, or 0 for a token not worth comparing (a stopword,
    a number, one or two letters); remembered, as the words of a feed repeat from
    article to article, so that a signature costs set and dict operations in C."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _WORD_HASHES_KEPT:
            self.clear()
        if len(token) < 3 or token.isdigit() or token in STOPWORDS:
            value = 0
        else:
            stem = _stem(token)
            value = 0 if stem in STOPWORDS else _hash(stem) or 1
        self[token] = value
        return value


_WORD_HASHES_KEPT = 200_000
_WORD_HASHES = _WordHashes()


def prose(body: str) -> str:
    """The first ``BODY_CHARS`` of the body's sentences: lines of ``PROSE_WORDS`` words
    or more. Image captions, photo credits, bylines, date lines, subheadings and share
    buttons above and inside a scraped report are shorter, and would take the place of
    the words that say what happened."""
    kept: list[str] = []
    length = 0
    for line in body[: BODY_CHARS * 4].split("\n"):
        if line.count(" ") >= PROSE_WORDS - 1:
            kept.append(line)
            length += len(line)
            if length >= BODY_CHARS:
                break
    return "\n".join(kept)[:BODY_CHARS]


def _stem(token: str) -> str:
    """A light stem: a plural or possessive ``s`` off ("groups", "amazons" -> ``group``,
    ``amazon``), as reports write "the group's" and "groups" of one subject."""
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _hash(word: str) -> int:
    """A hash that is the same in every process and on every run (``hash()`` is not)."""
    return zlib.crc32(word.encode("utf-8"))


def date_in_first_lines(text: str) -> int:
    """The day of the first date written in ``text`` ("Jun 11, 2021", "11 June 2021",
    "2021-06-11"), or ``NO_DAY``."""
    found: list[tuple[int, int]] = []  # (where, day)
    match = _MONTH_DAY_YEAR.search(text)
    if match:
        day = _day(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        if day != NO_DAY:
            found.append((match.start(), day))
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        day = _day(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        if day != NO_DAY:
            found.append((match.start(), day))
    match = _ISO_DATE.search(text)
    if match:
        day = _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if day != NO_DAY:
            found.append((match.start(), day))
    return min(found)[1] if found else NO_DAY


def _day(year: int, month: int, day: int) -> int:
    try:
        moment = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return NO_DAY
    return (moment - _EPOCH).days


def day_of(moment: datetime) -> int:
    """Days since 1970-01-01 of an aware datetime, in UTC."""
    return (moment - _EPOCH).days


def signature_day(signature: bytes) -> int:
    """The day stored in a signature (``NO_DAY`` when none, or for an empty signature)."""
    if len(signature) < _HEADER:
        return NO_DAY
    return array("i", signature[:_HEADER])[0]


def signature_words(signature: bytes) -> array[int]:
    """The word hashes of a signature, ascending."""
    hashes = array(_ARRAY)
    body = signature[_HEADER:]
    if len(body) % hashes.itemsize == 0:
        hashes.frombytes(body)
    return hashes


def is_signature(value: object) -> bool:
    """Whether a cached value has a signature's shape (a corrupt cache is re-read)."""
    return (
        type(value) is bytes
        and (not value or (len(value) - _HEADER) % 4 == 0)
        and len(value) <= _HEADER + 4 * SIGNATURE_WORDS
    )
