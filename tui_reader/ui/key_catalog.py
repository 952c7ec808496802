"""The commands of the reader with the keys that run them now (help and the palette).

Read from :mod:`tui_reader.ui.command_table` with the user's keymap applied, each command
paired with the node that runs it: a node runs the group its class names in
``COMMANDS_GROUP`` (and takes its ``BINDINGS`` from). Nothing here lists a key by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def catalog(nodes: Iterable[DOMNode], keymap: Mapping[str, str]) -> list[KeyCommand]:
    """Every command of the nodes that run a group (``COMMANDS_GROUP``), in table order;
    a node whose ``commands_available`` is False (triage without a state) is left out."""
    runners: dict[str, DOMNode] = {}
    for node in nodes:
        group = getattr(node, "COMMANDS_GROUP", None)
        if group in COMMANDS and getattr(node, "commands_available", True):
            runners.setdefault(group, node)
    found: list[KeyCommand] = []
    for group, commands in COMMANDS.items():
        runner = runners.get(group)
        if runner is None:
            continue
        for command in commands:
            keys = tuple(dict.fromkeys(key_display(k) for k in effective_keys(command, keymap)))
            found.append(KeyCommand(group, runner, command, keys))
    return found
