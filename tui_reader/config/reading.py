"""Reading ``config.toml`` (stdlib ``tomllib``): every key checked, one problem per bad key.

A bad value falls back to its default and a bad ``[keys]`` entry to the command's own
keys, so the reader always starts. Adding a setting is one entry in ``SETTINGS`` and one
field of :class:`~tui_reader.config.model.Config` (``[searches]`` will be a table, like
``[keys]``).
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tui_reader.config.model import (
    DATE_STYLES,
    DEFAULT_READ_DWELL,
    MAX_READ_DWELL,
    Config,
    ConfigProblem,
    DateStyle,
    UserConfig,
)
from tui_reader.data.sanitize import clean_line
from tui_reader.data.store import SortKey
from tui_reader.query.views import View

_SHOWN_LENGTH = 40


class BadValue(ValueError):
    """A setting's value cannot be used; ``str()`` says what it must be."""


def shown(value: object) -> str:
    """A value as the user wrote it, quoted like TOML, cut short and made safe to print."""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    text = clean_line(text)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _read_dwell(value: object) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 <= value <= MAX_READ_DWELL
    ):
        return float(value)
    raise BadValue(
        f"must be a number of seconds from 0 to {MAX_READ_DWELL:g}, not {shown(value)}; "
        f"using {DEFAULT_READ_DWELL:g}"
    )


def _one_of(choices: tuple[str, ...], default: str) -> Callable[[object], str]:
    def read(value: object) -> str:
        if isinstance(value, str) and value in choices:
            return value
        listed = (
            " or ".join(f'"{c}"' for c in choices)
            if len(choices) == 2
            else "one of " + ", ".join(choices)
        )
        raise BadValue(f"must be {listed}, not {shown(value)}; using {default}")

    return read


def _theme(value: object) -> str:
    if isinstance(value, str):
        return value.strip()  # empty: not set
    raise BadValue(f"must be the name of a theme, not {shown(value)}; ignored")


_sort = _one_of(tuple(key.value for key in SortKey), SortKey.DATE.value)
_view = _one_of(tuple(view.value for view in View), View.ALL.value)

SETTINGS: dict[str, Callable[[object], Any]] = {
    "read_dwell_seconds": _read_dwell,
    "dates": lambda value: DateStyle(_one_of(DATE_STYLES, f'"{DATE_STYLES[0]}"')(value)),
    "default_sort": lambda value: SortKey(_sort(value)),
    "default_view": lambda value: View(_view(value)),
    "theme": _theme,
}
"""The scalar settings: key -> reader of its value (raises :class:`BadValue`)."""

TABLES = ("keys",)
"""The settings that are tables."""


def read_keys(table: object) -> tuple[Mapping[str, tuple[str, ...]], list[ConfigProblem]]:
    """The ``[keys]`` table's shape: command id -> one or more keys (ids and key names
    are the UI's to check)."""
    if not isinstance(table, dict):
        message = f'must be a table ([keys], then lines like star = "f"), not {shown(table)}'
        return MappingProxyType({}), [ConfigProblem("keys", message)]
    keys: dict[str, tuple[str, ...]] = {}
    problems: list[ConfigProblem] = []
    for command_id, value in table.items():
        name = f"keys.{clean_line(command_id)}"
        listed = [value] if isinstance(value, str) else value
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(key, str) and key.strip() for key in listed)
        ):
            problems.append(
                ConfigProblem(
                    name,
                    f'must be a key ("f") or a list of keys (["m", "x"]), not {shown(value)}; '
                    "the default keys are kept",
                )
            )
            continue
        keys[command_id] = tuple(key.strip() for key in listed)
    return MappingProxyType(keys), problems


def parse_config(document: Mapping[str, object]) -> tuple[Config, list[ConfigProblem]]:
    """The configuration a parsed TOML document gives, and its problems."""
    values: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    for key, value in document.items():
        if key == "keys":
            values["keys"], found = read_keys(value)
            problems += found
            continue
        reader = SETTINGS.get(key)
        if reader is None:
            problems.append(ConfigProblem(clean_line(key), _unknown(key)))
            continue
        try:
            values[key] = reader(value)
        except BadValue as error:
            problems.append(ConfigProblem(key, str(error)))
    return Config(**values), problems


def _unknown(key: str) -> str:
    known = [*SETTINGS, *TABLES]
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else "known: " + ", ".join(known)
    return f"unknown setting ({hint}); ignored"


def load_config(path: Path) -> UserConfig:
    """``path`` read and checked; defaults when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return UserConfig(Config(), str(path))
    except OSError as error:
        return _unusable(path, f"cannot be read ({error.strerror})")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _unusable(path, "is not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        return _unusable(path, f"is not valid TOML ({clean_line(str(error))})")
    config, problems = parse_config(document)
    return UserConfig(config, str(path), tuple(problems))


def _unusable(path: Path, why: str) -> UserConfig:
    problem = ConfigProblem("", f"the file {why}; every setting has its default")
    return UserConfig(Config(), str(path), (problem,))
