"""Stories in the reader's panes: the "+2 sources" of a story row, the other reports in
the detail pane, and what triage on a story row applies to.

Kept here so that the list, the detail pane and the triage keys each need one call; the
stories themselves are :class:`tui_reader.data.stories.story_index.StoryIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.message import Message
from textual.style import Style

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.query import MatchResult
from tui_reader.ui.dates import local_date
from tui_reader.ui.safe_text import feed_text, join_lines


def sources_badge(others: int) -> str:
    """`` +2 sources`` after the title of a story row (empty for a story of one)."""
    if others <= 0:
        return ""
    return f" +{others} source" + ("s" if others > 1 else "")


def title_with_badge(title: Content, others: int, width: int, badge_style: Style | str) -> Content:
    """The title cell of a row: the title cut to leave room for the badge, padded."""
    badge = sources_badge(others)
    if not badge or width <= len(badge) + 4:
        return title.truncate(width, ellipsis=True, pad=True)
    cut = title.truncate(width - len(badge), ellipsis=True)
    return Content.assemble(cut, Content.styled(badge, badge_style)).truncate(width, pad=True)


def story_targets(result: MatchResult, store: Store, articles: Iterable[Article]) -> list[Article]:
    """What a triage action on these rows acts on: on a list of one row a story, every
    report of each row's story (reading a story marks its copies read); else the rows."""
    chosen = list(articles)
    stories = result.stories
    if stories is None:
        return chosen
    found: dict[int, Article] = {}
    for article in chosen:
        for uid in stories.members(article.uid):
            member = store.get(uid)
            if member is not None:
                found.setdefault(uid, member)
    return list(found.values())


def other_reports(stories: StoryIndex, store: Store, uid: int) -> list[Article]:
    """The other reports of ``uid``'s story, best first."""
    return [a for other in stories.others(uid) if (a := store.get(other)) is not None]


def reports_lines(reports: list[Article]) -> Content:
    """The detail pane's list of the other reports: provider, date, title (feed text)."""
    if not reports:
        return Content("")
    count = len(reports)
    heading = f"Same story: {count} other report{'s' if count > 1 else ''} (Enter: next)"
    lines = [Content.styled(heading, "bold")]
    for article in reports:
        date = local_date(article.published_at) if article.published_at else "date unknown"
        provider = article.provider.name or article.provider.domain or "-"
        lines.append(feed_text(f"  {provider} · {date} · {article.title}"))
    return join_lines(lines)


def next_report(stories: StoryIndex, uid: int) -> int | None:
    """The report after ``uid`` in its story's order, round to the first (None alone)."""
    members = stories.members(uid)
    if len(members) < 2 or uid not in members:
        return None
    return members[(members.index(uid) + 1) % len(members)]


class NextReport(Message):
    """The reader asked for the next report of the story on display (the detail pane's
    Enter; the article reader knows which one that is)."""


class StoryJump(Message):
    """Show ``uid``, another report of the story on display."""

    def __init__(self, uid: int) -> None:
        super().__init__()
        self.uid = uid
