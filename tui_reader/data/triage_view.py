"""What the filter needs to know of triage state, without depending on how it is kept."""

from __future__ import annotations

from typing import Protocol


class TriageView(Protocol):
    """Read-only triage flags by article key."""

    def is_read(self, key: str) -> bool: ...
    def is_starred(self, key: str) -> bool: ...
    def is_archived(self, key: str) -> bool: ...


class NoTriage:
    """The view before any triage: nothing read, starred or archived."""

    def is_read(self, key: str) -> bool:
        return False

    def is_starred(self, key: str) -> bool:
        return False

    def is_archived(self, key: str) -> bool:
        return False
