"""The command-line grammar: the reader's options, ``serve`` and ``mark``.

One parent parser holds what every command that opens a feed takes (paths, the cache,
the triage state); each command adds its own. The grammar is also the source of
``--help``, the shell completions (:mod:`.completion`) and the man page (:mod:`.manpage`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from tui_reader import __version__
from tui_reader.data.store import SortKey
from tui_reader.data.triage import ACTIONS

PROGRAM = "tui-reader"
LIST_FORMATS = ("text", "json", "tsv")
SHELLS = ("bash", "zsh", "fish")
DEFAULT_SERVE_HOST = "127.0.0.1"
DEFAULT_SERVE_PORT = 8000
LIST_OPTIONS = ("--count", "--json", "--format", "--query", "--sort", "--header", "--stories")
"""Options that only make sense for a listing: each one implies ``--list``."""


class UsageError(Exception):
    """A mistake in the command line: one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def feed_options() -> argparse.ArgumentParser:
    """The options of every command that opens a feed (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        help="feed folders or article files (default: the bundled sample feed)",
    )
    parent.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file again; do not read or write the cache",
    )
    parent.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="where to keep the metadata cache"
    )
    parent.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the triage database (read, starred, archived, undo, where you left off); "
        "default: in the user state dir",
    )
    return parent


@dataclass(frozen=True, slots=True)
class Subcommand:
    """A command named by the first argument (so that ``./serve`` still opens a folder)."""

    name: str
    summary: str
    parser: Callable[[], argparse.ArgumentParser]


def build_serve_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader serve``."""
    parser = _Parser(
        prog=f"{PROGRAM} serve",
        parents=[feed_options()],
        description="Serve the reader to a web browser (textual-serve): each browser tab "
        "runs its own reader.",
        epilog=f"By default the server listens on loopback ({DEFAULT_SERVE_HOST}) only: other "
        "machines cannot connect. Reach it from elsewhere through an SSH tunnel "
        f"(ssh -L {DEFAULT_SERVE_PORT}:localhost:{DEFAULT_SERVE_PORT} host) rather than "
        "--host 0.0.0.0 --allow-remote, which lets anyone who can reach the port read the "
        "feed and publish (write into its files), with no password.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_SERVE_HOST,
        help=f"address to listen on (default: {DEFAULT_SERVE_HOST}, loopback only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_SERVE_PORT, help="port (default: %(default)s)"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="required with a --host other than loopback: the server has no authentication",
    )
    return parser


MARK_ACTIONS = {action.option: action for action in ACTIONS if action.flag is not None}
"""The ``tui-reader mark`` options: ``--read``, ``--unstar``…"""


def build_mark_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader mark``."""
    parser = _Parser(
        prog=f"{PROGRAM} mark",
        parents=[feed_options()],
        description="Apply triage to every article matching a query, from scripts or cron. "
        "Uses the reader's state database; one mark is one undo step in the app (u).",
    )
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
    parser.add_argument(
        "--dry-run", action="store_true", help="say how many would change, change nothing"
    )
    return parser


SUBCOMMANDS: dict[str, Subcommand] = {
    command.name: command
    for command in (
        Subcommand("serve", "the reader in a web browser, on loopback", build_serve_parser),
        Subcommand(
            "mark", "triage what a query matches, from scripts (one undo step)", build_mark_parser
        ),
    )
}


def build_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader`` itself (the app, or ``--list``)."""
    commands = "\n".join(
        f"  {PROGRAM} {command.name:<6} {command.summary}" for command in SUBCOMMANDS.values()
    )
    parser = _Parser(
        prog=PROGRAM,
        parents=[feed_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read and triage folders of news articles (Markdown with front matter).\n"
        "With no PATH, opens the bundled sample feed.",
        epilog=f"commands (each with its own --help):\n{commands}\n\n"
        "keys, settings and files: man tui-reader, and docs/config.md",
    )
    listing = parser.add_argument_group("listing (for scripts; each of these implies --list)")
    listing.add_argument(
        "--list",
        action="store_true",
        help="print the articles instead of opening the app (one line each)",
    )
    listing.add_argument(
        "--sort",
        choices=[key.value for key in SortKey],
        help="order of the list (default: date, newest first)",
    )
    listing.add_argument(
        "--format",
        choices=LIST_FORMATS,
        help="text (default), json (one object per line; path_bytes, hex, when a file name "
        "is not UTF-8) or tsv (title, provider, date, url, path; tab, newline, backslash and "
        "other controls escaped as \\t \\n \\\\ \\xNN \\uNNNN)",
    )
    listing.add_argument("--json", action="store_true", help="same as --format json")
    listing.add_argument(
        "--header", action="store_true", help="with --format tsv: a first line naming the columns"
    )
    listing.add_argument("--count", action="store_true", help="print only the number of articles")
    listing.add_argument(
        "--stories",
        action="store_true",
        help="one line a story (reports of one event by several providers, copies of one "
        "URL) instead of one an article: its best report, then how many others and from "
        "whom; with --count, how many stories",
    )
    listing.add_argument(
        "--query",
        metavar="Q",
        help="only articles matching Q, best match first (the filter's language)",
    )
    setup = parser.add_argument_group("setting up")
    setup.add_argument(
        "--print-config",
        action="store_true",
        help="print the configuration in effect (config.toml and the defaults), then exit",
    )
    setup.add_argument(
        "--completion",
        choices=SHELLS,
        metavar="SHELL",
        help=f"print a completion script for SHELL ({', '.join(SHELLS)}), then exit",
    )
    setup.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    return parser


def parse_main(arguments: list[str]) -> argparse.Namespace:
    """``tui-reader``'s own arguments, with the options that imply ``--list`` applied."""
    args = build_parser().parse_args(arguments)
    given = {
        "--count": args.count,
        "--json": args.json,
        "--format": args.format is not None,
        "--query": args.query is not None,
        "--sort": args.sort is not None,
        "--header": args.header,
        "--stories": args.stories,
    }
    if any(given.values()):
        args.list = True
    if args.json:
        if args.format not in (None, "json"):
            raise UsageError("--json means --format json")
        args.format = "json"
    if args.header and args.format != "tsv":
        raise UsageError("--header goes with --format tsv")
    args.query = args.query or ""
    args.sort = args.sort or SortKey.DATE.value
    return args
