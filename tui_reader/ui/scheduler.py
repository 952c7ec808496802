"""When something should happen later: Textual timers in the app, a hand-wound clock in tests.

The dwell ("shown for 1.5 s means read") is the one behaviour that waits on the wall
clock. It asks a :class:`Scheduler` instead of a timer directly, so tests can move time
forward exactly instead of sleeping and hoping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.widget import Widget

Cancel = Callable[[], None]


class Scheduler(Protocol):
    """Runs a callback after a delay, unless cancelled first."""

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancel: ...


class TimerScheduler:
    """Timers of one widget (they stop when the widget goes)."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancel:
        return self.widget.set_timer(delay, callback).stop
