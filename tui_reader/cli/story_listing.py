"""Stories in ``--list``: the ``story`` and ``story_size`` of ``--json``, and
``--stories`` (one line a story instead of one an article).

Stories are computed only when the output or the query needs them (``--json``,
``--stories``, ``story:``, ``is:repeat``); with the story cache of an earlier run that
costs a read of one file, without it a clustering of the feed (see docs/stories.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui_reader.cli.output import error_line, load_error_text, tsv_line
from tui_reader.data.model import Article

if TYPE_CHECKING:
    from tui_reader.data.session import FeedSession
    from tui_reader.data.stories.feed_stories import FeedStories
    from tui_reader.data.stories.story_index import StoryIndex

STORY_TSV_COLUMNS = ("story", "size", "title", "providers", "date")


def needs_stories(args: argparse.Namespace) -> bool:
    """Whether the listing asked for needs the stories of the feed."""
    if args.stories or args.format == "json":
        return True
    from tui_reader.query import QueryError, parse
    from tui_reader.query.atoms import RepeatTerm, StoryTerm

    try:
        query = parse(args.query)
    except QueryError:
        return False  # reported by the run that follows
    atoms = (term.atom for clause in query.clauses for term in clause.terms)
    return any(isinstance(atom, StoryTerm | RepeatTerm) for atom in atoms)


def prepared_stories(session: FeedSession) -> FeedStories:
    """The feed's stories, up to date (from the story cache when it is current)."""
    # Imported when stories are asked for: a listing without them loads no clustering.
    from tui_reader.data.stories.feed_stories import FeedStories, story_cache_for

    stories = FeedStories(session.store, story_cache_for(session))
    stories.prepare()
    if stories.error is not None:
        error_line(load_error_text(stories.error))
    return stories


def story_fields(article: Article, stories: StoryIndex) -> dict[str, Any]:
    """``story`` (a stable id, for ``story:ID``) and ``story_size`` of one article."""
    return {"story": stories.story_id(article.uid), "story_size": stories.size(article.uid)}


def story_groups(articles: Sequence[Article], stories: StoryIndex) -> list[list[Article]]:
    """The stories of ``articles`` (as listed), each led by its best member listed."""
    from tui_reader.data.stories.story_groups import group_by_story

    groups = group_by_story(articles, stories)
    for group in groups:
        rank = {uid: at for at, uid in enumerate(stories.members(group[0].uid))}
        group.sort(key=lambda article: rank.get(article.uid, len(rank)))
    return groups


def provider_label(article: Article) -> str:
    """Who published ``article``: its provider's name, else its domain, else the web
    address's host, else "unknown provider" (never a bare dash)."""
    provider = article.provider
    try:
        host = urlsplit(article.url).hostname
    except ValueError:  # "http://[" and the like: no host to name
        host = None
    return provider.name or provider.domain or host or "unknown provider"


def story_line(group: Sequence[Article], stories: StoryIndex) -> str:
    """``--stories``: the best report's title, provider and date, then the others'."""
    lead = group[0]
    date = lead.published_at.date().isoformat() if lead.published_at else "-"
    line = f"{lead.title} — {provider_label(lead)} — {date}"
    others = [stories.store.get(uid) for uid in stories.others(lead.uid)]
    names = list(dict.fromkeys(provider_label(a) for a in others if a is not None))
    if names:
        line += f" (+{len(others)}: {', '.join(names)})"
    return line


def story_json(group: Sequence[Article], stories: StoryIndex) -> dict[str, Any]:
    """``--stories --json``: one object a story, its members' ids best first."""
    lead = group[0]
    members = [stories.store.get(uid) for uid in stories.members(lead.uid)]
    return {
        **story_fields(lead, stories),
        "title": lead.title,
        "provider": lead.provider.name,
        "published_at": lead.published_at.isoformat().replace("+00:00", "Z")
        if lead.published_at
        else None,
        "members": [article.key for article in members if article is not None],
        "providers": list(
            dict.fromkeys(article.provider.name for article in members if article is not None)
        ),
    }


def story_tsv(group: Sequence[Article], stories: StoryIndex) -> str:
    """``--stories --format tsv``: story id, size, title, providers, date."""
    fields = story_json(group, stories)
    return tsv_line(
        (
            fields["story"],
            str(fields["story_size"]),
            fields["title"],
            ", ".join(fields["providers"]),
            fields["published_at"] or "",
        )
    )
