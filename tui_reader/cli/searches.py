"""``tui-reader searches``: every saved search with its query and counts, for scripts.

The counts are the app's (the searches list, ``f``): articles matched, and how many of
them are unread, archived ones left out unless the query names ``is:archived``. A search
that cannot run (a cycle, a missing search it names) is one line on stderr, naming the
cycle, while the others still print.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui_reader.cli.listing import feed_paths, fixed_triage, load, load_searches, query_bodies
from tui_reader.cli.output import error_line, json_line, write_line
from tui_reader.cli.parser import PROGRAM, build_searches_parser
from tui_reader.data.triage import by_name


def run_searches(argv: Sequence[str]) -> int:
    """Print each search: ``name  total  unread  query`` (or ``--json``)."""
    from tui_reader.query import Matcher, QueryError, parse

    args = build_searches_parser().parse_args(argv)
    searches, problems = load_searches(args.state)
    for problem in problems:
        error_line(problem)
    table = by_name(searches)
    store = load(feed_paths(args.paths), args).store
    triage = fixed_triage(store, args.state)
    queries = [search.query for search in searches]
    args.query = ""
    matcher = Matcher(store, query_bodies(args, table, queries), searches=table)
    failed = 0
    width = max((len(search.name) for search in searches), default=0)
    out = sys.stdout
    for search in searches:
        try:
            total, unread = matcher.count(parse(search.query, table, within=[search.name]), triage)
        except QueryError as error:
            failed += 1
            why = f"{error.term}: {error.message}"
            error_line(f"{PROGRAM}: search:{search.name} cannot run: {why}")
            if args.json:
                failure: dict[str, object] = {"name": search.name, "query": search.query}
                failure |= {"total": None, "unread": None, "origin": search.origin, "error": why}
                write_line(out, json_line(failure))
            continue
        if args.json:
            fields: dict[str, object] = {"name": search.name, "query": search.query}
            fields |= {"total": total, "unread": unread, "origin": search.origin}
            write_line(out, json_line(fields))
        else:
            write_line(
                out, f"{search.name:<{width}}  {total:>6,}  {unread:>6,} unread  {search.query}"
            )
    if not searches and not args.json:
        error_line(
            f"{PROGRAM}: no saved searches: [searches] in config.toml, or ctrl+s in the filter"
        )
    out.flush()
    return 1 if failed else 0
