"""Apply what the folder watcher found (:class:`FeedChanges`) to a :class:`Store`.

Kept apart from the UI so the store bookkeeping is testable without Textual. A changed
file keeps its uid (``Store.replace``), so the list cursor, history and related jumps
that hold that uid still point at the same article after it is edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.data.store import Store
from tui_reader.data.watch import FeedChanges


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
