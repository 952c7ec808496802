"""``tui-reader --print-config``: the configuration in effect, and its problems on stderr.

The command ids and the key names of ``[keys]`` are the UI's, so this imports the
command table (and with it Textual), which ``--list`` never does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader.cli.output import error_line
from tui_reader.cli.parser import PROGRAM
from tui_reader.config import Remembered, load_user_config
from tui_reader.config.rendering import render_config


def print_config() -> int:
    """Print the effective configuration; always exit status 0."""
    from tui_reader.ui.user_config import check_config, key_rows

    loaded = load_user_config()
    checked = check_config(loaded.config)
    if loaded.note:
        error_line(f"{PROGRAM}: {loaded.note}")
    for problem in (*loaded.problems, *checked.problems):
        error_line(f"{loaded.path}: {problem}")
    text = render_config(
        checked.config,
        path=loaded.path,
        found=Path(loaded.path).exists(),
        keys=key_rows(checked.keymap),
        theme_now=Remembered.load().theme,
    )
    sys.stdout.write(text)
    return 0
