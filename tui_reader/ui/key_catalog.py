"""The keys of the reader, read from the widgets' BINDINGS (for help and the palette).

Nothing here lists a key by hand: adding a Binding to a pane is enough for it to show
in the ``?`` screen and in the command palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


@dataclass(frozen=True, slots=True)
class KeyCommand:
    """One action of one node, with every key bound to it."""

    group: str
    node: DOMNode
    action: str
    description: str
    keys: tuple[str, ...]


def commands_of(app: App[object], group: str, node: DOMNode) -> list[KeyCommand]:
    """The described bindings of ``node``'s class (and its bases), one entry per action."""
    by_action: dict[str, tuple[str, list[str]]] = {}
    for cls in reversed(type(node).__mro__):
        # Only the reader's own classes: Textual's base bindings (scrolling an
        # OptionList, focus cycling) are rebound or irrelevant here.
        if not cls.__module__.startswith("tui_reader"):
            continue
        bindings = cls.__dict__.get("BINDINGS")
        if not bindings:
            continue
        for binding in Binding.make_bindings(bindings):
            if not binding.description or binding.system:
                continue
            keys = by_action.get(binding.action, ("", []))[1]
            # A subclass may rebind an action: its description wins.
            by_action[binding.action] = (binding.description, keys)
            key = app.get_key_display(binding)
            if key not in keys:
                keys.append(key)
    return [
        KeyCommand(group, node, action, description, tuple(keys))
        for action, (description, keys) in by_action.items()
    ]


def catalog(app: App[object], panes: list[tuple[str, DOMNode]]) -> list[KeyCommand]:
    """Every described action of the app and of ``panes``, grouped by pane."""
    found = commands_of(app, "General", app)
    for group, node in panes:
        found += commands_of(app, group, node)
    return found
