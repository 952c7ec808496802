"""What a look at the feed on disk found, and how it goes into the store.

A renamed file is a removal plus an addition. ``changed`` holds files that were already
there; one that failed to load before is not in the store yet (it is added). A changed
file that no longer loads has its path in ``removed`` and its :class:`LoadError` in
``errors``. A changed file keeps its uid (``Store.replace``), so the list cursor,
history and related jumps that hold that uid still point at the same article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.data.model import Article, LoadError
from tui_reader.data.store import Store


@dataclass(slots=True)
class FeedChanges:
    """What one poll found, relative to the poll before."""

    added: list[Article] = field(default_factory=list)
    changed: list[Article] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.errors)

    def summary(self) -> str:
        """A short note for the header: "2 new, 1 changed, 1 removed"."""
        parts = [
            f"{len(items)} {label}"
            for items, label in (
                (self.added, "new"),
                (self.changed, "changed"),
                (self.removed, "removed"),
                (self.errors, "unreadable"),
            )
            if items
        ]
        return ", ".join(parts) if parts else "no changes"


@dataclass(slots=True)
class StoreUpdate:
    """The uids touched by one batch of changes."""

    added: list[int] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


def apply_changes(store: Store, changes: FeedChanges) -> StoreUpdate:
    """Remove, replace and add articles in ``store`` as ``changes`` say.

    An "added" file already in the store (it appeared between the watcher's first scan
    and the initial load, which then loaded it too) replaces its twin instead of being
    added twice; a "changed" file missing from the store (it failed to load before) is
    added.
    """
    update = StoreUpdate()
    if not changes:
        return update
    # One pass to index paths: Store.by_path is linear, and a batch may hold many files.
    uid_by_path = {article.path: article.uid for article in store}
    removed = [uid_by_path.pop(path) for path in changes.removed if path in uid_by_path]
    if removed:
        store.remove(removed)
        update.removed = removed
    fresh = []
    for article in (*changes.changed, *changes.added):
        uid = uid_by_path.get(article.path)
        if uid is None:
            fresh.append(article)
        else:
            store.replace(uid, article)
            update.replaced.append(uid)
    update.added = store.add(fresh)
    return update
