"""Keys typed before the reader can act on them: kept, then applied in the order typed.

A person who types fast (``/amazon``, ``m c note``, a paste, tmux send-keys) must not
lose a key, nor have one act out of turn. Three things make keys wait here, oldest
first, until nothing is waited for (:meth:`EarlyKeys.release`):

- start-up: until the first rows of the feed are on screen (or the feed turned out
  empty);
- the key before: Textual hands a key to the focused widget's queue, and a binding of
  the panes acts only when the key has bubbled back to the app. Keys typed in the same
  burst would meanwhile go ahead to the same widget, even when that binding opens a
  dialog or moves the focus. So each key is followed (:meth:`EarlyKeys.follow`) through
  every queue it may pass, and the next one waits for it;
- a screen being opened: a dialog has no focused field until it is mounted, and the
  keys sent before that would reach the bare screen, which drops them.

The keys that stop the app (``ctrl+q``, ``ctrl+c``) never wait.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Iterator

from textual import events
from textual.dom import DOMNode

NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})
WAIT_AT_MOST = 1.0
"""Seconds a key (or a screen being opened) is waited for at most: should the callback
that follows it ever be dropped (a queue closed with it inside), input goes on rather
than freezing; a key then acts where Textual sends it, as without this module."""
START = "start"
"""What is waited for from the first moment: the feed's first rows."""

Done = Callable[[], Awaitable[None]]


def is_typed(event: events.Event) -> bool:
    """A key or paste straight from the terminal (not one a widget passed on)."""
    return isinstance(event, events.Key | events.Paste) and not event.is_forwarded


class EarlyKeys:
    """Holds typed input while anything is waited for (:meth:`wait`, :meth:`release`)."""

    def __init__(self) -> None:
        self._held: deque[events.Event] = deque()
        self._waiting: set[object] = {START}

    @property
    def holding(self) -> bool:
        return bool(self._waiting)

    @property
    def waiting_for(self) -> frozenset[object]:
        return frozenset(self._waiting)

    def wait(self, reason: object) -> None:
        """Hold input from now until ``reason`` is released (a key, a screen)."""
        self._waiting.add(reason)

    def hold(self, event: events.Event) -> bool:
        """Keep ``event`` if it is input that arrived too early (True when kept)."""
        if not self._waiting or not is_typed(event):
            return False
        if isinstance(event, events.Key) and event.key in NEVER_HELD:
            return False
        if isinstance(event, events.Key) and event.key == "ctrl+j" and START in self._waiting:
            # Typed before the app put the terminal in raw mode: the terminal, still in
            # line mode, turned Return into a newline (ICRNL), which reads as ctrl+j.
            event = events.Key("enter", "\r")
        self._held.append(event)
        return True

    def release(self, reason: object = START) -> Iterator[events.Event]:
        """``reason`` is no longer waited for: the events kept, oldest first, while
        nothing else is. One of them may be waited for in turn (:meth:`wait`): the rest
        then stay kept, in order, until it is released too."""
        self._waiting.discard(reason)
        while self._held and not self._waiting:
            yield self._held.popleft()

    def follow(self, event: events.Event, target: DOMNode, app: DOMNode, done: Done) -> None:
        """Hold input until ``event``, just handed to ``target``, has been handled there
        and by every node up to ``app`` it may bubble to; then ``done`` runs (in the
        app), which is to release ``event``."""
        self.wait(event)
        # Through the app's queue, as every release: a timer's callback runs in a task
        # of its own, beside the app's handlers. Releasing twice is harmless.
        app.set_timer(WAIT_AT_MOST, lambda: app.call_later(done))
        if target is app or not target.call_later(self._passed, target, app, done):
            app.call_later(done)

    async def _passed(self, node: DOMNode, app: DOMNode, done: Done) -> None:
        # Runs in ``node``'s queue, after ``node`` handled the event: if it bubbles, it
        # is in the parent's queue now, ahead of this next step.
        if node is app:
            await done()
            return
        # A node taken out of the DOM meanwhile: the event goes no further.
        parent = node.parent
        if parent is None or not parent.call_later(self._passed, parent, app, done):
            app.call_later(done)
