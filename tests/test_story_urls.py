"""Canonical URLs: the shared copies of one page have one spelling, other pages do not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.data.stories.canonical_url import canonical_url

PAGE = "https://www.example.com/news/2026/08/11/bridge-closed"


@pytest.mark.parametrize(
    "variant",
    [
        PAGE,
        "http://www.example.com/news/2026/08/11/bridge-closed",
        "https://example.com/news/2026/08/11/bridge-closed",
        "HTTPS://WWW.Example.COM/news/2026/08/11/bridge-closed",
        "https://www.example.com/news/2026/08/11/bridge-closed/",
        "https://www.example.com//news/2026/08/11//bridge-closed",
        "https://www.example.com:443/news/2026/08/11/bridge-closed",
        "https://m.example.com/news/2026/08/11/bridge-closed",
        "https://www.example.com/news/2026/08/11/bridge-closed#comments",
        "https://www.example.com/news/2026/08/11/bridge-closed?utm_source=newsletter&utm_medium=email",
        "https://www.example.com/news/2026/08/11/bridge-closed?fbclid=IwAR0abc&gclid=xyz",
        "https://www.example.com/news/2026/08/11/bridge-closed?mc_cid=1&mc_eid=2&ref=rss",
        "https://www.example.com/news/2026/08/11/bridge-closed/amp/",
        "https://www.example.com/amp/news/2026/08/11/bridge-closed",
        "https://amp.example.com/news/2026/08/11/bridge-closed",
        "https://www.example.com/news/2026/08/11/bridge-closed?amp=1",
        "https://www.example.com/news/2026/08/11/bridge-closed?outputType=amp",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/2026/08/11/bridge-closed/amp/",
        "  https://www.example.com/news/2026/08/11/bridge-closed  ",
    ],
)
def test_shared_copies_of_a_page_have_one_canonical_url(variant: str) -> None:
    assert (
        canonical_url(variant)
        == canonical_url(PAGE)
        == "//example.com/news/2026/08/11/bridge-closed"
    )


def test_amp_before_the_extension_and_index_pages() -> None:
    assert canonical_url("https://site.org/a/story.amp.html") == "//site.org/a/story.html"
    assert canonical_url("https://site.org/a/story/index.html") == "//site.org/a/story"
    assert (
        canonical_url("https://site.org/") == canonical_url("http://www.site.org") == "//site.org"
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (PAGE, "https://www.example.com/news/2026/08/11/bridge-reopens"),
        (PAGE, "https://www.example.org/news/2026/08/11/bridge-closed"),
        (PAGE, "https://www.example.com/News/2026/08/11/Bridge-Closed"),  # paths keep case
        ("https://site.org/read?id=1", "https://site.org/read?id=2"),
        ("https://site.org/read?id=1", "https://site.org/read"),
        ("https://site.org:8080/a", "https://site.org/a"),
        ("https://news.site.org/a", "https://site.org/a"),
    ],
)
def test_different_pages_stay_different(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)


def test_parameters_that_name_the_page_are_kept_in_one_order() -> None:
    assert canonical_url("https://site.org/read?b=2&a=1&utm_campaign=x") == canonical_url(
        "https://site.org/read?a=1&b=2"
    )
    assert canonical_url("https://site.org/read?a=1&b=2").endswith("?a=1&b=2")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "notes/2026/draft.md",
        "mailto:someone@example.com",
        "https://",
        "http://[::1",
        "x" * 9000,
        "HTTP:// #",  # a host of spaces (found by the property test below)
    ],
)
def test_what_is_not_a_web_url_is_returned_as_it_is(value: str) -> None:
    assert canonical_url(value) == value.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.from_regex(r"https?://[\w.\-:@\[\]]{0,30}[/?#&=%\w.~+-]{0,60}"))
def test_any_text_gets_a_canonical_form_without_an_error(value: str) -> None:
    first = canonical_url(value)
    assert isinstance(first, str)
    assert canonical_url(first) == first
