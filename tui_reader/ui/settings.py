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


def config_dir() -> Path:
    """Where settings live."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    return Path(override) if override else Path(user_config_dir("tui-reader"))


@dataclass(slots=True)
class Settings:
    """What the reader remembers between runs."""

    theme: str = ""

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
        theme = data.get("theme") if isinstance(data, dict) else None
        return cls(theme=theme if isinstance(theme, str) else "")

    def save(self) -> None:
        """Write the settings (atomically: a crash never leaves half a file)."""
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temporary, path)
