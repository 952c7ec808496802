"""Moving the old ``settings.json`` (theme, read dwell) to where those live now.

``read_dwell_seconds`` is a setting: it goes into ``config.toml``, which is created for it
only when the user has none (an existing ``config.toml`` is never edited). The theme is
a remembered choice: it goes into :class:`~tui_reader.config.remembered.Remembered`.
The old file is then renamed ``settings.json.migrated`` (kept, not deleted), so the move
happens once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui_reader.config.model import DEFAULT_READ_DWELL, MAX_READ_DWELL
from tui_reader.config.paths import CONFIG_NAME
from tui_reader.config.remembered import Remembered

LEGACY_NAME = "settings.json"
MIGRATED_NAME = "settings.json.migrated"


def migrate_settings(folder: Path) -> str:
    """Move ``folder/settings.json`` if there is one; a note saying what moved (empty
    when there was nothing to move)."""
    legacy = folder / LEGACY_NAME
    try:
        data = json.loads(legacy.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""  # none, or damaged: nothing in it can be used
    if not isinstance(data, dict):
        return ""
    moved: list[str] = []
    left: list[str] = []
    try:
        dwell = data.get("read_dwell_seconds")
        if (
            isinstance(dwell, int | float)
            and not isinstance(dwell, bool)
            and 0 <= dwell <= MAX_READ_DWELL
            and dwell != DEFAULT_READ_DWELL
        ):
            line = f"read_dwell_seconds = {float(dwell):g}"
            if _create_config(folder / CONFIG_NAME, line):
                moved.append("read_dwell_seconds into config.toml")
            else:
                left.append(f"{line} (config.toml exists: add it there if you want it)")
        theme = data.get("theme")
        if isinstance(theme, str) and theme:
            remembered = Remembered.load()
            if not remembered.theme:
                remembered.theme = theme
                remembered.save()
            moved.append("the theme into the remembered state")
        legacy.rename(legacy.with_name(MIGRATED_NAME))
    except OSError as error:
        return f"Could not move settings.json ({error.strerror}); it is read again next time."
    note = "Moved settings.json: " + (", ".join(moved) or "nothing to move")
    if left:
        note += "; not moved: " + ", ".join(left)
    return note + f" (kept as {MIGRATED_NAME})."


def _create_config(path: Path, line: str) -> bool:
    """Write a new ``config.toml`` holding ``line``; False when one exists already."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# tui-reader configuration: every setting is in docs/config.md and in\n"
        "# the output of tui-reader --print-config.\n"
        "# Moved here from settings.json.\n"
        f"{line}\n"
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    try:
        # A hard link never replaces a file: another instance's config.toml wins.
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    return True
