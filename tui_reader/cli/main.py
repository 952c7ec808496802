"""The entry point: the app, ``--list``, ``serve`` or ``mark``, and exit statuses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui_reader.cli.listing import feed_paths, run_list
from tui_reader.cli.mark import run_mark
from tui_reader.cli.parser import PROGRAM, UsageError, build_parser
from tui_reader.cli.serve import run_serve
from tui_reader.data.triage import TriageError


def run_app(args: argparse.Namespace) -> int:
    """Open the reader on the feed."""
    from tui_reader.app import ReaderApp

    paths = feed_paths(args.paths)
    for path in paths:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {path}")
    try:
        app = ReaderApp(
            paths, use_cache=not args.no_cache, cache_dir=args.cache_dir, state_path=args.state
        )
    except (TriageError, OSError) as error:
        print(f"{PROGRAM}: cannot open the triage state: {error}", file=sys.stderr)
        return 1
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] == "serve":
            return run_serve(arguments[1:])
        if arguments and arguments[0] == "mark":
            return run_mark(arguments[1:])
        args = build_parser().parse_args(arguments)
        for flag, given in (
            ("--json", args.json),
            ("--format", args.format),
            ("--count", args.count),
            ("--query", args.query),
        ):
            if given and not args.list:
                raise UsageError(f"{flag} goes with --list")
        if args.json:
            if args.format not in (None, "json"):
                raise UsageError("--json means --format json")
            args.format = "json"
        return run_list(args) if args.list else run_app(args)
    except UsageError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of a pipe (head, less) went away: not an error of ours.
        sys.stderr.close()
        return 0
