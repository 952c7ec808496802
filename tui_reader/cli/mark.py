"""``tui-reader mark``: triage from scripts, as one undoable step."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui_reader.cli.listing import bodies_for, feed_paths, load
from tui_reader.cli.output import error_line, load_error_text, write_line
from tui_reader.cli.parser import MARK_ACTIONS, PROGRAM, UsageError, build_mark_parser
from tui_reader.data.store import SortKey
from tui_reader.data.triage import TriageError, feed_root_for_paths, plural


def run_mark(argv: Sequence[str]) -> int:
    """``tui-reader mark``: triage the articles a query selects, as one undoable step."""
    from tui_reader.data.triage import TriageState
    from tui_reader.query import Matcher, QueryError

    args = build_mark_parser().parse_args(argv)
    paths = feed_paths(args.paths)
    session = load(paths, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    for error in session.errors:
        error_line(load_error_text(error))
    store = session.store
    root = feed_root_for_paths(paths)
    assert root is not None  # feed_paths never returns an empty list
    action = MARK_ACTIONS[args.action]
    assert action.flag is not None
    try:
        state = TriageState(root, args.state)
    except TriageError as error:
        raise UsageError(f"cannot open the triage state: {error}") from None
    with state:
        try:
            uids = Matcher(store, bodies_for(args)).run(args.query, SortKey.DATE, state).uids
        except QueryError as error:
            raise UsageError(f"bad query term {error.term!r}: {error.message}") from None
        keys = list(dict.fromkeys(store[uid].key for uid in uids))
        matched = f"{plural(len(keys))} {'matches' if len(keys) == 1 else 'match'}"
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
