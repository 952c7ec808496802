"""The commands of the reader with the keys that run them now (help and the palette).

Read from :mod:`tui_reader.ui.command_table` with the user's keymap applied, each command
paired with the node that runs it; nothing here lists a key by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.dom import DOMNode

from tui_reader.ui.command_table import COMMANDS, Command, effective_keys, key_display


@dataclass(frozen=True, slots=True)
class KeyCommand:
    """One command, the node whose action it runs, and its keys as shown to people."""

    group: str
    node: DOMNode
    command: Command
    keys: tuple[str, ...]

    @property
    def action(self) -> str:
        return self.command.action

    @property
    def description(self) -> str:
        return self.command.description


def catalog(nodes: Mapping[str, DOMNode], keymap: Mapping[str, str]) -> list[KeyCommand]:
    """Every command of the groups in ``nodes`` (group -> the node that runs it)."""
    found: list[KeyCommand] = []
    for group, node in nodes.items():
        for command in COMMANDS[group]:
            keys = tuple(dict.fromkeys(key_display(k) for k in effective_keys(command, keymap)))
            found.append(KeyCommand(group, node, command, keys))
    return found
