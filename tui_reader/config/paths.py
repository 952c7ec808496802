"""Where the user's configuration and the reader's remembered state live.

``config.toml`` is in the user config directory (platformdirs: ``$XDG_CONFIG_HOME/
tui-reader`` on Linux), or in ``$TUI_READER_CONFIG_DIR`` when that is set (tests point it
at a temporary folder). What the reader remembers by itself (the theme chosen with
``ctrl+t``) is kept in the user state directory, next to the triage database, so that
``config.toml`` stays the user's own file.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir

from tui_reader.data.triage import default_db_path

APP_NAME = "tui-reader"
CONFIG_DIR_VARIABLE = "TUI_READER_CONFIG_DIR"
CONFIG_NAME = "config.toml"


def config_dir() -> Path:
    """The folder of ``config.toml``."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    return Path(override) if override else Path(user_config_dir(APP_NAME))


def config_path() -> Path:
    """The user's configuration file (it may not exist)."""
    return config_dir() / CONFIG_NAME


def state_dir() -> Path:
    """The folder of the reader's own state: the triage database and remembered choices."""
    return default_db_path().parent
