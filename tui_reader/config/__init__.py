"""The user's configuration (``config.toml``) and the reader's remembered choices.

Textual-free (import-linter checks it): the command line reads the same configuration
as the app (``tui-reader --print-config``). What only the UI can check, command ids and
key names of ``[keys]`` and theme names, is checked by :mod:`tui_reader.ui.user_config`.
"""

from __future__ import annotations

from dataclasses import replace

from tui_reader.config.migration import migrate_settings
from tui_reader.config.model import (
    DATE_STYLES,
    Config,
    ConfigProblem,
    DateStyle,
    UserConfig,
)
from tui_reader.config.paths import CONFIG_NAME, config_dir, config_path, state_dir
from tui_reader.config.reading import load_config, parse_config
from tui_reader.config.remembered import Remembered


def load_user_config() -> UserConfig:
    """The user's ``config.toml``, after moving an old ``settings.json`` over (once)."""
    folder = config_dir()
    note = migrate_settings(folder)
    loaded = load_config(folder / CONFIG_NAME)
    return replace(loaded, note=note) if note else loaded


__all__ = [
    "CONFIG_NAME",
    "DATE_STYLES",
    "Config",
    "ConfigProblem",
    "DateStyle",
    "Remembered",
    "UserConfig",
    "config_dir",
    "config_path",
    "load_config",
    "load_user_config",
    "parse_config",
    "state_dir",
]
