"""What the triage keys need besides the state itself: where a feed's state lives,
publish targets, re-reading a published file, and the words shown to the user.

Everything shown is built as ``Content`` from literal text: titles and paths in a
refusal are feed data and must never be parsed as markup.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from textual.content import Content

from tui_reader.data.loader import FeedFile, load_file
from tui_reader.data.model import Article, LoadError
from tui_reader.data.triage import Flag, PublishOutcome, PublishTarget
from tui_reader.data.writeback import Expected
from tui_reader.ui.safe_text import feed_text


def publish_targets(articles: Iterable[Article]) -> list[PublishTarget]:
    """Publish targets expecting each file as the loader saw it (size and mtime)."""
    return [
        PublishTarget(article.key, article.path, Expected.of_scan(article.size, article.mtime_ns))
        for article in articles
    ]


def reload_article(article: Article) -> Article | LoadError:
    """``article`` read again from its file (after publish wrote into it)."""
    status = os.stat(article.path, follow_symlinks=False)
    return load_file(FeedFile(article.path, article.rel_path, status.st_size, status.st_mtime_ns))


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def bulk_question(flag: Flag | None, value: bool, count: int) -> Content:
    """ "Mark 35 articles read?", "Unstar 2 articles?", "Publish 1 article?"."""
    articles = plural(count, "article")
    if flag is None:
        text = f"{'Publish' if value else 'Unpublish'} {articles}?"
    elif flag is Flag.READ:
        text = f"Mark {articles} {'read' if value else 'unread'}?"
    elif flag is Flag.STARRED:
        text = f"{'Star' if value else 'Unstar'} {articles}?"
    else:
        text = f"{'Archive' if value else 'Unarchive'} {articles}?"
    return Content.styled(text, "bold")


def refusal_message(outcome: PublishOutcome, value: bool) -> Content:
    """Which files were not written and why (paths literally, one per line)."""
    verb = "published" if value else "unpublished"
    lines = [Content(f"{plural(len(outcome.refused), 'file')} not {verb}:")]
    lines += [feed_text(str(error)) for error in outcome.refused]
    return Content("\n").join(lines)
