"""What the detail pane says about an article, as :class:`Content` built from feed text by
the safe-text helpers: the compact header, the details folded behind ``i``, and the
reader's own tags and note.

The header is the title (a hyperlink to the web page) and one line of metadata, then the
first few other reports of its story; the details are every field the header leaves
out. :class:`~tui_reader.ui.detail_pane.DetailPane` shows them.
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.data.model import Article, ArticleDetail
from tui_reader.data.triage import TriageView
from tui_reader.data.urls import is_web_url
from tui_reader.ui.dates import Clock, age_phrase, local_date, short_date
from tui_reader.ui.safe_text import (
    feed_text,
    join_lines,
    labelled,
    labelled_name,
    link_content,
    name_text,
)

_BAR_CELLS = 10
_TOPICS_SHOWN = 3
_REPORTS_SHOWN = 3
"""Lines of the same-story list in the compact header (its heading and two reports)."""
NO_REPORTS = Content("")


def link_line(label: str, url: str) -> Content:
    """``label: url`` with the URL as an OSC 8 hyperlink (http(s) only), so the local
    terminal opens it on click even over SSH."""
    return Content.assemble(Content.styled(f"{label}: ", "bold"), link_content(url, url))


def score_line(label: str, value: int | None) -> Content:
    """``Quality ██████░░░░ 60`` (0-100 scale), or ``unknown``."""
    if value is None:
        return labelled(label, "unknown")
    filled = max(0, min(_BAR_CELLS, round(value / 100 * _BAR_CELLS)))
    bar = "█" * filled + "░" * (_BAR_CELLS - filled)
    return Content.assemble(Content.styled(f"{label}: ", "bold"), bar, f" {value}")


def article_head(article: Article, clock: Clock, reports: Content = NO_REPORTS) -> Content:
    """The title (a hyperlink to the web page), then one line: provider, date (its age
    by ``clock``), topics, quality and heat; then the first of the story's other
    ``reports``."""
    url = article.web_url or article.url
    if not article.title:
        # A file name: its control characters shown, not dropped.
        title_line = name_text(article.rel_path, "bold")
    elif is_web_url(url):
        title_line = Content.assemble(link_content(article.title, url).stylize("bold"))
    else:
        title_line = feed_text(article.title, "bold")
    meta: list[Content] = []
    provider = article.provider.name or article.provider.domain
    if provider:
        meta.append(feed_text(provider, "italic"))
    if article.published_at is not None:
        age = age_phrase(article.published_at, clock())
        meta.append(feed_text(f"{short_date(article.published_at)} ({age})"))
    else:
        meta.append(Content("date unknown"))
    if article.topics:
        shown = ", ".join(article.topics[:_TOPICS_SHOWN])
        more = len(article.topics) - _TOPICS_SHOWN
        meta.append(feed_text(shown + (f" +{more}" if more > 0 else "")))
    scores = [
        f"{name} {value}"
        for name, value in (("quality", article.quality), ("heat", article.heat))
        if value is not None
    ]
    if scores:
        meta.append(Content(" ".join(scores)))
    lines = [title_line, Content(" · ").join(meta)]
    if reports.plain:
        # The other reports of its story, the first few (i: all of them).
        report_lines = reports.split("\n")
        lines += report_lines[:_REPORTS_SHOWN]
        if len(report_lines) > _REPORTS_SHOWN:
            more_reports = len(report_lines) - _REPORTS_SHOWN
            lines.append(Content.styled(f"  … {more_reports} more (i)", "dim"))
    return join_lines(lines)


def article_details(
    article: Article,
    detail: ArticleDetail | None,
    *,
    duplicate: bool,
    reports: Content = NO_REPORTS,
) -> Content:
    """What ``i`` unfolds: every field the compact header leaves out (``detail``: what
    reading the file added, once read)."""
    lines: list[Content] = []
    provider = article.provider
    if provider.name and provider.domain:
        lines.append(labelled("Provider", f"{provider.name} ({provider.domain})"))
    if article.published_at is not None:
        lines.append(labelled("Published at", local_date(article.published_at)))
    if article.topics:
        lines.append(labelled("Topics (the file's)", ", ".join(article.topics)))
    kinds = " / ".join(kind for kind in (article.category, article.type) if kind)
    if kinds:
        lines.append(labelled("Category / type", kinds))
    lines.append(score_line("Quality", article.quality))
    lines.append(score_line("Heat   ", article.heat))
    published = {True: "yes", False: "no", None: "undecided"}[article.published]
    lines.append(labelled("Published", published))
    if article.web_url:
        lines.append(link_line("Web URL", article.web_url))
    if article.original_url and article.original_url != article.web_url:
        lines.append(link_line("Original URL", article.original_url))
    lines.append(labelled_name("File", article.rel_path))
    if duplicate:
        lines.append(Content.styled("Another file has the same URL (duplicate).", "italic"))
    if reports.plain:
        lines.append(reports)
    if detail is not None:
        for image in detail.images:
            size = f" ({image.width}x{image.height})" if image.width and image.height else ""
            lines.append(labelled("Image", f"{image.url}{size}"))
        if detail.secured is not None:
            lines.append(Content.styled("Secured data present (not shown).", "italic"))
    elif article.has_secured:
        lines.append(Content.styled("Secured data present (not shown).", "italic"))
    return join_lines(lines)


def yours(article: Article, triage: TriageView) -> Content:
    """ "Your tags: briefing, follow-up" and the note (the file's topics are in the
    header's line, and in ``i`` as "Topics (the file's)")."""
    lines: list[Content] = []
    tags = triage.tags(article.key)
    if tags:
        lines.append(labelled("Your tags", ", ".join(tags), "bold $accent"))
    note = triage.note(article.key)
    if note:
        first, *rest = note.split("\n")
        lines.append(labelled("Your note", first, "bold $accent"))
        lines += [feed_text(line) for line in rest]
    return join_lines(lines)
