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
  bodies and excerpts (see ``data.body_index``);
- ``tag:`` matches the reader's own tags as well as the file's topics; ``note:word``
  the reader's notes (a part of the text); ``has:note``, ``has:tag``;
- ``search:NAME``: what the saved search NAME matches (its query, parsed here with the
  searches handed to :func:`parse`); a search that refers back to itself is an error
  naming the cycle.

A malformed term raises ``QueryError``; when it is the last thing typed and typing on
can complete it (``provider:``, ``quality:>=``, ``is:un``, a trailing ``|``), the error
says so with ``incomplete``, so the UI keeps the last result and shows a hint.

Everything is folded (case and accents) here, once, so the engine compares folded text.
This module cuts the text into clauses and parses words; ``field_parser`` parses the
field terms, ``search_references`` resolves ``search:``; what they make is in ``atoms``
and ``parsed_query``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui_reader.data.sanitize import fold
from tui_reader.query.atoms import TextMode, WordTerm
from tui_reader.query.field_parser import parse_field, parse_url, starts_with_url
from tui_reader.query.lexer import split_or, tokens, unquote
from tui_reader.query.parsed_query import Atom, Clause, Query, Term
from tui_reader.query.query_error import QueryError
from tui_reader.query.search_references import Searches, SearchScope, resolve_search


def parse(text: str, searches: Searches | None = None, *, within: Sequence[str] = ()) -> Query:
    """Parse ``text``; raises ``QueryError`` naming the first malformed term.

    ``searches``: the saved searches ``search:NAME`` may name; ``within``: the searches
    whose queries ``text`` is being expanded for (``text`` is the last one's), so that
    one naming any of them is reported as a cycle.
    """
    return _parse(text, SearchScope(searches if searches is not None else {}, tuple(within)))


def _parse(text: str, scope: SearchScope) -> Query:
    found = tokens(text)
    groups: list[list[str]] = []
    join_next = False
    for at, piece in enumerate(found):
        if piece == "|":
            if not groups:
                raise QueryError("|", "nothing before '|'")
            join_next = True
            continue
        try:
            parts = split_or(piece)
        except QueryError as error:
            raise _at_end(error, text, last=at == len(found) - 1) from None
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
                term = _parse_term(part, scope)
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


def _parse_term(source: str, scope: SearchScope) -> Term | None:
    body = source
    negated = False
    if body.startswith("!"):
        negated, body = True, body[1:]
        if not body:
            raise QueryError(source, "'!' needs a term to negate", incomplete=True)
    if starts_with_url(body):
        return Term(parse_url(source, body), negated, source)
    name, colon, value = body.partition(":")
    if colon and not name.startswith(("'", "^", '"')) and re.fullmatch(r"[a-zA-Z]+", name):
        name = name.lower()
        atom: Atom
        if name == "search":  # resolved with this parser, for the saved search's query
            atom = resolve_search(source, unquote(value)[0].strip().lower(), scope, _parse)
        else:
            atom = parse_field(source, name, value)
        return Term(atom, negated, source)
    word = _parse_word(source, body, negated)
    return None if word is None else Term(word, negated, source)


def _parse_word(source: str, body: str, negated: bool) -> WordTerm | None:
    text, quoted = unquote(body)
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
    text, _ = unquote(text)
    folded = fold(text)
    if not folded:
        if negated or mode is not TextMode.FUZZY:
            raise QueryError(source, "needs a word after the operator", incomplete=True)
        return None
    return WordTerm(folded, mode)


# ``Searches`` is the type of parse's ``searches``: callers name it from here.
__all__ = ["Searches", "parse"]
