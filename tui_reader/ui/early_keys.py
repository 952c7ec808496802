"""Keys typed before the reader can act on them: kept, then applied in the order typed.

A person who starts the reader and types at once (``/amazon``, ``jjj``, a paste) must
not lose a key to start-up: until the first rows of the feed are on screen (or the feed
turned out empty), key and paste events wait here. ``release`` hands them back, oldest
first, and from then on nothing waits. The keys that stop the app (``ctrl+q``,
``ctrl+c``) never wait.
"""

from __future__ import annotations

from textual import events

NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})


class EarlyKeys:
    """Holds input events until :meth:`release`."""

    def __init__(self) -> None:
        self._held: list[events.Event] = []
        self._holding = True

    @property
    def holding(self) -> bool:
        return self._holding

    def hold(self, event: events.Event) -> bool:
        """Keep ``event`` if it is input that arrived too early (True when kept)."""
        if not self._holding or event.is_forwarded:
            return False
        if isinstance(event, events.Key) and event.key not in NEVER_HELD:
            self._held.append(event)
            return True
        if isinstance(event, events.Paste):
            self._held.append(event)
            return True
        return False

    def release(self) -> list[events.Event]:
        """Stop holding; the events kept so far, in the order they came."""
        self._holding = False
        held, self._held = self._held, []
        return held
