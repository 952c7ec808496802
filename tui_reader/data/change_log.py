"""A generation counter with a short memory of what each generation changed.

The store and the triage state both say "I changed" this way: whatever is derived from
them keeps the generation it was built for, and on the next use asks what changed since
(a few uids or keys: patch) or learns that it is too long ago to say (rebuild).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class ChangeLog(Generic[Item]):
    """``generation`` and the items changed by each of the last ``keep`` generations."""

    def __init__(self, keep: int = 64) -> None:
        self.generation = 0
        self._entries: deque[tuple[int, frozenset[Item] | None]] = deque()
        self._keep = keep
        self._floor = 0
        """Every change after this generation is in ``_entries``."""

    def record(self, items: Iterable[Item] | None) -> int:
        """A new generation that changed ``items`` (None: anything may have changed)."""
        self.generation += 1
        self._entries.append((self.generation, None if items is None else frozenset(items)))
        if len(self._entries) > self._keep:
            self._floor = self._entries.popleft()[0]
        return self.generation

    def since(self, generation: int) -> set[Item] | None:
        """The items changed after ``generation``; None when that is not known (too long
        ago, or a change of everything): then anything may have changed."""
        # A snapshot (one C-level copy): a worker thread may ask while the owner's
        # thread records a change, and a deque mutated during iteration raises.
        entries = tuple(self._entries)
        if generation < self._floor:
            return None
        changed: set[Item] = set()
        for at, items in reversed(entries):
            if at <= generation:
                break
            if items is None:
                return None
            changed |= items
        return changed
