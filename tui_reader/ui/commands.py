"""The command palette's reader commands: every described binding, runnable by name."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui_reader.ui.key_catalog import KeyCommand


@runtime_checkable
class HasKeyCatalog(Protocol):
    """A screen that can list its key commands."""

    def key_commands(self) -> list[KeyCommand]: ...


class ReaderCommands(Provider):
    """Offers each action of the reader (from the bindings) in the palette."""

    def _commands(self) -> list[KeyCommand]:
        # The screen the palette was opened from (the palette is a screen of its own).
        screen = self.screen
        return screen.key_commands() if isinstance(screen, HasKeyCatalog) else []

    @staticmethod
    def _name(command: KeyCommand) -> str:
        return f"{command.group}: {command.description}"

    @staticmethod
    def _help(command: KeyCommand) -> str:
        return "Keys: " + ", ".join(command.keys)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                Content(self._name(command)),
                partial(self.app.run_action, command.action, command.node),
                text=self._name(command),
                help=self._help(command),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            name = self._name(command)
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, command.action, command.node),
                    text=name,
                    help=self._help(command),
                )
