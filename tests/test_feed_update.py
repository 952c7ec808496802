"""Applying what the watch found to the store: uids survive edits, deletions go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui_reader.data.changes import FeedChanges, apply_changes
from tui_reader.data.session import FeedSession


def text(title: str) -> str:
    return f"---\ntitle: {title}\nwebUrl: https://example.org/{title}\n---\nBody\n"


def test_changes_keep_uids_and_never_duplicate(write_article: Callable[..., Path]) -> None:
    first = write_article("one.md", text("one"))
    feed = first.parent
    write_article("two.md", text("two"))
    session = FeedSession([feed], use_cache=False)
    session.load_all()
    store = session.store
    uid_one = next(a.uid for a in store if a.title == "one")

    first.write_text(text("one-edited"), encoding="utf-8")
    write_article("three.md", text("three"))
    update = session.apply(session.poll())
    assert sorted(a.title for a in store) == ["one-edited", "three", "two"]
    assert store[uid_one].title == "one-edited"
    assert len(update.added) == 1 and update.replaced == [uid_one]

    (feed / "two.md").unlink()
    update = session.apply(session.poll())
    assert sorted(a.title for a in store) == ["one-edited", "three"]
    assert len(update.removed) == 1
    assert not apply_changes(store, FeedChanges())


def test_the_store_says_what_changed(write_article: Callable[..., Path]) -> None:
    first = write_article("one.md", text("one"))
    session = FeedSession([first.parent], use_cache=False)
    session.load_all()
    store = session.store
    before = store.generation
    uid = next(iter(store)).uid
    first.write_text(text("one-again"), encoding="utf-8")
    session.apply(session.poll())
    assert store.generation > before
    assert store.changed_since(before) == {uid}
    assert store.changed_since(store.generation) == set()
