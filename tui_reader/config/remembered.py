"""What the reader remembers by itself between runs (the theme chosen with ``ctrl+t``).

Kept in a small JSON file in the user state directory, next to the triage database, not
in ``config.toml``: the configuration is the user's file and the reader never rewrites it.
Where the reader was in each feed (cursor, filter, view, sort) is per feed, in the triage
database (:meth:`~tui_reader.data.triage.TriageState.place`).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from tui_reader.config.paths import state_dir

REMEMBERED_NAME = "remembered.json"


@dataclass(slots=True)
class Remembered:
    """Choices made in the app that outlive it."""

    theme: str = ""

    @staticmethod
    def path() -> Path:
        return state_dir() / REMEMBERED_NAME

    @classmethod
    def load(cls) -> Remembered:
        """What was remembered; nothing when the file is missing or damaged (it is only
        a convenience, rewritten on the next change)."""
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        theme = data.get("theme") if isinstance(data, dict) else None
        return cls(theme=theme if isinstance(theme, str) else "")

    def save(self) -> None:
        """Write the file atomically (raises OSError)."""
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
