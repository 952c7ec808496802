"""``tui-reader serve``: the reader in a web browser (textual-serve)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from tui_reader.cli.output import error_line
from tui_reader.cli.parser import PROGRAM, UsageError, build_serve_parser


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name, "" or "0.0.0.0"-like: may be reachable from elsewhere


def remote_warning(host: str, port: int, paths: Sequence[str]) -> str:
    """What ``serve --allow-remote`` exposes, said before it starts."""
    feeds = ", ".join(os.path.abspath(path) for path in paths) or "the bundled sample feed"
    return (
        f"{PROGRAM} serve: WARNING: listening on {host}:{port} with NO authentication. "
        f"Anyone who can reach this port can read every article of {feeds}, "
        "publish and unpublish them (which writes into the files), and change the triage "
        "state. Prefer loopback and an SSH tunnel."
    )


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
    if not is_loopback(args.host):
        if not args.allow_remote:
            raise UsageError(
                f"--host {args.host} is not loopback: anyone who can reach it could read the "
                "feed and write its files (no authentication); add --allow-remote to mean it, "
                f"or use an SSH tunnel (ssh -L {args.port}:localhost:{args.port} host)"
            )
        error_line(remote_warning(args.host, args.port, args.paths))
    from textual_serve.server import Server

    Server(serve_command(args), host=args.host, port=args.port, title=PROGRAM).serve()
    return 0
