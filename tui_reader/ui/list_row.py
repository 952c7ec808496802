"""One row of the article list as :class:`Content`: the selection mark, the unread dot and
the star, the title (its matches highlighted, a body hit's words, a story's badge), the
provider, the date and the two score bars.

Built only when the list's strip cache misses a row on screen; the list
(:class:`~tui_reader.ui.article_list.ArticleList`) keeps the scrolling, the cursor and
the cache, and hands over what a row's look depends on as one :class:`RowLook`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from tui_reader.config import DateStyle
from tui_reader.data.model import Article
from tui_reader.data.sanitize import display_name
from tui_reader.data.triage import TriageView
from tui_reader.query import MatchResult
from tui_reader.ui.dates import relative_age, short_date
from tui_reader.ui.list_columns import MIN_TITLE, Columns
from tui_reader.ui.safe_text import highlighted
from tui_reader.ui.story_rows import title_with_badge

_BARS = " ▁▂▃▄▅▆▇█"
SELECTED_MARK = "✓"


def score_bar(value: int | None) -> str:
    """One cell showing a 0-100 score (blank when unknown)."""
    if value is None:
        return " "
    return _BARS[max(0, min(len(_BARS) - 1, round(value / 100 * (len(_BARS) - 1))))]


def date_text(article: Article, dates: DateStyle, now: datetime) -> str:
    """The date column of ``article``: its age at ``now``, or its date."""
    if dates is DateStyle.ABSOLUTE:
        return short_date(article.published_at)
    return relative_age(article.published_at, now)


def component_style(widget: Widget, name: str) -> Style:
    """``widget``'s full style with its ``name`` component class, reverse video
    included: Textual's ``get_visual_style`` keeps bold, dim, italic, underline and
    strike but drops reverse, which the few-colours cursor row is drawn in."""
    style = widget.get_visual_style(name)
    if widget.get_component_styles(name).text_style.reverse:
        return style + Style(reverse=True)
    return style


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The partial styles of a row's parts: the list's component classes."""

    meta: Style
    unread: Style
    star: Style
    match: Style
    read: Style

    @classmethod
    def of(cls, widget: Widget) -> RowStyles:
        """The styles of ``widget``'s ``article-list--*`` component classes now."""

        def part(name: str) -> Style:
            return widget.get_visual_style(f"article-list--{name}", partial=True)

        return cls(part("meta"), part("unread"), part("star"), part("match"), part("read"))


@dataclass(frozen=True, slots=True)
class RowLook:
    """What a row looks like besides its article: the result it is a row of (matches,
    snippets, stories), the triage flags, the columns, the dates and the styles."""

    result: MatchResult
    triage: TriageView
    columns: Columns
    dates: DateStyle
    now: datetime
    styles: RowStyles

    def content(self, article: Article, *, selected: bool, marked: bool) -> Content:
        """``article``'s row, exactly as wide as the columns (the cursor's or a selected
        row's parts unstyled: the row's own background shows through)."""
        styles = self.styles
        is_read = self.triage.is_read(article.key)
        starred = self.triage.is_starred(article.key)
        plain = selected or marked
        meta_style = "" if plain else styles.meta
        mark = Content.styled(SELECTED_MARK, "bold") if marked else Content(" ")
        marker = Content.styled(" " if is_read else "●", "" if plain else styles.unread)
        star = Content.styled("★" if starred else " ", "" if plain else styles.star)
        columns = self.columns
        tail_parts: list[Content] = []
        highlight = self.result.highlight(article.uid)
        title = highlighted(
            article.title or display_name(article.rel_path),
            highlight.title if highlight else (),
            styles.match,
            styles.read if is_read and not plain else "",
        )
        snippet = self.result.snippet(article.uid)
        if snippet is not None and columns.title >= 2 * MIN_TITLE:
            # A body: hit: half the room for the title, the rest for the words around it.
            short = title.truncate(max(MIN_TITLE, columns.title // 2 - 3), ellipsis=True)
            quote = highlighted(snippet.text, snippet.spans, styles.match, meta_style)
            title = Content.assemble(short, Content(" · "), quote)
        title = title_with_badge(
            title,
            self.result.other_reports(article.uid),
            columns.title,
            "" if selected else styles.meta,
        )
        if columns.provider:
            provider = highlighted(
                article.provider.name,
                highlight.provider if highlight else (),
                styles.match,
                meta_style,
            ).truncate(columns.provider, ellipsis=True, pad=True)
            tail_parts += [Content(" "), provider]
        date = date_text(article, self.dates, self.now).rjust(columns.date)
        tail_parts += [Content(" "), Content.styled(date, meta_style)]
        if columns.bars:
            hint = score_bar(article.quality) + " " + score_bar(article.heat)
            tail_parts += [Content(" "), Content.styled(hint, meta_style)]
        row = Content.assemble(mark, marker, star, " ", title, *tail_parts)
        return row.truncate(columns.width, pad=True)
