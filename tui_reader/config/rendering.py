"""The configuration in effect, written as a ``config.toml`` (``tui-reader --print-config``).

Every setting appears with its value, defaults included, and a comment saying what it
may be; the ``[keys]`` table lists every command with the keys it has now. The output is
itself a valid ``config.toml`` (a test reads it back).
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.config.model import DATE_STYLES, Config
from tui_reader.data.store import SortKey
from tui_reader.query.views import View

KeyRow = tuple[str, tuple[str, ...], str]
"""A command id, its keys as config.toml spells them, and what the command does."""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string."""
    escaped: list[str] = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\t" or (ord(char) >= 0x20 and ord(char) != 0x7F):
            escaped.append(char)
        else:
            escaped.append(f"\\u{ord(char):04x}")
    return '"' + "".join(escaped) + '"'


def _keys_value(keys: tuple[str, ...]) -> str:
    if len(keys) == 1:
        return toml_string(keys[0])
    return "[" + ", ".join(toml_string(key) for key in keys) + "]"


def render_config(
    config: Config, *, path: str, found: bool, keys: Sequence[KeyRow], theme_now: str
) -> str:
    """The text of the effective configuration (``theme_now``: the theme that applies
    when config.toml sets none, i.e. the one last chosen with ctrl+t)."""
    theme_note = (
        "set in config.toml"
        if config.theme
        else f"not set: the theme last chosen with ctrl+t ({theme_now or 'the default'})"
    )
    lines = [
        "# tui-reader: the configuration in effect (every setting, defaults included).",
        f"# {path}: {'read' if found else 'not found, so these are all defaults'}.",
        "# Copy any line into that file to change it; docs/config.md says what each does.",
        "",
        f"read_dwell_seconds = {config.read_dwell_seconds:g}  # 0 to 600",
        f"dates = {toml_string(config.dates)}  # {' or '.join(DATE_STYLES)}",
        f"default_sort = {toml_string(config.default_sort.value)}  # "
        + ", ".join(key.value for key in SortKey),
        f"default_view = {toml_string(config.default_view.value)}  # "
        + ", ".join(view.value for view in View),
        f"theme = {toml_string(config.theme)}  # {theme_note}",
        "",
        "[keys]  # command = key, or [keys]; each command with the keys it has now",
    ]
    width = max((len(command_id) for command_id, _, _ in keys), default=0)
    for command_id, command_keys, description in keys:
        assignment = f"{command_id.ljust(width)} = {_keys_value(command_keys)}"
        lines.append(f"{assignment.ljust(width + 22)}  # {description}")
    return "\n".join(lines) + "\n"
