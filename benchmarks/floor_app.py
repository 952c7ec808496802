"""The harness floor: the smallest Textual app that shows a key's effect on screen.

``bench_app.py`` runs it in tmux beside the real app: its launch-to-first-frame and
key-to-update times are what Python, Textual, tmux and the screen polling cost before
any work of ours. Each key press adds one to the counter shown.
"""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

LABEL = "presses: {}"


class FloorApp(App[None]):
    """A counter of key presses."""

    presses = 0

    def compose(self) -> ComposeResult:
        yield Static(LABEL.format(0), id="count")

    def on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+q":
            self.exit()
            return
        self.presses += 1
        self.query_one("#count", Static).update(LABEL.format(self.presses))


if __name__ == "__main__":
    FloorApp().run()
