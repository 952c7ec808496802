"""What of ``config.toml`` only the UI can check: ``[keys]`` and the theme's name.

``[keys]`` maps command ids (:mod:`tui_reader.ui.command_table`) to keys. An entry is
refused, with one problem naming it, when its id is unknown, a key is not a key name, or
a key it gives is also the key of another command that is live in the same pane
(``PANE_GROUPS``): Textual would then quietly let one of them win. A refused entry leaves
its command on its default keys; what is left is handed to Textual's keymap
(``App.set_keymap``), which the footer, help and the palette all show.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from textual.binding import Binding, InvalidBinding
from textual.keys import Keys, key_to_character
from textual.theme import BUILTIN_THEMES

from tui_reader.config import Config, ConfigProblem
from tui_reader.config.reading import shown
from tui_reader.config.rendering import KeyRow
from tui_reader.data.sanitize import clean_line
from tui_reader.ui.command_table import (
    COMMANDS,
    PANE_GROUPS,
    Command,
    all_ids,
    by_id,
    effective_keys,
    key_display,
)

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")
)


def _character_names() -> dict[str, str]:
    """Textual's name of each printable ASCII character's key (``slash``) -> the character."""
    names: dict[str, str] = {}
    for code in range(0x21, 0x7F):
        character = chr(code)
        if character != ",":
            (binding,) = Binding.make_bindings([(character, "")])
            names[binding.key] = character
    names["comma"] = ","
    return names


_CHARACTER_NAMES = _character_names()
KEY_EXAMPLES = '"f", "F", "ctrl+f", "f5", "space", "?"'


@dataclass(frozen=True, slots=True)
class CheckedConfig:
    """The configuration with what the UI found: Textual's keymap (command id -> keys,
    comma-separated), the theme to use (empty: none set) and every problem."""

    config: Config
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str = ""
    problems: tuple[ConfigProblem, ...] = ()


def check_config(config: Config, themes: Mapping[str, object] = BUILTIN_THEMES) -> CheckedConfig:
    """Check ``config``'s keys and theme (``themes``: the names the app knows)."""
    keys, problems = resolve_keys(config.keys)
    theme = config.theme
    if theme and theme not in themes:
        close = difflib.get_close_matches(theme, list(themes), n=1)
        hint = f"did you mean {close[0]}?" if close else "ctrl+t lists the themes"
        problems.append(ConfigProblem("theme", f"no theme {shown(theme)} ({hint}); ignored"))
        theme = ""
    keymap = {command_id: ",".join(chosen) for command_id, chosen in keys.items()}
    return CheckedConfig(config, keymap, theme, tuple(problems))


def normal_key(key: str) -> str | None:
    """``key`` in Textual's own spelling (``?`` -> ``question_mark``), or None when it
    is not a key Textual can bind."""
    if key == ",":
        return "comma"  # a comma separates keys in Textual's key strings
    if key == " ":
        return "space"
    try:
        (binding,) = Binding.make_bindings([(key, "")])
    except (InvalidBinding, ValueError):
        return None
    *modifiers, name = binding.key.split("+")
    if not name or any(modifier not in MODIFIERS for modifier in modifiers):
        return None
    if len(name) == 1 and name.isprintable() and not name.isspace():
        return binding.key
    if name in _NAMED_KEYS or name in _CHARACTER_NAMES or key_to_character(name) is not None:
        return binding.key
    return None


def resolve_keys(
    wanted: Mapping[str, tuple[str, ...]],
) -> tuple[dict[str, tuple[str, ...]], list[ConfigProblem]]:
    """The ``[keys]`` entries that can be used (normalised), and a problem for each other."""
    ids = all_ids()
    problems: list[ConfigProblem] = []
    accepted: dict[str, tuple[str, ...]] = {}
    for command_id, keys in wanted.items():
        name = f"keys.{clean_line(command_id)}"
        if command_id not in ids:
            close = difflib.get_close_matches(command_id, ids, n=1)
            hint = f"did you mean {close[0]}?" if close else "tui-reader --print-config lists them"
            problems.append(ConfigProblem(name, f"no such command ({hint}); ignored"))
            continue
        normalised = [normal_key(key) for key in keys]
        bad = [key for key, normal in zip(keys, normalised, strict=True) if normal is None]
        if bad:
            problems.append(
                ConfigProblem(
                    name,
                    f"{shown(bad[0])} is not a key (keys look like {KEY_EXAMPLES}); "
                    f"{_keeps(by_id(command_id))}",
                )
            )
            continue
        accepted[command_id] = tuple(dict.fromkeys(k for k in normalised if k is not None))
    # A refused entry gives its command back its default keys, which may clash in turn.
    while clashes := _clashes(accepted):
        for command_id, (key, other, pane) in clashes.items():
            command = by_id(command_id)
            problems.append(
                ConfigProblem(
                    f"keys.{command_id}",
                    f"{shown(key_display(key))} is also the key of {other} in {pane}; "
                    f"{_keeps(command)}",
                )
            )
            del accepted[command_id]
    return accepted, problems


def _keeps(command: Command) -> str:
    defaults = ", ".join(key_display(key) for key in command.keys.split(","))
    return f"{command.id} keeps its default ({defaults})"


def _clashes(accepted: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, str, str]]:
    """For each user-set command whose key another command of the same pane also has:
    (that key, the other command's id, the pane)."""
    found: dict[str, tuple[str, str, str]] = {}
    for pane, groups in PANE_GROUPS.items():
        holders: dict[str, list[tuple[str, bool]]] = {}
        for group in groups:
            for command in COMMANDS[group]:
                defaults = [key.strip() for key in command.keys.split(",")]
                chosen = accepted.get(command.id)
                for key in chosen or defaults:
                    user_set = chosen is not None and key not in defaults
                    holders.setdefault(key, []).append((command.id, user_set))
        for key, commands in holders.items():
            for command_id, user_set in commands:
                others = [other for other, _ in commands if other != command_id]
                if user_set and others and command_id not in found:
                    found[command_id] = (key, others[0], pane)
    return found


def config_spelling(key: str) -> str:
    """``key`` as a person writes it in config.toml: ``?`` for ``question_mark``."""
    if "+" in key or key == "comma":
        return key
    return _CHARACTER_NAMES.get(key, key)


def key_rows(keymap: Mapping[str, str]) -> list[KeyRow]:
    """Every command with the keys it has under ``keymap``, for ``--print-config``."""
    return [
        (
            command.id,
            tuple(config_spelling(key) for key in effective_keys(command, keymap)),
            command.description,
        )
        for commands in COMMANDS.values()
        for command in commands
    ]
