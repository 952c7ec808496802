"""``tui-reader mark``: triage and tags from scripts, as one undoable step."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui_reader.cli.listing import feed_paths, load, query_bodies, searches_named_in
from tui_reader.cli.output import error_line, write_line
from tui_reader.cli.parser import MARK_ACTIONS, PROGRAM, UsageError, build_mark_parser
from tui_reader.data.store import SortKey
from tui_reader.data.triage import (
    TagEdit,
    TagError,
    TriageError,
    TriageState,
    feed_root_for_paths,
    normal_tag,
    plural,
)


def run_mark(argv: Sequence[str]) -> int:
    """``tui-reader mark``: triage the articles a query selects, as one undoable step."""
    from tui_reader.query import Matcher, QueryError

    args = build_mark_parser().parse_args(argv)
    paths = feed_paths(args.paths)
    session = load(paths, args)
    store = session.store
    root = feed_root_for_paths(paths)
    assert root is not None  # feed_paths never returns an empty list
    try:
        edit = TagEdit(
            tuple(dict.fromkeys(normal_tag(tag) for tag in args.tags or ())),
            tuple(dict.fromkeys(normal_tag(tag) for tag in args.untags or ())),
        )
    except TagError as error:
        raise UsageError(str(error)) from None
    searches = searches_named_in(args.query, args.state)
    try:
        state = TriageState(root, args.state)
    except TriageError as error:
        raise UsageError(f"cannot open the triage state: {error}") from None
    with state:
        try:
            matcher = Matcher(store, query_bodies(args, searches), searches=searches)
            uids = matcher.run(args.query, SortKey.DATE, state).uids
        except QueryError as error:
            raise UsageError(f"bad query term {error.term!r}: {error.message}") from None
        keys = list(dict.fromkeys(store[uid].key for uid in uids))
        matched = f"{plural(len(keys))} {'matches' if len(keys) == 1 else 'match'}"
        if not edit.is_empty:
            return _tag(state, keys, edit, matched, dry_run=args.dry_run)
        action = MARK_ACTIONS[args.action]
        assert action.flag is not None
        if args.dry_run:
            would = sum(1 for key in keys if state.has(action.flag, key) != action.value)
            change = action.imperative.format(n=plural(would)).lower()
            write_line(sys.stdout, f"{matched}; would {change} (--dry-run: nothing changed)")
            return 0
        try:
            step = state.set_flag(action.flag, keys, action.value)
        except TriageError as error:
            error_line(f"{PROGRAM}: triage state not saved: {error}")
            return 1
    changed = len(step.keys) if step is not None else 0
    write_line(sys.stdout, f"{matched}; {action.past.format(n=plural(changed)).lower()}")
    return 0


def _tag(state: TriageState, keys: list[str], edit: TagEdit, matched: str, *, dry_run: bool) -> int:
    """``--tag`` / ``--untag``: one undo step for every article that changes."""
    if dry_run:
        would = sum(
            1
            for key in keys
            if set(edit.add) - set(state.tags(key)) or set(edit.remove) & set(state.tags(key))
        )
        write_line(
            sys.stdout,
            f"{matched}; would change the tags of {plural(would)} (--dry-run: nothing changed)",
        )
        return 0
    try:
        step = state.edit_tags(keys, edit)
    except TriageError as error:
        error_line(f"{PROGRAM}: triage state not saved: {error}")
        return 1
    if step is None:
        write_line(sys.stdout, f"{matched}; no tag changed")
    else:
        write_line(sys.stdout, f"{matched}; {step.describe()}")
    return 0
