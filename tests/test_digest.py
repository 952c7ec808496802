"""Digests (``tui-reader export``, the app's ``x``): golden files for each format on a
fixed feed of sample articles (with tags and notes), hostile titles, URLs and notes
escaped in HTML and Markdown, grouping and order, and the CLI around it.

The golden files are ``tests/fixtures/digests/``; after a deliberate change, rewrite them
with ``UPDATE_GOLDEN=1 python -m pytest tests/test_digest.py``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui_reader.cli import main
from tui_reader.data.digest import (
    GROUPINGS,
    DigestEntry,
    format_for,
    group_entries,
    make_digest,
    md_text,
    render,
)
from tui_reader.data.model import Article, Provider
from tui_reader.data.sanitize import clean_line, is_display_safe
from tui_reader.data.triage import TagEdit, TriageState

FIXTURES = Path(__file__).parent / "fixtures"
FEED = FIXTURES / "digest_feed"
GOLDEN = FIXTURES / "digests"
HOSTILE = "</a><script>alert(1)</script> [x](javascript:alert(1)) *bold* &amp; <b>"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """The fixture feed with tags and notes of the reader's (one of them hostile)."""
    db = tmp_path / "triage.sqlite3"
    with TriageState(FEED, db) as triage:
        protest = _key_of("002_protest-amazon-surveillance-empire.md")
        ring = _key_of("003_ring-police-requests-neighbors-app.md")
        triage.edit_tags([protest, ring], TagEdit(add=("briefing",)))
        triage.edit_tags(ring, TagEdit(add=("follow-up",)))
        triage.set_note(ring, "Ask the city how many requests it made.\nCompare with 2020.")
        triage.set_note(
            _key_of("099_hostile-title.md"), "</blockquote><script>x</script>\n> [z](javascript:1)"
        )
    return db


def _key_of(rel_path: str) -> str:
    from tui_reader.data.session import FeedSession

    session = FeedSession([str(FEED)], use_cache=False)
    session.load_all()
    return next(article.key for article in session.store if article.rel_path == rel_path)


CASES = {
    "md": ("--group", "provider"),
    "html": ("--group", "day"),
    "json": ("--group", "topic"),
}


@pytest.mark.parametrize("format_name", list(CASES))
def test_golden_digest(capsys: pytest.CaptureFixture[str], state: Path, format_name: str) -> None:
    code, out, err = run(
        capsys,
        "export",
        str(FEED),
        "--no-cache",
        "--state",
        str(state),
        "--query",
        "",
        "--format",
        format_name,
        *CASES[format_name],
    )
    assert code == 0, err
    golden = GOLDEN / f"digest.{format_name}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


class _Elements(HTMLParser):
    """The tags, link targets and text a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_entry() -> DigestEntry:
    article = Article(
        key="evil",
        path="/feed/evil.md",
        rel_path="evil.md",
        title=HOSTILE,
        provider=Provider("<i>Evil</i> Wire", "evil.example"),
        published_at=datetime(2021, 6, 9, tzinfo=UTC),
        web_url="javascript:alert(document.cookie)",
        topics=("<script>",),
    )
    note = "</blockquote><script>x</script>\n> [z](javascript:1)\n# heading\n1. item"
    return DigestEntry(
        article, "<img src=x onerror=alert(1)> `code` [y](javascript:void)", ("<t>",), note
    )


def test_hostile_text_is_text_in_html() -> None:
    page = render(make_digest([hostile_entry()], "<script>q</script>", "provider"), "html")
    elements = _Elements()
    elements.feed(page)
    assert "script" not in elements.tags and "img" not in elements.tags
    assert set(elements.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "p",
        "section",
        "h2",
        "article",
        "h3",
        "span",
        "time",
        "blockquote",
    }
    assert elements.hrefs == []  # a javascript: URL is never a link
    text = "".join(elements.text)
    assert HOSTILE in text and "<img src=x onerror=alert(1)>" in text
    assert "</blockquote><script>x</script>" in text
    assert "default-src 'none'" in page  # and no script may run in the page at all


def test_hostile_text_is_text_in_markdown() -> None:
    document = render(make_digest([hostile_entry()], "", "topic"), "md")
    parsed = MarkdownIt("commonmark").parse(document)
    kinds = {token.type for token in parsed for token in [token, *(token.children or [])]}
    assert not kinds & {
        "html_inline",
        "html_block",
        "link_open",
        "image",
        "code_inline",
        "ordered_list_open",
        "bullet_list_open",
        "em_open",
        "strong_open",
    }
    rendered = MarkdownIt("commonmark").render(document)
    assert "href" not in rendered and "<script>" not in rendered and "<img" not in rendered
    # What a reader sees is exactly the feed's text.
    texts = [c.content for t in parsed if t.type == "inline" for c in t.children or []]
    assert HOSTILE in texts
    note = hostile_entry().note.split("\n")
    assert all(line in texts for line in note)


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "</a><script>",
        "# h",
        "12. x",
        "- x",
        "+ x",
        "> q",
        "a_b*c",
        "&lt;b&gt; &#x6a;",
        "![i](http://x/y.png)",
        "<https://x.example>",
        "back\\slash`tick`",
    ],
)
def test_markdown_escape_renders_as_the_text_itself(text: str) -> None:
    parsed = MarkdownIt("commonmark").parse(md_text(text))
    inline = [t for t in parsed if t.type == "inline"]
    assert len(inline) == 1 and inline[0].children is not None
    assert [c.type for c in inline[0].children] == ["text"]
    assert inline[0].children[0].content == text
    assert parsed[0].type == "paragraph_open"


def test_groups_and_their_order() -> None:
    def entry(
        key: str, provider: str, day: int | None, topics: tuple[str, ...] = ()
    ) -> DigestEntry:
        return DigestEntry(
            Article(
                key,
                f"/f/{key}.md",
                f"{key}.md",
                key.upper(),
                Provider(provider),
                published_at=datetime(2024, 5, day, tzinfo=UTC) if day else None,
                topics=topics,
            )
        )

    entries = [
        entry("a", "zeta", 3, ("Labor",)),
        entry("b", "", 5),
        entry("c", "Alpha", 3, ("labor", "x")),
        entry("d", "alpha", None, ("Climate",)),
    ]

    def names(by: str) -> list[tuple[str, list[str]]]:
        return [(g.name, [e.article.key for e in g.entries]) for g in group_entries(entries, by)]

    assert names("provider") == [("Alpha", ["c", "d"]), ("zeta", ["a"]), ("No provider", ["b"])]
    assert names("day") == [
        ("2024-05-05", ["b"]),
        ("2024-05-03", ["a", "c"]),
        ("Date unknown", ["d"]),
    ]
    assert names("topic") == [("Climate", ["d"]), ("Labor", ["a", "c"]), ("No topic", ["b"])]
    assert names("") == [("", ["a", "b", "c", "d"])]
    assert set(GROUPINGS) == {"provider", "topic", "day", "story"}


def test_export_writes_a_file_and_says_where(
    capsys: pytest.CaptureFixture[str], state: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "briefing.html"
    target.parent.mkdir()
    code, out, err = run(
        capsys,
        "export",
        str(FEED),
        "--no-cache",
        "--state",
        str(state),
        "--query",
        "tag:briefing",
        "-o",
        str(target),
    )
    assert code == 0 and out == ""
    assert err.strip() == f"tui-reader: wrote 2 articles to {target}"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<article>") == 2
    assert "Ask the city how many requests it made." in page
    assert not list(target.parent.glob(".digest-*"))  # no temporary file left behind
    assert format_for("x.JSON") == "json" and format_for("x.txt") == "md"


def test_export_refuses_a_bad_query_and_an_unwritable_file(
    capsys: pytest.CaptureFixture[str], state: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", str(FEED), "--no-cache", "--query", "quality:>>")
    assert code == 2 and "quality" in err
    code, _, err = run(
        capsys,
        "export",
        str(FEED),
        "--no-cache",
        "--query",
        "",
        "-o",
        str(tmp_path / "missing" / "x.md"),
    )
    assert code == 1 and "cannot write" in err


def test_json_digest_carries_tags_and_notes(
    capsys: pytest.CaptureFixture[str], state: Path
) -> None:
    code, out, _ = run(
        capsys,
        "export",
        str(FEED),
        "--no-cache",
        "--state",
        str(state),
        "--query",
        "has:note",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert document["count"] == 2 and document["group"] is None
    ring = next(a for g in document["groups"] for a in g["articles"] if "Ring" in a["title"])
    assert ring["tags"] == ["briefing", "follow-up"]
    assert ring["note"] == "Ask the city how many requests it made.\nCompare with 2020."
    hostile = next(a for g in document["groups"] for a in g["articles"] if a["url"] is None)
    assert hostile["title"] == HOSTILE


MARKUP_PIECES = [
    "[", "]", "(", ")", "<", ">", "</a>", "<script>", "javascript:", "&", "&amp;", "&#x6a;",
    "*", "_", "`", "~", "!", "|", "\\", "#", "-", "+", "=", "1.", "2)", ">", " ", "\n", "\x1b[2J",
    "\u202e", "http://x.example", "<!--", "-->", '"', "'", "é",
]  # fmt: skip
_markup_text = st.lists(
    st.one_of(st.sampled_from(MARKUP_PIECES), st.text(max_size=6)), max_size=14
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_markup_text)
def test_any_text_renders_as_itself_in_markdown(text: str) -> None:
    expected = clean_line(text)
    parsed = MarkdownIt("commonmark").parse(md_text(text))
    children = [c for t in parsed if t.type == "inline" for c in t.children or []]
    if not expected:
        assert children == []
        return
    assert [c.type for c in children] == ["text"] and children[0].content == expected


@settings(max_examples=100, deadline=None)
@given(_markup_text, _markup_text, _markup_text)
def test_any_title_excerpt_and_note_are_text_in_html(title: str, excerpt: str, note: str) -> None:
    article = Article("k", "/f/k.md", "k.md", title, Provider(excerpt), web_url=title)
    page = render(make_digest([DigestEntry(article, excerpt, ("t",), note)], title), "html")
    elements = _Elements()
    elements.feed(page)
    assert "script" not in elements.tags and "img" not in elements.tags
    assert all(href.startswith(("http://", "https://")) for href in elements.hrefs)
    assert all(is_display_safe(char) for char in page)


def test_export_grouped_by_story_puts_the_two_seeds_under_one_heading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tui_reader.resources import sample_feed_dir

    code, out, _err = run(
        capsys,
        "export",
        str(sample_feed_dir()),
        "--no-cache",
        "--state",
        str(tmp_path / "state.sqlite3"),
        "--query",
        "amazon",
        "--format",
        "json",
        "--group",
        "story",
    )
    assert code == 0
    digest = json.loads(out)
    groups = {
        group["name"]: [entry["rel_path"] for entry in group["articles"]]
        for group in digest["groups"]
    }
    together = [names for names in groups.values() if any(n.startswith("000_") for n in names)]
    assert len(together) == 1 and any(n.startswith("001_") for n in together[0])
