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
    key_display: str | None = None
    """How the footer shows the keys, when not the way Textual would."""

    def binding(self, keys: str | None = None) -> Binding:
        return Binding(
            keys or self.keys,
            self.action,
            self.footer or self.description,
            show=self.show,
            priority=self.priority,
            id=self.id,
            tooltip=self.description,
            key_display=self.key_display,
        )


GENERAL = "General"
READER = "Reader"
ORDER = "List order"
PANES = "Panes"
TRIAGE = "Triage"
LIST = "Article list"
ARTICLE = "Article"
RELATED = "Related"
FILTER = "Filter"
FIND = "Find"
OVERVIEW = "Overview"
CHART = "Overview chart"
SEARCHES = "Searches"
DIALOG = "Dialog"
NOTE = "Note"

COMMANDS: dict[str, tuple[Command, ...]] = {
    GENERAL: (
        Command("quit", "q", "quit", "Quit"),
        Command("theme", "ctrl+t", "change_theme", "Theme"),
        Command("palette", "ctrl+p", "command_palette", "Commands"),
    ),
    READER: (
        # Priority: a non-priority binding acts only after the keys typed in the same
        # burst have already gone to the list (where "m", "s", "a" are triage actions).
        Command("filter", "slash", "filter", "Filter", show=True, priority=True),
        Command("help", "question_mark", "help", "Help", show=True),
        Command("errors", "e", "errors", "Errors"),
        Command("overview", "v", "overview", "Overview (Enter on a row filters to it)"),
        Command("rescan", "ctrl+r", "rescan", "Rescan folder"),
        Command("searches", "f", "searches", "Saved searches, with counts (Enter filters)"),
        # In the filter bar as in the list: the filter as typed gets a name.
        Command("save_search", "ctrl+s", "save_search", "Save the filter as a search"),
        Command("export", "x", "export", "Export the list (or the selection) as a digest"),
        # Escape backs out one step at a time: article -> list -> selection -> filter.
        Command("clear_filter", "escape", "clear_filter", "Clear the filter"),
    ),
    ORDER: (
        Command("sort", "S", "cycle_sort", "Sort: next order (date, heat, quality, …)"),
        # eilmeldung reverses with "| |"; one key is enough here.
        Command("reverse_sort", "vertical_line", "reverse_sort", "Sort: reverse the order"),
        Command("stories", "z", "toggle_stories", "One row per story / per article"),
    ),
    PANES: (
        Command("back", "backspace,alt+left", "back", "Back to the article before a jump"),
        Command("next_pane", "tab", "cycle_pane(1)", "Next pane"),
        Command("previous_pane", "shift+tab", "cycle_pane(-1)", "Previous pane"),
        Command("to_list", "escape", "to_list", "To list"),
        Command("toggle_related", "r", "toggle_related", "Related: expand/collapse"),
        Command("copy_link", "y", "copy_link", "Copy link"),
        Command("open_link", "o", "open_link", "Open link"),
        Command("edit", "E", "edit", "Edit the file in $VISUAL or $EDITOR"),
        Command("pager", "P", "page", "Read the article in $PAGER"),
    ),
    TRIAGE: (
        Command("mark_read", "m", "toggle_flag('read')", "Mark read/unread", True, footer="Read"),
        Command("star", "s", "toggle_flag('starred')", "Star/unstar", True, footer="Star"),
        Command(
            "archive", "a", "toggle_flag('archived')", "Archive/unarchive", True, footer="Archive"
        ),
        Command("publish", "p", "toggle_publish", "Publish/unpublish (writes the file)"),
        Command("next_unread", "n", "next_unread(1)", "Next unread", show=True),
        Command("previous_unread", "N", "next_unread(-1)", "Previous unread"),
        Command("read_and_next", "d", "read_and_next", "Mark read, next unread"),
        Command("select", "space", "toggle_mark", "Select for bulk (then m s a p)"),
        Command("select_range", "V", "select_range", "Select a range (j/k extend it)"),
        Command("clear_selection", "escape", "clear_selection", "Clear the selection"),
        # eilmeldung's "0 r" / "$ r" (vim's start and end of line), one key each here.
        Command("read_above", "0", "read_above", "Mark read: this and every article above"),
        Command("read_below", "dollar_sign", "read_below", "Mark read: this and every one below"),
        Command("read_all_shown", "R", "read_all_shown", "Mark every shown article read"),
        Command("undo", "u,ctrl+z", "undo", "Undo", show=True),
        # Not t: that is the article's raw text.
        Command("tags", "T", "edit_tags", "Tags: add or remove your own (on the selection too)"),
        Command("note", "c", "edit_note", "Note: write your own on the article"),
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
        # As in less: j/k a line, space/b a page, g/G the ends.
        Command("scroll_down", "down,j", "scroll_lines(1)", "Scroll down"),
        Command("scroll_up", "up,k", "scroll_lines(-1)", "Scroll up"),
        Command("scroll_page_down", "space,pagedown", "scroll_pages(1)", "Page down"),
        Command("scroll_page_up", "b,pageup", "scroll_pages(-1)", "Page up"),
        Command("scroll_top", "g,home", "scroll_to_end(False)", "Top of the article"),
        Command("scroll_bottom", "G,end", "scroll_to_end(True)", "End of the article"),
        Command("find", "ctrl+f", "find", "Find in the article", show=True, footer="Find"),
        Command("next_match", "right_square_bracket,f3", "next_match(1)", "Next match"),
        Command(
            "previous_match", "left_square_bracket,shift+f3", "next_match(-1)", "Previous match"
        ),
        Command(
            "details", "i", "toggle_details", "Details: URLs, file, images", True, footer="Details"
        ),
        Command("raw_text", "t", "toggle_raw", "Raw text"),
        Command(
            "open_body_link", "o", "open_link", "Open link (the one clicked, else the article's)"
        ),
        Command("next_report", "enter", "next_report", "Next report of the same story"),
    ),
    RELATED: (Command("go_to_related", "enter", "select", "Go to article", show=True),),
    FILTER: (
        Command(
            "filter_done",
            "escape,enter",
            "done",
            "Back to list",
            show=True,
            priority=True,
            key_display="esc",
        ),
        # Not ctrl+b: that is tmux's prefix.
        Command(
            "search_bodies",
            "ctrl+o",
            "toggle_bodies",
            "Words match the bodies too (on/off)",
            show=True,
            footer="Bodies",
        ),
    ),
    OVERVIEW: (
        Command("overview_close", "escape,v,q", "dismiss", "Close the overview"),
        Command("overview_switch", "tab", "app.focus_next", "Chart or names"),
    ),
    CHART: (
        Command("chart_earlier", "left,h", "move(-1)", "Earlier"),
        Command("chart_later", "right,l", "move(1)", "Later"),
        Command("chart_oldest", "home", "move_to(False)", "Oldest"),
        Command("chart_newest", "end", "move_to(True)", "Newest"),
        Command("chart_filter", "enter", "choose", "Filter the list to this period"),
    ),
    FIND: (
        Command("find_next", "enter,down", "step(1)", "Next match", show=True, footer="Next"),
        Command("find_previous", "up", "step(-1)", "Previous match", show=True, footer="Previous"),
        Command("find_done", "escape", "done", "Close find", show=True, footer="Close"),
    ),
    SEARCHES: (
        Command("search_apply", "enter", "apply", "Filter the list by the search", show=True),
        Command("search_forget", "delete", "forget", "Forget a search saved in the app", show=True),
        Command("searches_close", "escape,f,q", "close", "Close the searches", show=True),
    ),
    DIALOG: (Command("dialog_cancel", "escape", "cancel", "Cancel", show=True),),
    # Escape saves too: a note typed is never lost (u undoes it, an empty note removes it).
    NOTE: (Command("note_save", "escape,ctrl+s", "save", "Save the note and close", show=True),),
}


PANE_GROUPS: dict[str, tuple[str, ...]] = {
    "the article list": (LIST, PANES, TRIAGE, ORDER, READER, GENERAL),
    "the article": (ARTICLE, PANES, TRIAGE, ORDER, READER, GENERAL),
    "the related pane": (RELATED, PANES, TRIAGE, ORDER, READER, GENERAL),
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


def first_key(command_id: str, keymap: Mapping[str, str]) -> str:
    """The first key that runs ``command_id`` now, as people read it (for messages that
    say "u to undo": the user's keymap applied)."""
    keys = effective_keys(by_id(command_id), keymap)
    return key_display(keys[0]) if keys else command_id
