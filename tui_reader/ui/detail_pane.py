"""The detail pane: an article's metadata, then its body (Markdown, text, or excerpt)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static, TextArea

from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.sanitize import neutralise_entities
from tui_reader.data.urls import is_web_url
from tui_reader.ui.body_text import PreparedBody
from tui_reader.ui.command_table import ARTICLE, bindings
from tui_reader.ui.dates import Clock, age_phrase, local_date, system_clock
from tui_reader.ui.link_actions import open_link
from tui_reader.ui.safe_text import (
    feed_text,
    join_lines,
    labelled,
    labelled_name,
    link_content,
    name_text,
    notify_literal,
)
from tui_reader.ui.story_rows import NextReport

_BAR_CELLS = 10
_NONE = Content("")


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


class DetailPane(VerticalScroll, can_focus=True):
    """One article in full; bodies arrive later, from a worker."""

    COMMANDS_GROUP = ARTICLE
    BINDINGS: ClassVar[list[BindingType]] = bindings(ARTICLE)

    DEFAULT_CSS = """
    DetailPane {
        #detail-head { padding: 0 1; }
        #detail-note { padding: 0 1; color: $warning; }
        #detail-body { padding: 0 1; }
        #detail-raw { display: none; height: auto; max-height: 100%; }
        &.-raw #detail-raw { display: block; }
        &.-raw #detail-body { display: none; }
    }
    """

    def __init__(self, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.article: Article | None = None
        self.detail: ArticleDetail | None = None
        self.pending_link = ""
        self._full_body = ""
        self._reports = _NONE

    def compose(self) -> ComposeResult:
        yield Static(Content("No article selected."), id="detail-head")
        yield Static(Content(""), id="detail-note")
        yield Markdown("", id="detail-body", open_links=False)
        yield TextArea("", id="detail-raw", read_only=True, soft_wrap=True)

    # -- showing --------------------------------------------------------------------

    def show_article(
        self, article: Article | None, *, duplicate: bool = False, reports: Content = _NONE
    ) -> None:
        """Show ``article``'s metadata at once; the body follows via :meth:`show_detail`.
        ``reports``: the other reports of its story (``story_rows.reports_lines``)."""
        self.article = article
        self._reports = reports
        self.detail = None
        self.pending_link = ""
        self._full_body = ""
        self.remove_class("-raw")
        head = self.query_one("#detail-head", Static)
        if article is None:
            head.update(Content("No article selected."))
        else:
            head.update(self._head(article, None, duplicate))
        self._set_note(Content("Loading…") if article else Content(""))
        self.query_one("#detail-body", Markdown).update("")
        self.query_one("#detail-raw", TextArea).load_text("")
        self.scroll_home(animate=False)

    def show_detail(
        self, detail: ArticleDetail | LoadError, prepared: PreparedBody | None, duplicate: bool
    ) -> None:
        """Show what the worker read: the body (prepared off the UI thread) or the error."""
        if self.article is None:
            return
        body = self.query_one("#detail-body", Markdown)
        if isinstance(detail, LoadError):
            self._set_note(feed_text(f"Cannot read this article: {detail.reason}"))
            return
        self.detail = detail
        self.query_one("#detail-head", Static).update(self._head(detail.article, detail, duplicate))
        self._full_body = detail.body
        notes: list[Content] = []
        if prepared is None or not prepared.text.strip():
            # The Markdown widget decodes entities: none may decode to a control.
            text = (
                neutralise_entities(detail.excerpt) or "*This article has no body and no excerpt.*"
            )
            body.update(text)
        else:
            if prepared.truncated_from:
                notes.append(
                    Content(
                        f"Body cut at 64 KB of {prepared.truncated_from // 1024} KB "
                        "for speed: press t for the whole raw text."
                    )
                )
            if prepared.is_markdown:
                body.update(prepared.text)
            else:
                notes.append(Content("HTML body shown as text with its tags removed."))
                body.update("")
                self.query_one("#detail-raw", TextArea).load_text(prepared.text)
                self.add_class("-raw")
        self._set_note(join_lines(notes))

    def _set_note(self, note: Content) -> None:
        widget = self.query_one("#detail-note", Static)
        widget.update(note)
        widget.display = bool(note.plain)

    def _head(self, article: Article, detail: ArticleDetail | None, duplicate: bool) -> Content:
        title = feed_text(article.title) if article.title else name_text(article.rel_path)
        lines: list[Content] = [title.stylize("bold")]
        provider = article.provider
        if provider.name or provider.domain:
            domain = f" ({provider.domain})" if provider.domain else ""
            lines.append(feed_text(f"{provider.name}{domain}", "italic"))
        if article.published_at is not None:
            age = age_phrase(article.published_at, self.clock())
            lines.append(feed_text(f"{local_date(article.published_at)} · {age}"))
        else:
            lines.append(Content("Date unknown"))
        if article.topics:
            lines.append(labelled("Topics", ", ".join(article.topics)))
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
        if self._reports.plain:
            lines.append(self._reports)
        if detail is not None:
            for image in detail.images:
                size = f" ({image.width}x{image.height})" if image.width and image.height else ""
                lines.append(labelled("Image", f"{image.url}{size}"))
            if detail.secured is not None:
                lines.append(Content.styled("Secured data present (not shown).", "italic"))
        elif article.has_secured:
            lines.append(Content.styled("Secured data present (not shown).", "italic"))
        return join_lines(lines)

    # -- actions --------------------------------------------------------------------

    def action_toggle_raw(self) -> None:
        if self.detail is None:
            return
        raw = self.query_one("#detail-raw", TextArea)
        if not self.has_class("-raw") and raw.text != self._full_body:
            raw.load_text(self._full_body or self.detail.excerpt)
        self.toggle_class("-raw")

    def action_next_report(self) -> None:
        if self._reports.plain:
            self.post_message(NextReport())
        else:
            self.app.bell()

    def action_open_link(self) -> None:
        """Open the link chosen in the body, else the article's URL: http(s) only."""
        open_link(self.app, self.pending_link or (self.article.url if self.article else ""))

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        # A click only selects a link; opening it takes the explicit "o" key.
        event.stop()
        if is_web_url(event.href):
            self.pending_link = event.href
            notify_literal(self.app, f"Link selected: {event.href}  (press o to open)")
        else:
            notify_literal(
                self.app, f"Link ignored (only http/https): {event.href}", severity="warning"
            )
