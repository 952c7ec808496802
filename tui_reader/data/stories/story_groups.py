"""Articles grouped by story: what a digest grouped by story prints (``--group story``)."""

from __future__ import annotations

from collections.abc import Iterable

from tui_reader.data.model import Article
from tui_reader.data.stories.story_index import StoryIndex


def group_by_story(articles: Iterable[Article], stories: StoryIndex) -> list[list[Article]]:
    """``articles`` in groups of one story each: the groups in the order of their first
    article, the articles of a group in the order given (only those given)."""
    groups: dict[int, list[Article]] = {}
    for article in articles:
        groups.setdefault(stories.label(article.uid), []).append(article)
    return list(groups.values())
