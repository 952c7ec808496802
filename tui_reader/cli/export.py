"""``tui-reader export``: the articles a query matches, as a digest (md, html, json).

The same code as the app's ``x`` (:mod:`tui_reader.data.digest`): the query runs as
``--list`` runs it, the excerpts are read from the files, the reader's tags and notes come
from the triage state (read only).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from tui_reader.cli.listing import (
    feed_paths,
    fixed_triage,
    load,
    query_bodies,
    searches_named_in,
)
from tui_reader.cli.output import error_line, write_document
from tui_reader.cli.parser import PROGRAM, UsageError, build_export_parser
from tui_reader.data.digest import format_for, make_digest, read_entries, render, write_digest
from tui_reader.data.model import Article
from tui_reader.data.store import SortKey, Store
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.triage import plural


def run_export(argv: Sequence[str]) -> int:
    """Write the digest to ``-o FILE`` (atomically) or to stdout."""
    from tui_reader.query import Matcher, QueryError

    args = build_export_parser().parse_args(argv)
    output: str = args.output or ""
    format_name = args.format or format_for(output)
    session = load(feed_paths(args.paths), args)
    store = session.store
    triage = fixed_triage(store, args.state)
    searches = searches_named_in(args.query, args.state)
    try:
        matcher = Matcher(store, query_bodies(args, searches), searches=searches)
        uids = matcher.run(args.query, SortKey(args.sort or SortKey.DATE.value), triage).uids
    except QueryError as error:
        raise UsageError(f"bad query term {error.term!r}: {error.message}") from None

    def annotations(article: Article) -> tuple[tuple[str, ...], str]:
        return triage.tags(article.key), triage.note(article.key)

    articles = [store[uid] for uid in uids]
    story_of = None
    if args.group == "story":
        from tui_reader.cli.story_listing import prepared_stories

        story_of = story_headings(articles, prepared_stories(session).current, store)
    entries = read_entries(articles, annotations, story_of=story_of)
    text = render(make_digest(entries, args.query, args.group or ""), format_name)
    if not output or output == "-":
        write_document(sys.stdout, text)
        sys.stdout.flush()
        return 0
    try:
        written = write_digest(output, text)
    except OSError as error:
        error_line(f"{PROGRAM}: cannot write {output}: {error.strerror or error}")
        return 1
    error_line(f"{PROGRAM}: wrote {plural(len(entries))} to {written}")
    return 0


def story_headings(
    articles: Sequence[Article], stories: StoryIndex, store: Store
) -> Callable[[Article], tuple[int, str]]:
    """Each article's story: its place among the digest's stories (by first report) and
    its heading (the title of the story's best report)."""
    ranks: dict[int, int] = {}
    for article in articles:
        ranks.setdefault(stories.label(article.uid), len(ranks))

    def story_of(article: Article) -> tuple[int, str]:
        lead = store.get(stories.lead(article.uid))
        return ranks[stories.label(article.uid)], (lead or article).title

    return story_of
