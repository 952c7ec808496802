"""The entry point: the app, ``--list``, a subcommand, or a setup output; exit statuses."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from tui_reader.cli.listing import feed_paths, run_list
from tui_reader.cli.output import error_line
from tui_reader.cli.parser import PROGRAM, SUBCOMMANDS, UsageError, parse_main
from tui_reader.data.triage import TriageError

RUNS: dict[str, tuple[str, str]] = {
    "serve": ("tui_reader.cli.serve", "run_serve"),
    "mark": ("tui_reader.cli.mark", "run_mark"),
    "searches": ("tui_reader.cli.searches", "run_searches"),
    "export": ("tui_reader.cli.export", "run_export"),
}
"""The module and function that run each subcommand (named in ``parser.SUBCOMMANDS``),
imported when that subcommand runs: a ``--list`` for a script loads none of them."""
assert RUNS.keys() == SUBCOMMANDS.keys()


def subcommand(name: str) -> Callable[[Sequence[str]], int]:
    """The function that runs the subcommand ``name``."""
    module, function = RUNS[name]
    return cast(Callable[[Sequence[str]], int], getattr(importlib.import_module(module), function))


def run_app(args: argparse.Namespace) -> int:
    """Open the reader on the feed; config.toml's problems go to stderr first."""
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
        error_line(f"{PROGRAM}: cannot open the triage state: {error}")
        return 1
    # Printed before the app takes the screen: still there after it quits.
    if app.user_config.note:
        error_line(f"{PROGRAM}: {app.user_config.note}")
    for problem in app.config_problems:
        error_line(f"{app.user_config.path}: {problem}")
    app.run()
    return app.return_code or 0


def run_setup(args: argparse.Namespace) -> int | None:
    """``--print-config`` or ``--completion``; None when neither was asked for."""
    if args.completion:
        from tui_reader.cli.completion import completion_script

        sys.stdout.write(completion_script(args.completion))
        return 0
    if args.print_config:
        from tui_reader.cli.config_output import print_config

        return print_config()
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] in RUNS:
            return subcommand(arguments[0])(arguments[1:])
        args = parse_main(arguments)
        setup = run_setup(args)
        if setup is not None:
            return setup
        return run_list(args) if args.list else run_app(args)
    except UsageError as error:
        error_line(f"{PROGRAM}: {error}")
        return 2
    except BrokenPipeError:
        # The reader of a pipe (head, less) went away: not an error of ours.
        sys.stderr.close()
        return 0
