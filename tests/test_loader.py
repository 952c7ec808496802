"""The loader tolerates whatever a feed folder holds, and reports what it cannot load."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SEED_BODY, SEED_FRONT_MATTER, SHARED

from tui_reader.data.loader import load_detail
from tui_reader.data.model import Article, ArticleDetail, Image, LoadError, Provider
from tui_reader.data.session import load_feed

Write = Callable[[str, str | bytes], Path]


def load_one(path: Path) -> Article:
    result = load_feed([path], use_cache=False)
    assert result.errors == []
    [article] = result.articles
    return article


def error_for(path: Path) -> str:
    result = load_feed([path.parent], use_cache=False)
    reasons = {error.path: error.reason for error in result.errors}
    assert str(path) in reasons, result.errors
    return reasons[str(path)]


def detail(article: Article) -> ArticleDetail:
    loaded = load_detail(article)
    assert isinstance(loaded, ArticleDetail)
    return loaded


# -- the seeds ---------------------------------------------------------------------


def test_seed_front_matter_only(sample_feed: Path) -> None:
    article = load_one(sample_feed / SEED_FRONT_MATTER)
    assert article.title == (
        "New Campaign to Fight Amazon's Push for World 'Dominated by Total Corporate Surveillance'"
    )
    assert article.provider == Provider("Common Dreams", "commondreams.org")
    assert article.published_at == datetime(2021, 6, 10, 20, 31, tzinfo=UTC)
    assert article.category == "news" and article.type == "article"
    assert (article.quality, article.heat, article.published) == (30, 30, False)
    assert article.topics == ("AWS AI", "AI")
    assert article.key == article.original_url == article.web_url
    assert article.original_url.startswith("https://www.commondreams.org/news/2021/06/10/")
    assert article.has_body is False and article.has_secured is True
    full = detail(article)
    assert full.excerpt.startswith("To mark the one year anniversary")
    assert full.images == (
        Image(
            "https://www.commondreams.org/sites/default/files/styles/social_share_image/public/"
            "2021-06/Bezos-2600x1361.jpg?h=0bce0d06&itok=T7KiFaUh",
            1200,
            630,
            True,
        ),
    )
    [related] = full.related
    assert related.title.startswith("More Than 20 Civil Rights Groups")
    assert related.provider == Provider("Common Dreams", "commondreams.org")
    assert related.quality == 7 and related.published_at == datetime(
        2021, 6, 10, 13, 54, tzinfo=UTC
    )
    assert full.secured is not None and full.secured.reveal().endswith(";9Um/rH5DM3/HNLtNdzmyUQ==")
    assert "UMlxJ6" not in repr(full.secured) and "UMlxJ6" not in str(full)
    assert full.body == ""


def test_seed_body_only(sample_feed: Path) -> None:
    article = load_one(sample_feed / SEED_BODY)
    assert article.title == (
        "Civil rights groups call on Amazon to cut ties with police, "
        "shut down its ‘surveillance empire’"
    )
    assert article.key == SEED_BODY and article.front_matter == "none"
    assert article.published_at is None and article.has_body
    assert detail(article).body.startswith("surveillance camera with amazon smile logo")


def test_seeds_are_bundled_unchanged(sample_feed: Path) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for seed in seeds.iterdir():
        assert (sample_feed / seed.name).read_bytes() == seed.read_bytes()


def test_whole_sample_feed_loads(sample_feed: Path) -> None:
    result = load_feed([sample_feed], use_cache=False)
    assert len(result.articles) >= 32
    assert all(article.title for article in result.articles)


# -- other tools' folders ----------------------------------------------------------


def test_real_hugo_style_corpus() -> None:
    corpus = SHARED / "corpora" / "nodejs-blog"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/nodejs-blog is not beside the project")
    result = load_feed([corpus], use_cache=False)
    assert result.errors == []
    assert len(result.articles) > 1000
    dated = [a for a in result.articles if a.published_at is not None]
    assert len(dated) / len(result.articles) > 0.95
    release = next(a for a in result.articles if a.title == "Node.js 22 is now available!")
    assert release.published_at == datetime(2024, 4, 24, 17, 45, tzinfo=UTC)
    assert release.provider.name == "The Node.js Project"
    assert release.category == "announcements"


def test_toml_front_matter(write: Write) -> None:
    path = write(
        "hugo.md",
        '+++\ntitle = "Hugo post"\ndate = 2023-01-02T03:04:05Z\ntags = ["a", "b"]\n'
        'author = "Ann"\n+++\nBody text\n',
    )
    article = load_one(path)
    assert (article.title, article.topics, article.provider.name) == (
        "Hugo post",
        ("a", "b"),
        "Ann",
    )
    assert article.published_at == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert article.front_matter == "toml" and article.has_body


def test_json_front_matter(write: Write) -> None:
    path = write("j.md", '{\n  "title": "From JSON",\n  "url": "https://ex.org/a"\n}\nBody\n')
    article = load_one(path)
    assert (article.title, article.key, article.provider.domain) == (
        "From JSON",
        "https://ex.org/a",
        "ex.org",
    )


def test_jekyll_date_from_file_name(write: Write) -> None:
    article = load_one(write("2023-05-17-hello-world.md", "---\ntitle: Hi\n---\n"))
    assert article.published_at == datetime(2023, 5, 17, tzinfo=UTC)


def test_title_falls_back_to_heading_then_file_name(write: Write) -> None:
    assert load_one(write("a.md", "intro\n\n## The Heading\n\ntext")).title == "The Heading"
    assert load_one(write("b.md", "Setext Title\n=====\n")).title == "Setext Title"
    assert load_one(write("my-nice_post.md", "tiny.\n")).title == "My nice post"


# -- tolerated field variants -----------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("2021-06-10T20:31:00Z", datetime(2021, 6, 10, 20, 31, tzinfo=UTC)),
        ("2021-06-10T22:31:00+02:00", datetime(2021, 6, 10, 20, 31, tzinfo=UTC)),
        ("'2021-06-10T20:31:00.000Z'", datetime(2021, 6, 10, 20, 31, tzinfo=UTC)),
        ("2021-06-10", datetime(2021, 6, 10, tzinfo=UTC)),
        ("2021-06-10 20:31:00", datetime(2021, 6, 10, 20, 31, tzinfo=UTC)),
        ("'2013-05-01 12:00:00 -0700'", datetime(2013, 5, 1, 19, tzinfo=UTC)),
        ("'Thu, 10 Jun 2021 20:31:00 GMT'", datetime(2021, 6, 10, 20, 31, tzinfo=UTC)),
        ("2021-13-45", None),
        ("2021-13-45T10:00:00Z", None),
        ("'sometime last week'", None),
        ("[1, 2]", None),
        ("", None),
    ],
)
def test_dates(write: Write, yaml_value: str, expected: datetime | None) -> None:
    article = load_one(write("d.md", f"---\ntitle: t\npublishedDateTime: {yaml_value}\n---\n"))
    assert article.published_at == expected
    assert article.published_at is None or article.published_at.tzinfo is not None


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [("30", 30), ("'42'", 42), ("12.7", 13), ("high", None), ("true", None), ("[1]", None),
     ("~", None), (".nan", None)],
)  # fmt: skip
def test_scores_are_coerced(write: Write, yaml_value: str, expected: int | None) -> None:
    article = load_one(write("q.md", f"---\nquality: {yaml_value}\nheat: {yaml_value}\n---\n"))
    assert article.quality == expected and article.heat == expected


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [("true", True), ("false", False), ("yes", True), ("'yes'", True), ("'no'", False),
     ("'maybe'", None), ("", None)],
)  # fmt: skip
def test_published(write: Write, yaml_value: str, expected: bool | None) -> None:
    text = f"---\npublished: {yaml_value}\n---\n" if yaml_value else "---\ntitle: x\n---\n"
    assert load_one(write("p.md", text)).published is expected


def test_provider_variants(write: Write) -> None:
    plain = load_one(write("a.md", "---\nprovider: Plain Name\nurl: https://www.x.org/a\n---\n"))
    assert plain.provider == Provider("Plain Name", "x.org")
    author = load_one(write("b.md", "---\nauthor: [Ann, {name: Bob}]\n---\n"))
    assert author.provider.name == "Ann, Bob"
    domain = load_one(write("c.md", "---\nwebUrl: https://news.example.com:8443/x\n---\n"))
    assert domain.provider == Provider("news.example.com", "news.example.com")
    assert domain.key == domain.original_url == domain.web_url == "https://news.example.com:8443/x"


def test_aliases_and_shapes(write: Write) -> None:
    path = write(
        "v.md",
        "---\nlink: https://a.org/1\ndescription: Desc\ntags: solo\n"
        "images: {url: 'https://a.org/i.png', width: '640', height: x}\n"
        "related: {title: R, url: https://a.org/2}\nlayout: post\nwordCount: 812\n---\n",
    )
    article = load_one(path)
    assert article.original_url == article.web_url == "https://a.org/1"
    assert article.topics == ("solo",) and article.related_urls == ("https://a.org/2",)
    full = detail(article)
    assert full.excerpt == "Desc"
    assert full.images == (Image("https://a.org/i.png", 640, None, None),)
    assert full.related[0].title == "R"
    assert full.extra == {"layout": "post", "wordCount": 812}


def test_null_and_junk_collections(write: Write) -> None:
    article = load_one(
        write("n.md", "---\nimages: null\nrelated: [1, null, {}]\ntopics: [a, [b], 3, a]\n---\n")
    )
    assert article.topics == ("a", "3")
    assert detail(article).images == ()


def test_feed_strings_are_sanitised(write: Write) -> None:
    article = load_one(
        write(
            "h.md",
            '---\ntitle: "\\e]52;c;ZXZpbA==\\aEvil\\e[2J \\u202eTitle"\n'
            'provider: {name: "P\\x9b1m"}\n---\nbody \x1b[31mred\x1b[0m\n',
        )
    )
    assert article.title == "Evil Title"
    assert article.provider.name == "P"
    assert detail(article).body == "body red"


def test_bom_and_crlf(write: Write) -> None:
    path = write("w.md", b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\nLine one\r\nLine two\r\n")
    article = load_one(path)
    assert article.title == "Windows"
    assert detail(article).body == "Line one\nLine two"


def test_front_matter_with_empty_body_has_no_body(write: Write) -> None:
    assert load_one(write("e.md", "---\ntitle: t\nexcerpt: E\n---\n\n  \n")).has_body is False


def test_keys_that_collide_with_library_arguments(write: Write) -> None:
    article = load_one(write("k.md", "---\ntitle: t\nhandler: h\ncontent: c\ntext: x\n---\n"))
    assert detail(article).extra == {"handler": "h", "content": "c", "text": "x"}


def test_non_string_keys(write: Write) -> None:
    article = load_one(write("ns.md", "---\n1: one\nnull: nothing\ntitle: t\n---\n"))
    assert detail(article).extra == {"1": "one", "None": "nothing"}


# -- per-file errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("---\ntitle: [unclosed\n---\n", "malformed YAML"),
        ("---\n- a list\n- not a mapping\n---\n", "not a mapping"),
        ("---\njust a string\n---\n", "not a mapping"),
        ("---\ntitle: no end\n", "no closing '---'"),
        ("+++\ntitle = \n+++\n", "malformed TOML"),
        ('{\n"title": \n}\n', "malformed JSON"),
        (b"---\ntitle: \xff\xfe\n---\n", "not UTF-8"),
        (b"---\ntitle: a\x00b\n---\n" + b"\x00" * 100, "binary"),
        ("---\n? [a, b]\n: c\n---\n", "YAML"),
        ("---\na: &a [x, x]\nb: *a\n---\n", "aliases"),
    ],
)
def test_bad_files_are_reported_and_the_rest_loads(
    write: Write, content: str | bytes, reason: str
) -> None:
    good = write("good.md", "---\ntitle: fine\n---\n")
    bad = write("bad.md", content)
    result = load_feed([good.parent], use_cache=False)
    assert [a.title for a in result.articles] == ["fine"]
    [error] = result.errors
    assert error.path == str(bad) and reason in error.reason


def test_deeply_nested_flow_sequence_is_refused_before_parsing(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The libyaml C loader dies with SIGSEGV on this: it must never reach it. Which
    # check refuses it (ours, or the parser's own depth limit in PyYAML >= 6.0.4) and
    # in which words is not the point: the file is refused in one line, the rest loads.
    from tui_reader.data import frontmatter_yaml

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the nested document reached the YAML composer")

    monkeypatch.setattr(frontmatter_yaml.FeedYAMLLoader, "get_single_node", never)
    monkeypatch.setattr(frontmatter_yaml.yaml, "load", never)
    bad = write("nest.md", "---\nx: " + "[" * 25000 + "]" * 25000 + "\n---\n")
    write("fine.md", "no front matter, a body")
    reason = error_for(bad)
    assert reason and "\n" not in reason and not reason.startswith("unexpected")
    assert len(load_feed([bad.parent], use_cache=False).articles) == 1


@pytest.mark.parametrize(
    "nesting",
    ["- " * 25000 + "x", "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 200)),
     "{" * 30000 + "}" * 30000],
)  # fmt: skip
def test_other_deep_nesting_is_refused(write: Write, nesting: str) -> None:
    bad = write("deep.md", f"---\n{nesting}\n---\n")
    assert "nest" in error_for(bad) or "malformed" in error_for(bad)


def test_deep_nesting_in_toml_and_json(write: Write) -> None:
    toml = write("deep.md", "+++\nx = " + "[" * 25000 + "]" * 25000 + "\n+++\n")
    assert "nest" in error_for(toml)
    json_file = write("deep2.md", '{\n"x": ' + "[" * 25000 + "]" * 25000 + "\n}\n")
    assert "nest" in error_for(json_file)


def test_billion_laughs_is_refused(write: Write) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bad = write("bomb.md", "---\n" + "\n".join(lines) + "\n---\n")
    assert "aliases" in error_for(bad)


def test_oversized_front_matter_is_refused(write: Write) -> None:
    bad = write("big.md", "---\n" + "x: " + "y" * (2 * 1024 * 1024) + "\n---\n")
    assert "larger than" in error_for(bad)


def test_long_body_is_fine(write: Write) -> None:
    article = load_one(write("long.md", "---\ntitle: Long\n---\n" + "word " * 400_000))
    assert article.has_body and len(detail(article).body) == 2_000_000


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_fifo_never_blocks_the_scan(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    os.mkfifo(feed / "pipe.md")
    (feed / "ok.md").write_text("---\ntitle: ok\n---\n")
    result = load_feed([feed], use_cache=False)
    assert [a.title for a in result.articles] == ["ok"]
    assert result.errors == [LoadError(str(feed / "pipe.md"), "not a regular file")]


def test_symlinks(tmp_path: Path) -> None:
    feed, outside = tmp_path / "feed", tmp_path / "outside"
    feed.mkdir()
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: secret\n---\n")
    (feed / "real.md").write_text("---\ntitle: real\n---\n")
    (feed / "sub").mkdir()
    (feed / "alias.md").symlink_to(feed / "real.md")
    (feed / "escape.md").symlink_to(outside / "secret.md")
    (feed / "escape_dir").symlink_to(outside)
    (feed / "loop.md").symlink_to(feed / "loop.md")
    (feed / "sub" / "up").symlink_to(feed)  # a folder loop: must not recurse
    (feed / "dangling.md").symlink_to(feed / "missing.md")
    result = load_feed([feed], use_cache=False)
    assert sorted(a.title for a in result.articles) == ["real", "real"]
    reasons = {Path(e.path).name: e.reason for e in result.errors}
    assert reasons == {
        "escape.md": "symbolic link leads outside the feed folder",
        "escape_dir": "symbolic link leads outside the feed folder",
        "loop.md": "symbolic link loop",
        "dangling.md": "broken symbolic link",
    }


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads all")
def test_unreadable_file(write: Write) -> None:
    bad = write("locked.md", "---\ntitle: x\n---\n")
    bad.chmod(0)
    assert "cannot open" in error_for(bad)


def test_hidden_entries_and_other_suffixes_are_ignored(write: Write) -> None:
    write(".git/x.md", "---\ntitle: hidden\n---\n")
    write("notes.json", "{}")
    write("a.markdown", "# A\n")
    write("b.txt", "# B\n")
    result = load_feed([write("c.md", "# C\n").parent], use_cache=False)
    assert sorted(a.title for a in result.articles) == ["A", "B", "C"]


def test_missing_path_raises() -> None:
    with pytest.raises(FileNotFoundError):
        load_feed(["/no/such/feed"], use_cache=False)


@pytest.fixture
def write(write_article: Write) -> Write:
    return write_article
