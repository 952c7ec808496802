"""Where the reader has been: the stack Backspace walks back along."""

from __future__ import annotations


class History:
    """A bounded stack of article uids."""

    def __init__(self, limit: int = 200) -> None:
        self._uids: list[int] = []
        self._limit = limit

    def __len__(self) -> int:
        return len(self._uids)

    def push(self, uid: int) -> None:
        """Remember ``uid`` as the place to come back to."""
        if self._uids and self._uids[-1] == uid:
            return
        self._uids.append(uid)
        del self._uids[: -self._limit]

    def pop(self) -> int | None:
        """The last place remembered, or None when there is none."""
        return self._uids.pop() if self._uids else None
