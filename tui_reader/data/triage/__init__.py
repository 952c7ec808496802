"""Triage state that never loses work: read, starred, archived, and an undo log, in SQLite.

- :mod:`.flags`: the flags and the read-only :class:`TriageView` the engine and list use;
- :mod:`.steps`: undo steps, publish targets and outcomes, the table of action words;
- :mod:`.database`: where the database lives, its schema, transactions, :class:`TriageError`;
- :mod:`.state`: :class:`TriageState`, one feed's flags and undo log, a transaction an action;
- :mod:`.undo_log`: the ``steps`` table (add, newest, drop, prune);
- :mod:`.flag_steps`, :mod:`.annotation_steps`, :mod:`.publish_steps`: the rows each kind
  of action changes, and how its undo step is recorded, read and reverted;
- :mod:`.publish`: the file side of publishing and of its undo;
- :mod:`.roots`: which feed an article belongs to, read-only lookups for ``--list``;
- :mod:`.places`: where the reader was in each feed (cursor, filter, view, sort);
- :mod:`.annotations`: the reader's own tags and notes (what a tag may be);
- :mod:`.searches`: saved searches (names, the database's table).
"""

from tui_reader.data.triage.annotations import (
    TagEdit,
    TagError,
    normal_note,
    normal_tag,
    parse_tag_edit,
)
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
from tui_reader.data.triage.searches import (
    SavedSearch,
    SearchNameError,
    by_name,
    merge_searches,
    normal_search_name,
    saved_searches_in,
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
    tag_change_phrase,
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
    "SavedSearch",
    "SearchNameError",
    "Step",
    "TagEdit",
    "TagError",
    "TriageCounts",
    "TriageError",
    "TriageFlags",
    "TriageState",
    "TriageView",
    "action_for",
    "by_name",
    "default_db_path",
    "feed_root_for_paths",
    "feed_root_of",
    "flags_by_uid",
    "merge_searches",
    "normal_note",
    "normal_search_name",
    "normal_tag",
    "parse_tag_edit",
    "plural",
    "saved_searches_in",
    "tag_change_phrase",
    "view_for_list",
]
