"""``tui-reader serve``: the reader in a web browser (textual-serve)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from tui_reader.cli.parser import PROGRAM, UsageError, build_serve_parser


def serve_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session."""
    words = [sys.executable, "-m", "tui_reader"]
    if args.no_cache:
        words.append("--no-cache")
    if args.cache_dir is not None:
        words += ["--cache-dir", os.path.abspath(args.cache_dir)]
    if args.state is not None:
        words += ["--state", os.path.abspath(args.state)]
    # "--" so that a folder named like an option (or "serve") is still a path.
    words += ["--", *(os.path.abspath(path) for path in args.paths)]
    return shlex.join(words)


def run_serve(argv: Sequence[str]) -> int:
    """``tui-reader serve``: the reader in a browser, on loopback unless told otherwise."""
    args = build_serve_parser().parse_args(argv)
    for path in args.paths:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {path}")
    from textual_serve.server import Server

    Server(serve_command(args), host=args.host, port=args.port, title=PROGRAM).serve()
    return 0
