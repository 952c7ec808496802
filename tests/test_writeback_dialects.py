"""Publish writes in each file's own terms and leaves it valid for the tool that owns it."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SHARED

from tui_reader.data.frontmatter_split import normalise_text, split_document
from tui_reader.data.session import load_feed
from tui_reader.data.writeback import (
    Expected,
    WriteBackError,
    restore_bytes,
    sha256_hex,
    with_published,
    write_published,
)

FIXTURES = Path(__file__).parent / "fixtures" / "dialects"

# Zola's own lists (getzola/zola, components/content/src/front_matter/page.rs and
# section.rs, v0.22): a section refuses any other top-level key (deny_unknown_fields); a
# page silently drops it, so a value of ours must live under [extra] to be kept at all.
ZOLA_PAGE_KEYS = frozenset({
    "title", "description", "updated", "date", "draft", "render", "slug", "path",
    "taxonomies", "weight", "authors", "aliases", "template", "in_search_index", "extra",
})  # fmt: skip
ZOLA_SECTION_KEYS = frozenset({
    "title", "description", "sort_by", "weight", "draft", "template", "paginate_by",
    "paginate_reversed", "paginate_path", "insert_anchor_links", "render", "redirect_to",
    "in_search_index", "transparent", "page_template", "aliases", "generate_feeds", "extra",
})  # fmt: skip


def front_matter(data: bytes) -> dict[str, Any]:
    """The front matter as the owning tool's own parser (tomllib, PyYAML) reads it."""
    text = normalise_text(data.decode("utf-8"))
    split = split_document(text)
    assert split.closed and split.format in ("yaml", "toml")
    inner = split.front_matter.split("\n", 1)[1].rsplit("\n", 2)[0]
    loaded = tomllib.loads(inner) if split.format == "toml" else yaml.safe_load(inner)
    return loaded or {}


def zola_rules(meta: dict[str, Any], name: str) -> None:
    allowed = ZOLA_SECTION_KEYS if name == "_index.md" else ZOLA_PAGE_KEYS
    assert set(meta) <= allowed, set(meta) - allowed
    assert isinstance(meta.get("draft", False), bool)
    assert isinstance(meta.get("extra", {}), dict)
    assert isinstance(meta.get("extra", {}).get("published", False), bool)


def hugo_rules(meta: dict[str, Any], name: str) -> None:
    # Hugo reads ``published`` as publishDate: a yes/no there fails the build.
    assert "published" not in meta
    assert isinstance(meta["draft"], bool)


def jekyll_rules(meta: dict[str, Any], name: str) -> None:
    assert isinstance(meta["published"], bool)


def eleventy_rules(meta: dict[str, Any], name: str) -> None:
    assert isinstance(meta["draft"], bool) and "published" not in meta


def obsidian_rules(meta: dict[str, Any], name: str) -> None:
    # Obsidian properties are flat: nothing nested may be added.
    assert isinstance(meta["publish"], bool) and "extra" not in meta


def clipping_rules(meta: dict[str, Any], name: str) -> None:
    # The clipping's ``published`` is the article's date: it stays one.
    assert str(meta["published"]) == "2024-05-10" and isinstance(meta["draft"], bool)


def seed_rules(meta: dict[str, Any], name: str) -> None:
    assert isinstance(meta["published"], bool)


# (fixture, owner's rules, lines removed and added by publishing, by unpublishing)
CASES = [
    ("seed/000_seed-article.md", seed_rules,
     (["published: false"], ["published: true"]), ([], [])),
    ("hugo/lighthouse-restoration.md", hugo_rules,
     (["draft: true"], ["draft: false"]), ([], [])),
    ("hugo/tide-tables.md", hugo_rules,
     ([], []), (["draft = false"], ["draft = true"])),
    ("hugo/market-hours.md", hugo_rules, ([], ["draft: false"]), ([], ["draft: true"])),
    ("zola/content/blog/rope-bridge.md", zola_rules,
     ([], ["published = true"]), ([], ["published = false"])),
    ("zola/content/blog/quiet-hours.md", zola_rules,
     ([], ["", "[extra]", "published = true"]), ([], ["", "[extra]", "published = false"])),
    ("zola/content/blog/draft-page.md", zola_rules,
     (["draft = true"], ["draft = false"]), ([], [])),
    ("zola/content/blog/yaml-page.md", zola_rules,
     ([], ["  published: true"]), ([], ["  published: false"])),
    ("zola/content/_index.md", zola_rules,
     ([], ["", "[extra]", "published = true"]), ([], ["", "[extra]", "published = false"])),
    ("jekyll/_posts/2022-03-04-space-separated-tags.md", jekyll_rules,
     ([], ["published: true"]), ([], ["published: false"])),
    ("jekyll/_posts/2022-05-06-held-back.md", jekyll_rules,
     (["published: false"], ["published: true"]), ([], [])),
    ("eleventy/blog/kite-day.md", eleventy_rules,
     ([], ["draft: false"]), ([], ["draft: true"])),
    ("eleventy/blog/2023-02-01-nav-only.md", eleventy_rules,
     (["draft: true"], ["draft: false"]), ([], [])),
    ("obsidian/Seed Swap Notes.md", obsidian_rules,
     (["publish: false"], ["publish: true"]), ([], [])),
    ("obsidian/Clippings/Allotment waiting lists.md", clipping_rules,
     ([], ["draft: false"]), ([], ["draft: true"])),
]  # fmt: skip


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    removed, added = [], []
    old, new = before.decode().splitlines(), after.decode().splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


@pytest.mark.parametrize(("rel_path", "rules", "on_publish", "on_unpublish"), CASES)
def test_publish_in_the_files_own_terms(
    tmp_path: Path,
    rel_path: str,
    rules: Any,
    on_publish: tuple[list[str], list[str]],
    on_unpublish: tuple[list[str], list[str]],
) -> None:
    original = (FIXTURES / rel_path).read_bytes()
    path = tmp_path / Path(rel_path).name
    for value, expected in ((True, on_publish), (False, on_unpublish)):
        path.write_bytes(original)
        result = write_published(str(path), value, Expected(sha256=sha256_hex(original)))
        written = path.read_bytes()
        assert changed_lines(original, written) == expected
        assert result.changed is (written != original)
        # Still valid for its tool, and the loader reads the state back from there.
        rules(front_matter(written), path.name)
        [article] = load_feed([path], use_cache=False).articles
        assert article.published is value
        # Undo puts the very bytes back.
        if result.changed:
            restore_bytes(str(path), result.previous, result.new_sha256)
            assert path.read_bytes() == original


def test_every_fixture_stays_valid_after_publish_and_unpublish() -> None:
    files = [
        p for p in FIXTURES.rglob("*") if p.is_file() and p.read_bytes()[:3] in (b"---", b"+++")
    ]
    assert len(files) == 16
    for path in files:
        data = path.read_bytes()
        for value in (True, False, True):
            data = with_published(data, value)
            front_matter(data)
        assert with_published(data, True) == data


def test_a_date_in_the_key_to_write_is_never_overwritten() -> None:
    data = b"---\noriginalUrl: https://x.example/a\npublished: 2021-06-10\n---\n"
    with pytest.raises(WriteBackError, match="holds a date"):
        with_published(data, True)


def test_a_file_without_front_matter_is_refused() -> None:
    for name in ("missing-opening-fence.md", "setext-heading.md"):
        with pytest.raises(WriteBackError, match="no front matter"):
            with_published((FIXTURES / "broken" / name).read_bytes(), True)


def test_publish_on_a_real_blog_sample(tmp_path: Path) -> None:
    corpus = SHARED / "corpora" / "nodejs-blog"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/nodejs-blog is not beside the project")
    sample = sorted(corpus.rglob("*.md"))[::25]
    assert len(sample) > 30
    for source in sample:
        original = source.read_bytes()
        path = tmp_path / source.name
        path.write_bytes(original)
        result = write_published(str(path), True, Expected(sha256=sha256_hex(original)))
        removed, added = changed_lines(original, path.read_bytes())
        assert removed == [] and len(added) == 1, source
        before, after = front_matter(original), front_matter(path.read_bytes())
        assert {k: v for k, v in after.items() if k not in before} in (
            {"draft": False},
            {"published": True},
        )
        assert load_feed([path], use_cache=False).articles[0].published is True
        restore_bytes(str(path), result.previous, result.new_sha256)
        assert path.read_bytes() == original
