"""The user's configuration as the reader uses it, and what was wrong with the file.

Every setting has a default, so a missing file, a file that cannot be read and a bad
value all leave a working reader; each problem is one :class:`ConfigProblem` naming the
key, said once on stderr and once in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from tui_reader.data.store import SortKey
from tui_reader.query.views import View


class DateStyle(StrEnum):
    """How the list shows when an article was published."""

    RELATIVE = "relative"
    """``3d``, ``4mo``: how old it is."""
    ABSOLUTE = "absolute"
    """``2026-10-29``."""


DATE_STYLES: tuple[str, ...] = tuple(style.value for style in DateStyle)
DEFAULT_READ_DWELL = 1.5
MAX_READ_DWELL = 600.0


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of ``config.toml``, defaults filled in."""

    read_dwell_seconds: float = DEFAULT_READ_DWELL
    """How long an article must stay open under the cursor before it counts as read."""
    dates: DateStyle = DateStyle.RELATIVE
    """The list's date column: ``3d`` (relative) or ``2026-10-29`` (absolute)."""
    default_sort: SortKey = SortKey.DATE
    """The order of a feed opened for the first time (afterwards its last order)."""
    default_view: View = View.ALL
    """The view of a feed opened for the first time (afterwards its last view)."""
    theme: str = ""
    """A Textual theme name; empty: the theme last chosen with ``ctrl+t``."""
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The ``[keys]`` table as written: command id -> keys (checked by the UI)."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One bad setting: its key (``keys.star``, or empty for the whole file) and why."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


@dataclass(frozen=True, slots=True)
class UserConfig:
    """The configuration read from ``path``, the problems found, and a note on what
    was moved over from an older settings file (empty when nothing was)."""

    config: Config
    path: str
    problems: tuple[ConfigProblem, ...] = ()
    note: str = ""

    def problem_lines(self) -> list[str]:
        """One line per problem, for stderr: ``PATH: key: message``."""
        return [f"{self.path}: {problem}" for problem in self.problems]
