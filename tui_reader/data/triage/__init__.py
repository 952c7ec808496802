"""Triage state that never loses work: read, starred, archived, and an undo log, in SQLite.

- :mod:`.flags`: the flags and the read-only :class:`TriageView` the engine and list use;
- :mod:`.steps`: undo steps, publish targets and outcomes, the table of action words;
- :mod:`.database`: where the database lives, its schema, transactions, :class:`TriageError`;
- :mod:`.state`: :class:`TriageState`, one feed's flags and undo log;
- :mod:`.publish`: the file side of publishing and of its undo;
- :mod:`.roots`: which feed an article belongs to, read-only lookups for ``--list``;
- :mod:`.places`: where the reader was in each feed (cursor, filter, view, sort).
"""

from tui_reader.data.triage.database import TriageError, default_db_path
from tui_reader.data.triage.flags import (
    FixedTriage,
    Flag,
    NoTriage,
    TriageCounts,
    TriageFlags,
    TriageView,
)
from tui_reader.data.triage.places import Place
from tui_reader.data.triage.roots import (
    feed_root_for_paths,
    feed_root_of,
    flags_by_uid,
    view_for_list,
)
from tui_reader.data.triage.state import UNDO_DEPTH, TriageState
from tui_reader.data.triage.steps import (
    ACTIONS,
    Action,
    PublishOutcome,
    PublishTarget,
    Step,
    action_for,
    plural,
)

__all__ = [
    "ACTIONS",
    "UNDO_DEPTH",
    "Action",
    "FixedTriage",
    "Flag",
    "NoTriage",
    "Place",
    "PublishOutcome",
    "PublishTarget",
    "Step",
    "TriageCounts",
    "TriageError",
    "TriageFlags",
    "TriageState",
    "TriageView",
    "action_for",
    "default_db_path",
    "feed_root_for_paths",
    "feed_root_of",
    "flags_by_uid",
    "plural",
    "view_for_list",
]
