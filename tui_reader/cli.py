"""The ``tui-reader`` command: the app, ``--list`` for scripts, cron and pipes, and
``tui-reader serve`` for a browser.

Heavy modules (Textual) are imported only on the path that needs them, so that
``--list`` stays fast and start-up of the app is not paid twice.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from tui_reader import __version__
from tui_reader.cli_output import (
    error_line,
    json_line,
    load_error_text,
    path_fields,
    tsv_line,
    write_line,
)
from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import (
    ACTIONS,
    NoTriage,
    TriageError,
    TriageFlags,
    TriageView,
    feed_root_for_paths,
    flags_by_uid,
    plural,
    view_for_list,
)

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
        help="with --list: text (default), json (one object per line; path_bytes, hex, "
        "when a file name is not UTF-8) or tsv "
        "(title, provider, date, url, path; tab, newline, backslash and other controls "
        "escaped as \\t \\n \\\\ \\xNN \\uNNNN)",
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


def _feed_paths(paths: Sequence[str]) -> list[str]:
    if paths:
        return list(paths)
    from tui_reader.resources import sample_feed_dir

    return [str(sample_feed_dir())]


def load(paths: Sequence[str], *, use_cache: bool, cache_dir: Path | None) -> FeedSession:
    """The feed, loaded, or UsageError for a path that does not exist."""
    session = FeedSession(paths, use_cache=use_cache, cache_dir=cache_dir)
    try:
        session.load_all()
    except FileNotFoundError as error:
        raise UsageError(f"no such file or folder: {error.args[0]}") from None
    return session


def article_json(
    article: Article, store: Store, triage: TriageFlags | None = None
) -> dict[str, Any]:
    """The JSON object ``--list --json`` prints for one article.

    ``path_bytes`` (hex) is there only when the file name is not valid UTF-8.
    """
    flags = triage if triage is not None else TriageFlags()
    return {
        "id": article.key,
        **path_fields("path", article.path),
        "rel_path": article.rel_path,
        "title": article.title,
        "provider": article.provider.name,
        "domain": article.provider.domain,
        "published_at": article.published_at.isoformat().replace("+00:00", "Z")
        if article.published_at
        else None,
        "web_url": article.web_url,
        "original_url": article.original_url,
        "category": article.category,
        "type": article.type,
        "topics": list(article.topics),
        "quality": article.quality,
        "heat": article.heat,
        "published": article.published,
        "has_body": article.has_body,
        "duplicate": store.is_duplicate(article),
        "read": flags.read,
        "starred": flags.starred,
        "archived": flags.archived,
    }


def article_tsv(article: Article) -> str:
    """The line ``--list --format tsv`` prints: title, provider, date, url, path."""
    date = article.published_at.isoformat().replace("+00:00", "Z") if article.published_at else ""
    fields = (article.title, article.provider.name, date, article.url, article.path)
    return tsv_line(fields)


def article_line(article: Article) -> str:
    """The line ``--list`` prints for one article: title, provider, date."""
    date = article.published_at.date().isoformat() if article.published_at else "-"
    return f"{article.title} — {article.provider.name or '-'} — {date}"


def run_list(args: argparse.Namespace) -> int:
    """``--list``: print the feed; errors go to stderr as ``PATH: reason``."""
    paths = _feed_paths(args.paths)
    session = load(paths, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    for error in session.errors:
        error_line(load_error_text(error))
    store = session.store
    from tui_reader.query import Matcher, QueryError

    triage: dict[int, TriageFlags] = {}
    view: TriageView = NoTriage()
    # One folder given: every article was loaded from it.
    folder = paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else None
    try:
        view = view_for_list(store, args.state, folder=folder)
        if args.format == "json" and not args.count:  # flags printed per article
            triage = flags_by_uid(store, args.state)
    except TriageError as error:
        view, triage = NoTriage(), {}
        error_line(f"{PROGRAM}: cannot read the triage state: {error}")
    try:
        # The same call the TUI's filter makes, so both show the same articles in the same order.
        uids = Matcher(store).run(args.query, SortKey(args.sort), view).uids
    except QueryError as error:
        raise UsageError(f"bad query term {error.term!r}: {error.message}") from None
    out = sys.stdout
    if args.count:
        write_line(out, f"{len(uids)}")
    else:
        for uid in uids:
            article = store[uid]
            if args.format == "json":
                write_line(out, json_line(article_json(article, store, triage.get(uid))))
            elif args.format == "tsv":
                write_line(out, article_tsv(article), tabs=True)
            else:
                write_line(out, article_line(article))
    out.flush()
    return 1 if session.errors and not len(store) else 0


def run_app(args: argparse.Namespace) -> int:
    """Open the reader on the feed."""
    from tui_reader.app import ReaderApp

    paths = _feed_paths(args.paths)
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
    app.run()
    return app.return_code or 0


def build_serve_parser() -> argparse.ArgumentParser:
    """The grammar of ``tui-reader serve``."""
    parser = _Parser(
        prog=f"{PROGRAM} serve",
        description="Serve the reader to a web browser (textual-serve): each browser tab "
        "runs its own reader.",
        epilog=f"By default the server listens on loopback ({DEFAULT_SERVE_HOST}) only: other "
        "machines cannot connect. Reach it from elsewhere through an SSH tunnel "
        f"(ssh -L {DEFAULT_SERVE_PORT}:localhost:{DEFAULT_SERVE_PORT} host) rather than "
        "--host 0.0.0.0 --allow-remote, which lets anyone who can reach the port read the "
        "feed and publish (write into its files), with no password.",
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
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="required with a --host other than loopback: the server has no authentication",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", type=Path, help="where to keep the metadata cache")
    return parser


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


def run_mark(argv: Sequence[str]) -> int:
    """``tui-reader mark``: triage the articles a query selects, as one undoable step."""
    from tui_reader.data.triage import TriageState
    from tui_reader.query import Matcher, QueryError

    args = build_mark_parser().parse_args(argv)
    paths = _feed_paths(args.paths)
    session = load(paths, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    for error in session.errors:
        error_line(load_error_text(error))
    store = session.store
    root = feed_root_for_paths(paths)
    assert root is not None  # _feed_paths never returns an empty list
    action = MARK_ACTIONS[args.action]
    assert action.flag is not None
    try:
        state = TriageState(root, args.state)
    except TriageError as error:
        raise UsageError(f"cannot open the triage state: {error}") from None
    with state:
        try:
            uids = Matcher(store).run(args.query, SortKey.DATE, state).uids
        except QueryError as error:
            raise UsageError(f"bad query term {error.term!r}: {error.message}") from None
        keys = list(dict.fromkeys(store[uid].key for uid in uids))
        if args.dry_run:
            write_line(sys.stdout, f"{len(keys)} articles match; nothing changed (--dry-run)")
            return 0
        try:
            step = state.set_flag(action.flag, keys, action.value)
        except TriageError as error:
            error_line(f"{PROGRAM}: triage state not saved: {error}")
            return 1
    changed = len(step.keys) if step is not None else 0
    write_line(
        sys.stdout, f"{len(keys)} articles match; {action.past.format(n=plural(changed)).lower()}"
    )
    return 0


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
        error_line(f"{PROGRAM}: {error}")
        return 2
    except BrokenPipeError:
        # The reader of a pipe (head, less) went away: not an error of ours.
        sys.stderr.close()
        return 0
