"""The metadata cache: reopening a folder re-parses only what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import count_parses

from tui_reader.data import loader
from tui_reader.data.cache import FeedCache
from tui_reader.data.session import load_feed


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths the loader actually parses (cache misses)."""
    return count_parses(monkeypatch, loader)


def make_feed(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"a{index}.md").write_text(f"---\ntitle: Article {index}\n---\nbody\n")


def titles(folder: Path, cache_dir: Path) -> list[str]:
    return sorted(a.title for a in load_feed([folder], cache_dir=cache_dir).articles)


def test_second_load_parses_nothing(tmp_path: Path, parsed: list[str]) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 5)
    first = load_feed([feed], cache_dir=cache).articles
    assert len(parsed) == 5
    parsed.clear()
    second = load_feed([feed], cache_dir=cache).articles
    assert parsed == []
    assert [(a.key, a.title, a.provider, a.published_at) for a in second] == [
        (a.key, a.title, a.provider, a.published_at) for a in first
    ]


def test_changed_added_and_removed_files(tmp_path: Path, parsed: list[str]) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 3)
    load_feed([feed], cache_dir=cache)
    parsed.clear()
    (feed / "a0.md").write_text("---\ntitle: Changed and longer\n---\n")
    (feed / "a1.md").unlink()
    (feed / "new.md").write_text("---\ntitle: New\n---\n")
    assert titles(feed, cache) == ["Article 2", "Changed and longer", "New"]
    assert sorted(parsed) == ["a0.md", "new.md"]


def test_same_size_new_mtime_is_reparsed(tmp_path: Path, parsed: list[str]) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 1)
    load_feed([feed], cache_dir=cache)
    parsed.clear()
    path = feed / "a0.md"
    path.write_text("---\ntitle: Article 9\n---\nbody\n")  # same size
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert titles(feed, cache) == ["Article 9"]
    assert parsed == ["a0.md"]


def test_errors_are_cached_too(tmp_path: Path, parsed: list[str]) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    feed.mkdir()
    (feed / "bad.md").write_text("---\n[\n---\n")
    first = load_feed([feed], cache_dir=cache)
    parsed.clear()
    second = load_feed([feed], cache_dir=cache)
    assert parsed == [] and second.errors == first.errors and len(first.errors) == 1


def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 2)
    load_feed([feed], cache_dir=cache)
    cache_file = FeedCache(str(feed), cache).path
    cache_file.write_bytes(b"\x00garbage")
    assert titles(feed, cache) == ["Article 0", "Article 1"]
    assert FeedCache(str(feed), cache).load() != {}  # rewritten


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 1)
    load_feed([feed], cache_dir=cache, use_cache=False)
    assert not cache.exists()


def test_parallel_cold_load_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed"
    make_feed(feed, 60)
    (feed / "bad.md").write_text("---\n[\n---\n")
    serial = load_feed([feed], use_cache=False, workers=1)
    monkeypatch.setattr(loader, "PARALLEL_THRESHOLD", 10)
    parallel = load_feed([feed], use_cache=False, workers=2)
    assert [(a.path, a.title) for a in parallel.articles] == [
        (a.path, a.title) for a in serial.articles
    ]
    assert parallel.errors == serial.errors


def test_a_cache_cut_short_costs_only_the_files_it_lost(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.data import cache as cache_module

    feed, cache = tmp_path / "feed", tmp_path / "cache"
    make_feed(feed, 6)
    monkeypatch.setattr(cache_module, "PART_SIZE", 2)  # three parts
    load_feed([feed], cache_dir=cache)
    cache_file = FeedCache(str(feed), cache).path
    data = cache_file.read_bytes()
    cache_file.write_bytes(data[: len(data) - 10])  # the last part is cut short
    parsed.clear()
    assert titles(feed, cache) == [f"Article {n}" for n in range(6)]
    assert len(parsed) == 2  # the two files of the lost part
    parsed.clear()
    assert titles(feed, cache) == [f"Article {n}" for n in range(6)] and parsed == []  # rewritten
