"""What the terms on an article's own front matter select: ``provider:``, ``quality:``,
``after:``/``before:``, ``published:``, ``url:``.

Field values are few next to articles, so each distinct value is compared once and the
articles come from its postings (``FieldPostings``); only ``url:`` with a part of a URL
scans, and only the candidates.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from tui_reader.query.atoms import DateTerm, FieldTerm, NumberTerm, PublishedTerm, UrlTerm
from tui_reader.query.index import SearchIndex

# Field values are compared one by one, fuzzily from this length on.
FIELD_FUZZY_CUTOFF = 80
FIELD_FUZZY_MIN_LENGTH = 4

FrontMatterAtom = FieldTerm | NumberTerm | DateTerm | PublishedTerm | UrlTerm


def field_bits(index: SearchIndex, atom: FrontMatterAtom, candidates: int) -> int:
    """The candidates ``atom`` selects by the articles' files (for ``tag:``, their
    topics: the reader's own tags are the triage state's, see ``triage_bits``)."""
    fields = index.fields
    if isinstance(atom, FieldTerm):
        values = fields.values(atom.field).items()
        chosen = [posting for value, posting in values if value_matches(atom.value, value)]
        return candidates & fields.union(chosen)
    if isinstance(atom, NumberTerm):
        found = 0
        for number, bits in fields.numbers(atom.field).items():
            if _compare(number, atom.op, atom.value):
                found |= bits
        return candidates & found
    if isinstance(atom, DateTerm):
        dated = fields.dated_from if atom.after else fields.dated_before
        return candidates & dated(atom.moment)
    if isinstance(atom, PublishedTerm):
        return candidates & fields.published(atom.value)
    if atom.page:
        return candidates & index.url_bits(atom.text)
    return index.url_contains(atom.text, candidates)


def value_matches(needle: str, value: str) -> bool:
    """Whether the folded ``needle`` of a field term matches a folded field ``value``:
    a part of it, or close to a part of it once the needle is long enough."""
    if needle in value:
        return True
    if len(needle) < FIELD_FUZZY_MIN_LENGTH:
        return False
    return fuzz.partial_ratio(needle, value, score_cutoff=FIELD_FUZZY_CUTOFF) > 0


def _compare(number: int, op: str, value: int) -> bool:
    if op == ">":
        return number > value
    if op == ">=":
        return number >= value
    if op == "<":
        return number < value
    if op == "<=":
        return number <= value
    return number == value
