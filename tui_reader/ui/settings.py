"""The reader's remembered settings (the theme), in a small JSON file.

The folder is platformdirs' user config dir, or ``$TUI_READER_CONFIG_DIR`` when set
(tests point it at a temporary folder).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_config_dir

CONFIG_DIR_VARIABLE = "TUI_READER_CONFIG_DIR"
DEFAULT_READ_DWELL = 1.5
MAX_READ_DWELL = 600.0


def config_dir() -> Path:
    """Where settings live."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    return Path(override) if override else Path(user_config_dir("tui-reader"))


@dataclass(slots=True)
class Settings:
    """What the reader remembers between runs."""

    theme: str = ""
    read_dwell_seconds: float = DEFAULT_READ_DWELL
    """How long an open article must stay under the cursor before it is marked read."""

    @classmethod
    def path(cls) -> Path:
        """The settings file."""
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; defaults when the file is missing or unreadable."""
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            # A damaged settings file must not stop the reader; it is rewritten on save.
            return cls()
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme")
        dwell = data.get("read_dwell_seconds")
        return cls(
            theme=theme if isinstance(theme, str) else "",
            read_dwell_seconds=float(dwell)
            if isinstance(dwell, int | float)
            and not isinstance(dwell, bool)
            and 0 <= dwell <= MAX_READ_DWELL
            else DEFAULT_READ_DWELL,
        )

    def save(self) -> None:
        """Write the settings (atomically: a crash never leaves half a file)."""
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temporary, path)
