"""The query grammar: each operator and field term, combinations and malformed input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui_reader.data.body_index import BodyQuery
from tui_reader.query import QueryError, parse
from tui_reader.query.atoms import (
    DateTerm,
    FieldTerm,
    NumberField,
    NumberTerm,
    PublishedTerm,
    TextField,
    TextMode,
    TriageCondition,
    TriageTerm,
    UrlTerm,
    WordTerm,
)


def only_term(text: str):  # type: ignore[no-untyped-def]
    query = parse(text)
    assert len(query.clauses) == 1 and len(query.clauses[0].terms) == 1
    return query.clauses[0].terms[0]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Amazon", WordTerm("amazon", TextMode.FUZZY)),
        ("'Amazon", WordTerm("amazon", TextMode.EXACT)),
        ("^New", WordTerm("new", TextMode.PREFIX)),
        ("org$", WordTerm("org", TextMode.SUFFIX)),
        ('"Corporate Surveillance"', WordTerm("corporate surveillance", TextMode.EXACT)),
        ("Zürich", WordTerm("zurich", TextMode.FUZZY)),
    ],
)
def test_word_operators(text: str, word: WordTerm) -> None:
    term = only_term(text)
    assert term.atom == word
    assert not term.negated


def test_negation_is_exact_like_fzf() -> None:
    term = only_term("!Ring")
    assert term.negated
    assert term.atom == WordTerm("ring", TextMode.EXACT)
    assert only_term("!^ring").atom == WordTerm("ring", TextMode.PREFIX)


@pytest.mark.parametrize(
    ("text", "atom"),
    [
        ("provider:Dreams", FieldTerm(TextField.PROVIDER, "dreams")),
        ('provider:"Common Dreams"', FieldTerm(TextField.PROVIDER, "common dreams")),
        ("topic:AI", FieldTerm(TextField.TOPIC, "ai")),
        ("category:news", FieldTerm(TextField.CATEGORY, "news")),
        ("type:video", FieldTerm(TextField.TYPE, "video")),
        ("domain:commondreams", FieldTerm(TextField.DOMAIN, "commondreams")),
        ("quality:>=20", NumberTerm(NumberField.QUALITY, ">=", 20)),
        ("heat:>50", NumberTerm(NumberField.HEAT, ">", 50)),
        ("heat:<5", NumberTerm(NumberField.HEAT, "<", 5)),
        ("quality:<=5", NumberTerm(NumberField.QUALITY, "<=", 5)),
        ("quality:30", NumberTerm(NumberField.QUALITY, "=", 30)),
        ("after:2021-06-01", DateTerm(True, datetime(2021, 6, 1, tzinfo=UTC))),
        ("before:2021-07", DateTerm(False, datetime(2021, 7, 1, tzinfo=UTC))),
        ("published:yes", PublishedTerm(True)),
        ("published:no", PublishedTerm(False)),
        ("published:unset", PublishedTerm(None)),
        ("is:unread", TriageTerm(TriageCondition.UNREAD)),
        ("is:starred", TriageTerm(TriageCondition.STARRED)),
        ("IS:Archived", TriageTerm(TriageCondition.ARCHIVED)),
    ],
)
def test_field_terms(text: str, atom: object) -> None:
    assert only_term(text).atom == atom


def test_or_groups_make_one_clause() -> None:
    for text in ("amazon | ring", "amazon|ring"):
        query = parse(text)
        assert len(query.clauses) == 1
        assert [t.atom for t in query.clauses[0].terms] == [
            WordTerm("amazon"),
            WordTerm("ring"),
        ]


def test_combination_of_terms_is_all_clauses() -> None:
    query = parse("comon dreams !ring quality:>=20 after:2021-06-01")
    assert len(query.clauses) == 5
    assert query.ranks
    assert [w.text for w in query.highlight_words()] == ["comon", "dreams"]


def test_only_fields_do_not_rank() -> None:
    assert not parse("quality:>=20 !ring").ranks
    assert parse("   ").is_empty


def test_terms_are_immutable() -> None:
    term = only_term("amazon")
    with pytest.raises(AttributeError):
        term.negated = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("amazon quality:>>x", "quality:>>x"),
        ("after:yesterdayish", "after:yesterdayish"),
        ("before:2021-13-01", "before:2021-13-01"),
        ("colour:red", "colour:red"),
        ("published:maybe", "published:maybe"),
        ("is:sleeping", "is:sleeping"),
        ("provider:", "provider:"),
        ("!", "!"),
        ("amazon |", "|"),
        ("a||b", "a||b"),
    ],
)
def test_malformed_terms_name_the_term(text: str, bad: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.term == bad
    assert bad in str(caught.value)


@pytest.mark.parametrize(
    ("text", "atom"),
    [
        ("tag:Privacy", FieldTerm(TextField.TAG, "privacy")),
        ("author:Thalen", FieldTerm(TextField.AUTHOR, "thalen")),
        ("url:commondreams.org/news", UrlTerm("commondreams.org/news", page=False)),
        ("url:https://example.org/a?b=1", UrlTerm("https://example.org/a?b=1", page=True)),
        ("https://Example.org/A", UrlTerm("https://Example.org/A", page=True)),  # a bare URL
        ("body:surveillance", BodyQuery("surveillance")),
        ("body:surveil*", BodyQuery("surveil", prefix=True)),
        ('body:"fight for the future"', BodyQuery("fight for the future", phrase=True)),
        ('body:"fight for', BodyQuery("fight for", phrase=True)),  # still being typed
    ],
)
def test_new_field_terms(text: str, atom: object) -> None:
    assert only_term(text).atom == atom


@pytest.mark.parametrize(
    "text",
    [
        "ring provider:",
        "ring quality:>=",
        "ring heat:-",
        "ring after:2021-0",
        "ring before:20",
        "ring is:un",
        "ring published:y",
        "ring body:",
        'ring body:"',
        "ring url:",
        "ring https:/",
        "ring |",
        "ring a|",
        "ring !",
        "ring '",
    ],
)
def test_a_term_still_being_typed_is_incomplete(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.incomplete
    assert caught.value.term  # the UI shows the term beside the text


@pytest.mark.parametrize(
    "text",
    [
        "provider: ring",  # finished (a space after it), still empty
        "provider:  ",
        "quality:>=x",
        "after:2021-13-01",
        "is:sleeping",
        "colour:red",
        "a||b",
        "is:un ring",  # not the last term
    ],
)
def test_a_wrong_term_is_not_incomplete(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert not caught.value.incomplete
