"""A digest's entries read from the articles' files: each excerpt, with the reader's tags
and note and the article's story, then grouped into a :class:`Digest`.

Reading is the slow part (a file an article): the app runs it in a worker, with the
reader's tags and notes read beforehand on its UI thread and handed over as a plain
callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tui_reader.data.digest.grouping import group_entries
from tui_reader.data.digest.model import Digest, DigestEntry
from tui_reader.data.loader import load_detail
from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.sanitize import clean_line

EXCERPT_CHARS = 600
"""An excerpt longer than this is cut at a word, with an ellipsis."""


def excerpt_of(detail: ArticleDetail | LoadError) -> str:
    """The article's excerpt as one line, else the start of its body's first paragraph
    of text; cut to ``EXCERPT_CHARS`` (nothing when the file cannot be read)."""
    if isinstance(detail, LoadError):
        return ""
    text = clean_line(detail.excerpt)
    if not text:
        for paragraph in detail.body.split("\n\n"):
            line = clean_line(paragraph)
            if line and not line.startswith(("#", "!", "<", "|", "```", "---", ">")):
                text = line
                break
    if len(text) > EXCERPT_CHARS:
        cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text


Annotations = Callable[[Article], tuple[tuple[str, ...], str]]
"""An article's tags and note (the reader's)."""


def read_entries(
    articles: Iterable[Article],
    annotations: Annotations,
    read_detail: Callable[[Article], ArticleDetail | LoadError] = load_detail,
    story_of: Callable[[Article], tuple[int, str]] | None = None,
) -> list[DigestEntry]:
    """An entry per article, its excerpt read from its file (any thread: only files
    are read; ``annotations`` must be safe to call there); ``story_of`` gives each its
    story (for ``--group story``)."""
    entries = []
    for article in articles:
        tags, note = annotations(article)
        story = story_of(article) if story_of is not None else None
        entries.append(DigestEntry(article, excerpt_of(read_detail(article)), tags, note, story))
    return entries


def make_digest(entries: Sequence[DigestEntry], query: str, group_by: str = "") -> Digest:
    return Digest(clean_line(query), group_by, group_entries(entries, group_by))
