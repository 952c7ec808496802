"""``tui-reader --list``: the feed printed for scripts, cron and pipes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.cli.output import (
    error_line,
    json_line,
    load_error_text,
    path_fields,
    tsv_line,
    write_line,
)
from tui_reader.cli.parser import PROGRAM, UsageError
from tui_reader.cli.story_listing import (
    STORY_TSV_COLUMNS,
    needs_stories,
    prepared_stories,
    story_fields,
    story_groups,
    story_json,
    story_line,
    story_tsv,
)
from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey, Store
from tui_reader.data.triage import (
    FixedTriage,
    NoTriage,
    SavedSearch,
    TriageError,
    TriageFlags,
    TriageView,
    by_name,
    flags_by_uid,
    merge_searches,
    saved_searches_in,
    view_for_list,
)

if TYPE_CHECKING:
    from tui_reader.data.feed_bodies import FeedBodies
    from tui_reader.data.stories.story_index import StoryIndex
    from tui_reader.query.parser import Searches


def feed_paths(paths: Sequence[str]) -> list[str]:
    if paths:
        return list(paths)
    from tui_reader.resources import sample_feed_dir

    return [str(sample_feed_dir())]


def load(paths: Sequence[str], args: argparse.Namespace) -> FeedSession:
    """The feed, loaded with ``args``' cache options, each file that could not be read
    said on stderr; UsageError for a path that does not exist."""
    session = FeedSession(paths, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    try:
        session.load_all()
    except FileNotFoundError as error:
        raise UsageError(f"no such file or folder: {error.args[0]}") from None
    for problem in session.errors:
        error_line(load_error_text(problem))
    return session


def searches_named_in(query: str, state: Path | None) -> dict[str, str]:
    """The saved searches, by name, when ``query`` may name one (``search:``; none read
    otherwise); each problem reading them said on stderr."""
    if "search:" not in query:
        return {}
    found, problems = load_searches(state)
    for problem in problems:
        error_line(problem)
    return by_name(found)


def fixed_triage(store: Store, state: Path | None) -> FixedTriage:
    """The triage flags of ``store``'s articles as they are now (read only); none, said
    on stderr, when the state cannot be read."""
    try:
        flags = flags_by_uid(store, state)
    except TriageError as error:
        error_line(f"{PROGRAM}: cannot read the triage state: {error}")
        flags = {}
    return FixedTriage({store[uid].key: found for uid, found in flags.items()})


def load_searches(state: Path | None) -> tuple[list[SavedSearch], list[str]]:
    """Every saved search (config.toml's ``[searches]`` and those saved in the app, in
    the triage database, read only), and a line for each problem found on the way."""
    from tui_reader.config import config_path, load_config

    loaded = load_config(config_path())  # read only: the app's moves are not done here
    problems = [
        f"{loaded.path}: {problem}"
        for problem in loaded.problems
        if problem.key == "" or problem.key.startswith("searches")
    ]
    try:
        saved = saved_searches_in(state)
    except TriageError as error:
        problems.append(f"{PROGRAM}: cannot read the saved searches: {error}")
        saved = {}
    return merge_searches(loaded.config.searches, saved), problems


def query_bodies(
    args: argparse.Namespace, searches: Searches | None = None, queries: Sequence[str] = ()
) -> FeedBodies | None:
    """The body index for a ``body:`` query (``args.query``, else ``queries``; a saved
    search's terms count), brought up to date (progress on stderr)."""
    from tui_reader.query import QueryError, parse

    needed = False
    for text in queries or [args.query]:
        try:
            needed = needed or bool(parse(text, searches).body_terms())
        except QueryError:
            continue  # reported by the run that follows
    if not needed:
        return None
    from tui_reader.data.feed_bodies import FeedBodies, update_reporting

    directory = args.cache_dir
    if args.no_cache:  # nothing is written to the cache directory, the index included
        import atexit
        import shutil
        from tempfile import mkdtemp

        directory = Path(mkdtemp(prefix="tui-reader-bodies-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
    bodies = FeedBodies(feed_paths(args.paths), directory)
    update_reporting(bodies, sys.stderr)
    return bodies


def query_reads_triage(args: argparse.Namespace) -> bool:
    """Whether the articles ``--list`` selects depend on the triage state (the query's
    terms do). A listing of every article leaves it unread: at 100k articles, a state of
    67,000 flagged ones took ~0.1 s to read. (``--json`` reads the flags it prints.)"""
    from tui_reader.query import Matcher, QueryError, parse

    try:
        query = parse(args.query)
    except QueryError:
        return True  # a saved search (parsed with the searches later), or an error it reports
    return Matcher.reads_triage(query)


def article_json(
    article: Article,
    store: Store,
    triage: TriageFlags | None = None,
    stories: StoryIndex | None = None,
) -> dict[str, Any]:
    """The JSON object ``--list --json`` prints for one article.

    ``path_bytes`` (hex) is there only when the file name is not valid UTF-8; ``story``
    and ``story_size`` when the stories are given (``--list --json`` always gives them).
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
        **(story_fields(article, stories) if stories is not None else {}),
        "tags": list(flags.tags),
        "note": flags.note,
    }


TSV_COLUMNS = ("title", "provider", "date", "url", "path")
"""The columns of ``--format tsv`` (``--header`` prints them as the first line)."""


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
    paths = feed_paths(args.paths)
    session = load(paths, args)
    store = session.store
    from tui_reader.query import Matcher, QueryError

    triage: dict[int, TriageFlags] = {}
    view: TriageView = NoTriage()
    # One folder given: every article was loaded from it.
    folder = paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else None
    try:
        if query_reads_triage(args):
            view = view_for_list(store, args.state, folder=folder)
        if args.format == "json" and not args.count:  # flags printed per article
            triage = flags_by_uid(store, args.state)
    except TriageError as error:
        view, triage = NoTriage(), {}
        error_line(f"{PROGRAM}: cannot read the triage state: {error}")
    feed_stories = prepared_stories(session) if needs_stories(args) else None
    stories = feed_stories.current if feed_stories is not None else None
    searches = searches_named_in(args.query, args.state)
    try:
        # The same call the TUI's filter makes, so both show the same articles in the same order.
        matcher = Matcher(
            store, query_bodies(args, searches), stories=feed_stories, searches=searches
        )
        uids = matcher.run(args.query, SortKey(args.sort), view).uids
    except QueryError as error:
        raise UsageError(f"bad query term {error.term!r}: {error.message}") from None
    out = sys.stdout
    if args.stories and stories is not None:
        write_stories(args, [store[uid] for uid in uids], stories)
    elif args.count:
        write_line(out, f"{len(uids)}")
    else:
        if args.header:
            write_line(out, tsv_line(TSV_COLUMNS), tabs=True)
        for uid in uids:
            article = store[uid]
            if args.format == "json":
                row = article_json(article, store, triage.get(uid), stories)
                write_line(out, json_line(row))
            elif args.format == "tsv":
                write_line(out, article_tsv(article), tabs=True)
            else:
                write_line(out, article_line(article))
    out.flush()
    return 1 if session.errors and not len(store) else 0


def write_stories(args: argparse.Namespace, articles: list[Article], stories: StoryIndex) -> None:
    """``--stories``: one line a story (``--count``: how many stories)."""
    out = sys.stdout
    groups = story_groups(articles, stories)
    if args.count:
        write_line(out, f"{len(groups)}")
        return
    if args.header:
        write_line(out, tsv_line(STORY_TSV_COLUMNS), tabs=True)
    for group in groups:
        if args.format == "json":
            write_line(out, json_line(story_json(group, stories)))
        elif args.format == "tsv":
            write_line(out, story_tsv(group, stories), tabs=True)
        else:
            write_line(out, story_line(group, stories))
