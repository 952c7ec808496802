"""Live folder watch: create, modify, delete, rename; unchanged files are not parsed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import count_parses

from tui_reader.data import feed_watch
from tui_reader.data.cache import FeedCache
from tui_reader.data.session import FeedSession, load_feed


def article(title: str) -> str:
    return f"---\ntitle: {title}\nurl: https://example.org/{title.lower()}\n---\nBody.\n"


def touch_later(path: Path) -> None:
    """Give ``path`` a different mtime without sleeping (file systems round mtimes)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.md").write_text(article("Alpha"))
    (folder / "sub").mkdir()
    (folder / "sub" / "b.md").write_text(article("Beta"))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The rel_paths the watcher parses, in order."""
    return count_parses(monkeypatch, feed_watch)


def watching(paths: list[Path], **options: object) -> FeedSession:
    """A session that has loaded ``paths``: its next poll sees what changed since."""
    session = FeedSession(paths, **options)  # type: ignore[arg-type]
    session.load_all()
    return session


def make_watcher(feed: Path, tmp_path: Path) -> FeedSession:
    return watching([feed], cache_dir=tmp_path / "cache")


def test_nothing_changed_parses_nothing(feed: Path, tmp_path: Path, parsed: list[str]) -> None:
    watcher = make_watcher(feed, tmp_path)
    changes = watcher.poll()
    assert not changes and changes.summary() == "no changes" and parsed == []


def test_create(feed: Path, tmp_path: Path, parsed: list[str]) -> None:
    watcher = make_watcher(feed, tmp_path)
    (feed / "c.md").write_text(article("Gamma"))
    changes = watcher.poll()
    assert [a.title for a in changes.added] == ["Gamma"] and changes.added[0].path == str(
        feed / "c.md"
    )
    assert (changes.changed, changes.removed, changes.errors) == ([], [], [])
    assert parsed == ["c.md"] and changes.summary() == "1 new"
    assert not watcher.poll() and parsed == ["c.md"]


def test_modify(feed: Path, tmp_path: Path, parsed: list[str]) -> None:
    watcher = make_watcher(feed, tmp_path)
    target = feed / "sub" / "b.md"
    target.write_text(article("Beta two"))
    touch_later(target)
    changes = watcher.poll()
    assert [a.title for a in changes.changed] == ["Beta two"] and changes.added == []
    assert parsed == [os.path.join("sub", "b.md")]


def test_delete(feed: Path, tmp_path: Path, parsed: list[str]) -> None:
    watcher = make_watcher(feed, tmp_path)
    (feed / "a.md").unlink()
    changes = watcher.poll()
    assert changes.removed == [str(feed / "a.md")] and changes.added == changes.changed == []
    assert parsed == [] and changes.summary() == "1 removed"


def test_rename_is_removed_plus_added(feed: Path, tmp_path: Path, parsed: list[str]) -> None:
    watcher = make_watcher(feed, tmp_path)
    (feed / "a.md").rename(feed / "sub" / "renamed.md")
    changes = watcher.poll()
    assert changes.removed == [str(feed / "a.md")]
    assert [a.path for a in changes.added] == [str(feed / "sub" / "renamed.md")]
    assert changes.added[0].key == "https://example.org/alpha"  # same article, new path
    assert parsed == [os.path.join("sub", "renamed.md")]


def test_a_file_that_breaks_is_removed_with_an_error(
    feed: Path, tmp_path: Path, parsed: list[str]
) -> None:
    watcher = make_watcher(feed, tmp_path)
    target = feed / "a.md"
    target.write_text("---\n[\n---\n")
    touch_later(target)
    changes = watcher.poll()
    assert changes.removed == [str(target)] and changes.changed == []
    assert [error.path for error in changes.errors] == [str(target)]
    target.write_text(article("Alpha fixed"))
    touch_later(target)
    assert [a.title for a in watcher.poll().changed] == ["Alpha fixed"]


def test_lasting_scan_errors_are_reported_once(feed: Path, tmp_path: Path) -> None:
    watcher = make_watcher(feed, tmp_path)
    (feed / "broken.md").symlink_to(feed / "missing.md")
    assert [error.reason for error in watcher.poll().errors] == ["broken symbolic link"]
    assert not watcher.poll()


def test_single_file_roots(feed: Path, tmp_path: Path) -> None:
    single = feed / "a.md"
    watcher = watching([single], use_cache=False)
    touch_later(single)
    assert [a.title for a in watcher.poll().changed] == ["Alpha"]
    single.unlink()
    assert watcher.poll().removed == [str(single)]


def test_the_cache_follows_the_changes(feed: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_feed([feed], cache_dir=cache_dir)
    watcher = watching([feed], cache_dir=cache_dir)
    (feed / "c.md").write_text(article("Gamma"))
    (feed / "a.md").unlink()
    watcher.poll()
    entries = FeedCache(str(feed), cache_dir).load()
    assert sorted(entries) == sorted(["c.md", os.path.join("sub", "b.md")])


def test_a_look_at_named_files_stats_only_them(
    feed: Path, tmp_path: Path, parsed: list[str]
) -> None:
    watcher = make_watcher(feed, tmp_path)
    (feed / "c.md").write_text(article("Gamma"))
    (feed / "a.md").unlink()
    changes = watcher.look_at({str(feed / "c.md"), str(feed / "a.md")})
    assert [a.title for a in changes.added] == ["Gamma"]
    assert changes.removed == [str(feed / "a.md")]
    assert parsed == ["c.md"]
    # A folder named: the whole feed is looked at again (a new subfolder, a rename).
    (feed / "new").mkdir()
    (feed / "new" / "d.md").write_text(article("Delta"))
    assert [a.title for a in watcher.look_at({str(feed / "new")}).added] == ["Delta"]


def test_the_operating_system_reports_a_new_file(feed: Path, tmp_path: Path) -> None:
    import threading

    if sys.platform != "linux":
        pytest.skip("inotify is Linux's; elsewhere the feed is polled")
    watcher = make_watcher(feed, tmp_path)
    assert watcher.notified
    stop = threading.Event()
    found: list[str] = []

    def write_soon() -> None:
        (feed / "sub" / "e.md").write_text(article("Epsilon"))

    writer = threading.Timer(0.3, write_soon)
    writer.start()
    # Ends by itself if no notification ever comes: the stop event after 20 s.
    threading.Timer(20, stop.set).start()
    for changes in watcher.notifications(stop):
        found += [a.title for a in changes.added]
        if found:
            stop.set()
    writer.join()
    assert found == ["Epsilon"]
