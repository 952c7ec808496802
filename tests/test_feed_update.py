"""Applying watcher changes to a store: uids survive edits, twins are not added twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui_reader.data.feed_update import apply_changes
from tui_reader.data.loader import load_feed
from tui_reader.data.store import Store
from tui_reader.data.watch import FeedChanges, FeedWatcher


def text(title: str) -> str:
    return f"---\ntitle: {title}\nwebUrl: https://example.org/{title}\n---\nBody\n"


def test_changes_keep_uids_and_never_duplicate(write_article: Callable[..., Path]) -> None:
    first = write_article("one.md", text("one"))
    feed = first.parent
    watcher = FeedWatcher([feed], use_cache=False)
    # Written after the watcher's snapshot but before the load: both will see it.
    write_article("two.md", text("two"))
    store = Store(load_feed([str(feed)], use_cache=False).articles)
    uid_one = next(a.uid for a in store if a.title == "one")

    first.write_text(text("one-edited"), encoding="utf-8")
    update = apply_changes(store, watcher.poll())
    assert sorted(a.title for a in store) == ["one-edited", "two"]
    assert store[uid_one].title == "one-edited"
    assert update.added == []
    assert len(update.replaced) == 2

    (feed / "two.md").unlink()
    update = apply_changes(store, watcher.poll())
    assert [a.title for a in store] == ["one-edited"]
    assert len(update.removed) == 1
    assert not apply_changes(store, FeedChanges())
