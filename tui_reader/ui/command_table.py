"""Every command of the reader, in one table: keys, palette entry, help and README.

A command has a stable ``id`` (the name a user's keymap uses: ``star = "f"``), default
keys, the action it runs and the words that describe it. Each widget takes its
``BINDINGS`` from its group here (``bindings("Triage")``); the ``?`` screen, the command
palette and the README's key table read this table too, with the user's keymap applied,
so no list of keys is ever kept by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import format_key


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the reader can do."""

    id: str
    keys: str
    """Default keys, comma-separated, in Textual's names (``question_mark``, ``ctrl+r``)."""
    action: str
    description: str
    show: bool = False
    """Whether the footer shows it."""
    priority: bool = False
    """Acts before the focused widget sees the key (see ``/``)."""
    footer: str = ""
    """A shorter description for the footer, where space is scarce."""

    def binding(self, keys: str | None = None) -> Binding:
        return Binding(
            keys or self.keys,
            self.action,
            self.footer or self.description,
            show=self.show,
            priority=self.priority,
            id=self.id,
            tooltip=self.description,
        )


GENERAL = "General"
READER = "Reader"
PANES = "Panes"
TRIAGE = "Triage"
LIST = "Article list"
ARTICLE = "Article"
RELATED = "Related"
FILTER = "Filter"

COMMANDS: dict[str, tuple[Command, ...]] = {
    GENERAL: (
        Command("quit", "q", "quit", "Quit", show=True),
        Command("theme", "ctrl+t", "change_theme", "Theme", show=True),
        Command("palette", "ctrl+p", "command_palette", "Commands"),
    ),
    READER: (
        # Priority: a non-priority binding acts only after the keys typed in the same
        # burst have already gone to the list (where "m", "s", "a" are triage actions).
        Command("filter", "slash", "filter", "Filter", show=True, priority=True),
        Command("help", "question_mark", "help", "Help", show=True),
        Command("errors", "e", "errors", "Errors", show=True),
        Command("sort", "S", "cycle_sort", "Sort", show=True),
        Command("overview", "v", "overview", "Overview"),
        Command("stories", "z", "toggle_stories", "One row per story / per article"),
        Command("rescan", "ctrl+r", "rescan", "Rescan folder"),
    ),
    PANES: (
        Command("back", "backspace,alt+left", "back", "Back", show=True),
        Command("next_pane", "tab", "cycle_pane(1)", "Next pane"),
        Command("previous_pane", "shift+tab", "cycle_pane(-1)", "Previous pane"),
        Command("to_list", "escape", "to_list", "To list"),
        Command("copy_link", "y", "copy_link", "Copy link", show=True),
        Command("open_link", "o", "open_link", "Open link", show=True),
        Command("edit", "E", "edit", "Edit the file in $VISUAL or $EDITOR"),
        Command("pager", "P", "page", "Read the article in $PAGER"),
    ),
    TRIAGE: (
        Command("mark_read", "m", "toggle_flag('read')", "Mark read/unread"),
        Command("star", "s", "toggle_flag('starred')", "Star/unstar"),
        Command("archive", "a", "toggle_flag('archived')", "Archive/unarchive"),
        Command("publish", "p", "toggle_publish", "Publish/unpublish (writes the file)"),
        Command("next_unread", "n", "next_unread(1)", "Next unread"),
        Command("previous_unread", "N", "next_unread(-1)", "Previous unread"),
        Command("read_and_next", "d", "read_and_next", "Mark read, next unread"),
        Command("select", "space", "toggle_mark", "Select for bulk (then m s a p)"),
        Command("read_all_shown", "R", "read_all_shown", "Mark every shown article read"),
        Command("undo", "u,ctrl+z", "undo", "Undo"),
        Command("view_all", "1", "view('all')", "View: all but archived"),
        Command("view_unread", "2", "view('unread')", "View: unread"),
        Command("view_starred", "3", "view('starred')", "View: starred"),
        Command("view_archived", "4", "view('archived')", "View: archived"),
    ),
    LIST: (
        Command("cursor_down", "down,j", "cursor_down", "Next"),
        Command("cursor_up", "up,k", "cursor_up", "Previous"),
        Command("page_down", "pagedown", "page_down", "Page down"),
        Command("page_up", "pageup", "page_up", "Page up"),
        Command("first", "g,home", "first", "First article"),
        Command("last", "G,end", "last", "Last article"),
        Command("open", "enter", "open", "Open", show=True),
    ),
    ARTICLE: (
        Command("raw_text", "t", "toggle_raw", "Raw text", show=True),
        Command("open_body_link", "o", "open_link", "Open link", show=True),
        Command("next_report", "enter", "next_report", "Next report of the same story"),
    ),
    RELATED: (Command("go_to_related", "enter", "select", "Go to article", show=True),),
    FILTER: (Command("filter_done", "escape", "done", "Back to list", show=True),),
}


PANE_GROUPS: dict[str, tuple[str, ...]] = {
    "the article list": (LIST, PANES, TRIAGE, READER, GENERAL),
    "the article": (ARTICLE, PANES, TRIAGE, READER, GENERAL),
    "the related pane": (RELATED, PANES, TRIAGE, READER, GENERAL),
    "the filter": (FILTER, READER, GENERAL),
}
"""The groups whose keys are live together in each pane, from the focused widget out to
the app (a test checks this against the widgets): two commands of one pane must not share
a key the user gave (``[keys]`` in config.toml)."""


def bindings(group: str) -> list[BindingType]:
    """The ``BINDINGS`` of the widget that handles ``group``'s commands."""
    return [command.binding() for command in COMMANDS[group]]


def by_id(command_id: str) -> Command:
    """The command with ``command_id`` (KeyError when there is none)."""
    for commands in COMMANDS.values():
        for command in commands:
            if command.id == command_id:
                return command
    raise KeyError(command_id)


def all_ids() -> list[str]:
    """Every command id, in table order."""
    return [command.id for commands in COMMANDS.values() for command in commands]


def effective_keys(command: Command, keymap: Mapping[str, str]) -> list[str]:
    """The keys that run ``command`` once the user's keymap is applied."""
    keys = keymap.get(command.id) or command.keys
    return [key.strip() for key in keys.split(",") if key.strip()]


def key_display(key: str) -> str:
    """A key as people read it: ``^r``, ``?``, ``shift+tab`` (as Textual's footer shows)."""
    modifiers, name = Binding(key, "").parse_key()
    shown = format_key(name)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        shown = f"^{shown}"
    return "+".join([*modifiers, shown])
