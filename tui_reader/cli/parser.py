"""The command-line grammar: the reader's options, ``serve`` and ``mark``.

Also the source of ``--help``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from tui_reader import __version__
from tui_reader.data.store import SortKey
from tui_reader.data.triage import ACTIONS

PROGRAM = "tui-reader"
LIST_FORMATS = ("text", "json", "tsv")
SUBCOMMANDS = frozenset({"serve", "mark"})
"""Recognised only as the first argument, so that ``./serve`` still opens a folder."""
DEFAULT_SERVE_HOST = "127.0.0.1"
DEFAULT_SERVE_PORT = 8000


class UsageError(Exception):
    """A mistake in the command line: one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {PROGRAM} --help)")


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar (also the source of ``--help``)."""
    parser = _Parser(
        prog=PROGRAM,
        description="Read and triage folders of news articles (Markdown with front matter).",
        epilog="With no PATH, opens the bundled sample feed. To read in a web browser: "
        f"{PROGRAM} serve [PATH] (see {PROGRAM} serve --help).",
    )
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        help="feed folders or article files (default: the bundled sample feed)",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="print the articles instead of opening the app (one line each)",
    )
    parser.add_argument(
        "--sort",
        choices=[key.value for key in SortKey],
        default=SortKey.DATE.value,
        help="order of the list (default: date, newest first)",
    )
    parser.add_argument(
        "--format",
        choices=LIST_FORMATS,
        help="with --list: text (default), json (one object per line) or tsv "
        "(title, provider, date, url, path; tab, newline and backslash escaped as \\t \\n \\\\)",
    )
    parser.add_argument("--json", action="store_true", help="with --list: same as --format json")
    parser.add_argument(
        "--count", action="store_true", help="with --list: print only the number of articles"
    )
    parser.add_argument(
        "--query",
        metavar="Q",
        default="",
        help="with --list: only articles matching Q, best match first (the filter's language)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file again; do not read or write the cache",
    )
    parser.add_argument("--cache-dir", type=Path, help="where to keep the metadata cache")
    parser.add_argument(
        "--state",
        type=Path,
        metavar="PATH",
        help="the triage database (read, starred, archived, undo); default: in the user state dir",
    )
    parser.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    return parser


def build_serve_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader serve``."""
    parser = _Parser(
        prog=f"{PROGRAM} serve",
        description="Serve the reader to a web browser (textual-serve): each browser tab "
        "runs its own reader.",
        epilog=f"By default the server listens on loopback ({DEFAULT_SERVE_HOST}) only: other "
        "machines cannot connect. Reach it from elsewhere through an SSH tunnel "
        f"(ssh -L {DEFAULT_SERVE_PORT}:localhost:{DEFAULT_SERVE_PORT} host) rather than "
        "--host 0.0.0.0, which lets anyone who can reach the port read the feed.",
    )
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", help="feed folders or article files (default: sample)"
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_SERVE_HOST,
        help=f"address to listen on (default: {DEFAULT_SERVE_HOST}, loopback only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_SERVE_PORT, help="port (default: %(default)s)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", type=Path, help="where to keep the metadata cache")
    return parser


MARK_ACTIONS = {action.option: action for action in ACTIONS if action.flag is not None}
"""The ``tui-reader mark`` options: ``--read``, ``--unstar``…"""


def build_mark_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader mark``."""
    parser = _Parser(
        prog=f"{PROGRAM} mark",
        description="Apply triage to every article matching a query, from scripts or cron. "
        "Uses the reader's state database; one mark is one undo step in the app (u).",
    )
    parser.add_argument("paths", metavar="PATH", nargs="*", help="feed folder (default: sample)")
    parser.add_argument("--query", metavar="Q", required=True, help="the filter's query language")
    actions = parser.add_mutually_exclusive_group(required=True)
    for name, action in MARK_ACTIONS.items():
        actions.add_argument(
            f"--{name}",
            dest="action",
            action="store_const",
            const=name,
            help=action.imperative.format(n="them").lower(),
        )
    parser.add_argument("--state", type=Path, help="the triage database (default: user state)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", type=Path, help="where to keep the metadata cache")
    parser.add_argument("--dry-run", action="store_true", help="only say how many would change")
    return parser
