"""Folders written by other tools read right: each dialect's keys land in the model."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SEED_BODY, SHARED

from tui_reader.data import dialects
from tui_reader.data.build import SUMMARY_KEYS
from tui_reader.data.dialect_table import END, START, current_tables, with_tables
from tui_reader.data.frontmatter_parsing import parse_front_matter
from tui_reader.data.frontmatter_split import normalise_text, split_document
from tui_reader.data.loader import load_detail
from tui_reader.data.model import Article, ArticleDetail, Provider
from tui_reader.data.session import load_feed

FIXTURES = Path(__file__).parent / "fixtures" / "dialects"
FORMATS_DOC = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
Write = Callable[[str, str | bytes], Path]


def load(rel_path: str) -> Article:
    result = load_feed([FIXTURES / rel_path], use_cache=False)
    assert result.errors == []
    [article] = result.articles
    return article


def dialect_of(path: Path) -> str:
    text = normalise_text(path.read_text(encoding="utf-8"))
    split = split_document(text)
    return dialects.detect(split.format, parse_front_matter(split)).name


def day(year: int, month: int, date: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, date, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rel_path", "dialect"),
    [
        ("seed/000_seed-article.md", "seed"),
        ("hugo/lighthouse-restoration.md", "hugo"),
        ("hugo/tide-tables.md", "hugo"),
        ("hugo/market-hours.md", "hugo"),
        ("zola/content/blog/rope-bridge.md", "zola"),
        ("zola/content/blog/quiet-hours.md", "zola"),
        ("zola/content/blog/yaml-page.md", "zola"),
        ("zola/content/_index.md", "zola"),
        ("jekyll/_posts/2022-03-04-space-separated-tags.md", "jekyll"),
        ("jekyll/_posts/2022-05-06-held-back.md", "jekyll"),
        ("eleventy/blog/kite-day.md", "eleventy"),
        ("obsidian/Seed Swap Notes.md", "obsidian"),
        ("obsidian/Clippings/Allotment waiting lists.md", "obsidian"),
        ("mdx/getting-started.mdx", "plain"),
    ],
)
def test_each_fixture_is_read_in_its_dialect(rel_path: str, dialect: str) -> None:
    assert dialect_of(FIXTURES / rel_path) == dialect


def test_a_scan_and_a_full_parse_agree_on_the_dialect() -> None:
    # The loader detects from the slim scan, the write-back from the full parse.
    for path in FIXTURES.rglob("*"):
        if path.is_file():
            split = split_document(normalise_text(path.read_text(encoding="utf-8")))
            if split.closed and split.format != "none":
                scan = parse_front_matter(split, SUMMARY_KEYS)
                full = parse_front_matter(split)
                assert dialects.detect(split.format, scan) is dialects.detect(split.format, full)


def test_seed_schema() -> None:
    article = load("seed/000_seed-article.md")
    assert article.title == "Harbour Ferry Adds a Night Crossing"
    assert article.provider == Provider("Coastal Post", "coastalpost.example")
    assert article.authors == ()
    assert article.published_at == day(2024, 4, 2, 9, 15)
    assert (article.category, article.topics, article.published) == (
        "news",
        ("Transit", "Harbour"),
        False,
    )
    assert article.key == "https://www.coastalpost.example/2024/04/02/night-ferry"


def test_hugo_draft_authors_lists_tags_and_categories() -> None:
    article = load("hugo/lighthouse-restoration.md")
    assert article.authors == ("Mara Quint", "Ilse Brandt")
    assert article.provider.name == "Mara Quint, Ilse Brandt"
    assert article.published is False  # draft: true
    assert article.published_at == day(2023, 8, 21, 12)
    # Categories are not lost next to tags; the first category is the category.
    assert article.category == "Local"
    assert article.topics == ("heritage", "restoration", "Local", "Culture", "lighthouse")
    loaded = load_detail(article)
    assert isinstance(loaded, ArticleDetail)
    assert loaded.excerpt == "Scaffolding comes down three weeks early."


def test_hugo_toml_params_author_and_draft_false() -> None:
    article = load("hugo/tide-tables.md")
    assert (article.authors, article.published) == (("Owen Hale",), True)
    assert article.front_matter == "toml"
    assert (article.category, article.topics) == ("Science", ("tides", "Science", "Boating"))


def test_zola_authors_taxonomies_and_date_from_path() -> None:
    article = load("zola/content/blog/rope-bridge.md")
    assert article.authors == ("Tomas Reyes", "Ada Lind")
    assert article.provider.name == "Tomas Reyes, Ada Lind"
    assert article.published_at == day(2024, 3, 14)
    assert article.category == "Outdoors"
    assert article.topics == ("bridges", "parks", "Outdoors")
    loaded = load_detail(article)
    assert isinstance(loaded, ArticleDetail)
    assert loaded.excerpt == "Inspectors signed off on the new cables."
    assert loaded.extra["path"] == "blog/2024/03/14/rope-bridge"
    assert loaded.extra["extra"] == {"team": "Parks Desk"}


def test_zola_yaml_front_matter_and_draft() -> None:
    assert load("zola/content/blog/yaml-page.md").topics == ("orchard", "festival")
    draft = load("zola/content/blog/draft-page.md")
    assert (draft.published, draft.authors) == (False, ("Kit Moreau",))


def test_zola_published_is_read_from_extra(write_article: Write) -> None:
    path = write_article("z.md", '+++\ntitle = "Z"\n\n[extra]\npublished = true\n+++\n')
    assert load_feed([path], use_cache=False).articles[0].published is True


def test_jekyll_space_separated_tags_and_categories() -> None:
    article = load("jekyll/_posts/2022-03-04-space-separated-tags.md")
    assert article.category == "news"
    assert article.topics == ("release", "security", "performance", "news", "community")
    assert article.published_at == day(2022, 3, 4)  # from the file name
    held = load("jekyll/_posts/2022-05-06-held-back.md")
    assert (held.published, held.authors, held.category) == (False, ("Sam Okoro",), "notes")


def test_eleventy_titles_and_draft() -> None:
    article = load("eleventy/blog/kite-day.md")
    assert article.title == "Kite Day on the Common"  # the site's own ``pageTitle``
    assert article.topics == ("posts", "events")
    nav_only = load("eleventy/blog/2023-02-01-nav-only.md")
    assert nav_only.title == "Winter Swim Recap"
    assert nav_only.published_at == day(2023, 2, 1)
    assert nav_only.published is False


def test_obsidian_note() -> None:
    article = load("obsidian/Seed Swap Notes.md")
    assert article.title == "Seed Swap Notes"  # a note is titled by its file name
    assert article.topics == ("garden", "seeds", "community")
    assert article.published_at == day(2024, 3, 2)
    assert (article.published, article.authors) == (False, ("Priya Nair",))


def test_obsidian_web_clipping_with_wiki_links() -> None:
    article = load("obsidian/Clippings/Allotment waiting lists.md")
    assert article.title == "Allotment waiting lists"
    assert (article.authors, article.category) == (("June Hale",), "Clippings")
    assert article.published_at == day(2024, 5, 10)  # ``published: <date>`` is a date
    assert article.published is None


def test_a_daily_note_is_dated_by_its_file_name() -> None:
    assert load("obsidian/2024-06-01.md").published_at == day(2024, 6, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"[[Books]]"', ("Books",)),
        (
            '["[[Sci-fi|Science fiction]]", "[[Books]] and more"]',
            ("Science fiction", "Books and more"),
        ),
        ('"[[unclosed"', ("[[unclosed",)),
        ('"' + "[[" * 3000 + '"', ("[[" * 3000,)),
    ],
)
def test_wiki_links_are_their_text(
    write_article: Write, value: str, expected: tuple[str, ...]
) -> None:
    path = write_article("w.md", f"---\ncategories: {value}\n---\n")
    assert load_feed([path], use_cache=False).articles[0].topics == expected


def test_mdx_loads_as_markdown_with_jsx_as_text() -> None:
    article = load("mdx/getting-started.mdx")
    assert article.title == "Getting Started with the Widget Kit"
    assert article.topics == ("docs", "widgets")
    loaded = load_detail(article)
    assert isinstance(loaded, ArticleDetail)
    assert '<Callout type="tip">Install the kit first.</Callout>' in loaded.body


def test_whole_fixture_folder_loads_with_one_error_for_the_unfenced_file() -> None:
    result = load_feed([FIXTURES], use_cache=False)
    assert [(Path(e.path).name, e.reason) for e in result.errors] == [
        ("missing-opening-fence.md", "front matter has no opening '---' line")
    ]
    assert len(result.articles) == 18


# -- values in other shapes --------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ('+++\npath = "inside-rust/2021/07/26/slug"\n+++\n', day(2021, 7, 26)),
        ("---\nslug: 2019/02/03/x\ntaxonomies: {}\n---\n", day(2019, 2, 3)),
        ('+++\npath = "blog/2021/13/40/x/2020/01/02"\n+++\n', day(2020, 1, 2)),
        ('+++\npath = "v12021/07/26x"\n+++\n', None),
        ("---\ndate: someday\nlastmod: 2020-05-06\ndraft: false\n---\n", day(2020, 5, 6)),
        ("---\npubDate: 'Thu, 10 Jun 2021 20:31:00 GMT'\n---\n", day(2021, 6, 10, 20, 31)),
    ],
)
def test_dates_from_paths_and_fallback_keys(
    write_article: Write, front_matter: str, expected: datetime | None
) -> None:
    path = write_article("undated-name.md", front_matter)
    assert load_feed([path], use_cache=False).articles[0].published_at == expected


def test_date_segment_scan_is_linear_on_hostile_paths(write_article: Write) -> None:
    hostile = "/".join(["2021"] * 20000) + "/07"
    path = write_article("h.md", f'+++\npath = "{hostile}"\n+++\n')
    assert load_feed([path], use_cache=False).articles[0].published_at is None


def test_author_markdown_links_keep_their_text(write_article: Write) -> None:
    path = write_article(
        "a.md",
        "---\nauthor: '[Ann Lee](https://x.example/ann) ([@ann](https://t.example)), ed.'\n---\n",
    )
    assert load_feed([path], use_cache=False).articles[0].authors == ("Ann Lee (@ann), ed.",)


def test_a_site_relative_url_is_not_the_articles_url(write_article: Write) -> None:
    article = load_feed([write_article("r.md", "---\nurl: /about/\n---\n")], use_cache=False)
    assert article.articles[0].key == "r.md" and article.articles[0].url == ""


def test_seed_topic_strings_are_not_split(write_article: Write) -> None:
    path = write_article("t.md", "---\ntopics: AWS AI\noriginalUrl: https://x.example/a\n---\n")
    assert load_feed([path], use_cache=False).articles[0].topics == ("AWS AI",)


def test_author_lists_are_shared_between_articles(write_article: Write) -> None:
    write_article("a.md", "---\nauthors: [Kim, Lee]\n---\n")
    feed = write_article("b.md", "---\nauthors: [Kim, Lee]\n---\n").parent
    first, second = load_feed([feed], use_cache=False).articles
    assert first.authors is second.authors


def test_authors_survive_the_cache(write_article: Write, tmp_path: Path) -> None:
    feed = write_article("a.md", "---\nauthors: [Kim, Lee]\ndraft: true\n---\n").parent
    cold = load_feed([feed], cache_dir=tmp_path / "cache").articles
    warm = load_feed([feed], cache_dir=tmp_path / "cache").articles
    assert [(a.authors, a.published) for a in warm] == [(("Kim", "Lee"), False)]
    assert cold == warm


# -- front matter without its opening fence ---------------------------------------


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ("title: Oops\ndate: 2024-01-01\n---\nBody\n", "---"),
        ("title: Oops\ntags:\n  - a\n- b\n\n---\n", "---"),
        ('title = "Oops"\ndate = 2024-01-01\n+++\nBody\n', "+++"),
    ],
)
def test_front_matter_without_opening_fence_is_a_one_line_error(
    write_article: Write, content: str, delimiter: str
) -> None:
    bad = write_article("bad.md", content)
    write_article("good.md", "---\ntitle: fine\n---\n")
    result = load_feed([bad.parent], use_cache=False)
    assert [a.title for a in result.articles] == ["fine"]
    assert [(e.path, e.reason) for e in result.errors] == [
        (str(bad), f"front matter has no opening '{delimiter}' line")
    ]


@pytest.mark.parametrize(
    "content",
    [
        "Update: Council Votes\n---\n\nA setext heading, not front matter.\n",
        "Intro paragraph.\n\n---\n\nAfter a thematic break.\n",
        "Title: Capitalised Words\n---\n",
        "title: x\n\nA paragraph before the break.\n---\n",
        "key = value\n---\n",
        "# Heading\ntitle: x\n---\n",
    ],
)
def test_body_only_files_are_not_mistaken_for_unfenced_front_matter(
    write_article: Write, content: str
) -> None:
    assert load_feed([write_article("body.md", content)], use_cache=False).errors == []


def test_seed_body_file_is_still_all_body(sample_feed: Path) -> None:
    result = load_feed([sample_feed / SEED_BODY], use_cache=False)
    assert result.errors == []
    assert result.articles[0].title.startswith("Civil rights groups call on Amazon")


# -- real blogs --------------------------------------------------------------------


def test_real_corpus_has_title_date_and_author() -> None:
    corpus = SHARED / "corpora" / "nodejs-blog"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/nodejs-blog is not beside the project")
    result = load_feed([corpus], use_cache=False)
    assert result.errors == []
    posts = [a for a in result.articles if a.rel_path != "index.md"]
    assert len(posts) > 1000
    for field in ("title", "published_at", "authors"):
        missing = [a.rel_path for a in posts if not getattr(a, field)]
        assert len(missing) <= len(posts) // 100, (field, missing[:10])


# -- the documentation is the table ---------------------------------------------------


def test_formats_doc_lists_the_table_the_loader_applies() -> None:
    text = FORMATS_DOC.read_text(encoding="utf-8")
    assert START in text and END in text
    tables = current_tables()
    assert "| publish writes, when none is present | `extra.published` |" in tables
    assert with_tables(text, tables) == text, (
        "docs/formats.md is stale: run python -m tui_reader.data.dialect_table docs/formats.md"
    )


def test_formats_doc_examples_are_the_fixtures() -> None:
    text = FORMATS_DOC.read_text(encoding="utf-8")
    examples = re.findall(
        r"^#### `tests/fixtures/dialects/([^`]+)`\n\n```\w*\n(.*?)^```$", text, re.M | re.S
    )
    assert len(examples) >= 7
    for rel_path, shown in examples:
        assert (FIXTURES / rel_path).read_text(encoding="utf-8") == shown, rel_path
