"""The detail pane: an article's title and one line of metadata, then its body.

The body starts near the top at any size: the rest of the metadata (URLs, file,
images) is folded behind ``i``, which shows it in the body's place, scrolled by the
same keys, so every line of it can be read at 80x24. The body is a :class:`BodyView`
(Line API, laid out progressively), scrolled from here with the keys of less (j/k,
space/b, g/G), searched with ``ctrl+f``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.triage import NoTriage, TriageView
from tui_reader.data.urls import is_web_url
from tui_reader.ui.body_blocks import Block, text_blocks
from tui_reader.ui.body_view import BodyView
from tui_reader.ui.command_table import ARTICLE, bindings
from tui_reader.ui.dates import Clock, system_clock
from tui_reader.ui.detail_content import NO_REPORTS, article_details, article_head, yours
from tui_reader.ui.find_bar import FindBar
from tui_reader.ui.link_actions import open_link
from tui_reader.ui.safe_text import feed_text, notify_literal
from tui_reader.ui.story_rows import NextReport


class DetailPane(Vertical, can_focus=True):
    """One article: a compact header, its body, and what is folded behind ``i``."""

    COMMANDS_GROUP = ARTICLE
    BINDINGS: ClassVar[list[BindingType]] = bindings(ARTICLE)

    DEFAULT_CSS = """
    DetailPane {
        #detail-head { padding: 0 1; max-height: 4; }
        #detail-more-box { display: none; height: 1fr; }
        #detail-more { padding: 0 1; display: none; }
        #detail-note { padding: 0 1; color: $warning; }
        #detail-yours { padding: 0 1; max-height: 5; display: none; }
        #detail-yours.-shown { display: block; }
        #detail-body { height: 1fr; }
        &.-details #detail-more-box, &.-details #detail-more { display: block; }
        &.-details #detail-body { display: none; }
        &:focus #detail-head { background: $boost; }
    }
    """

    def __init__(
        self,
        *,
        clock: Clock = system_clock,
        triage: TriageView | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.triage: TriageView = triage or NoTriage()
        """Where the reader's own tags and note of the article come from."""
        self.article: Article | None = None
        self.detail: ArticleDetail | None = None
        self.pending_link = ""
        self._parsed: list[Block] = []
        """The body as read (Markdown blocks, or an HTML body's text), as it arrives."""
        self._complete = True
        self._raw: list[Block] | None = None
        self._body = BodyView(id="detail-body")
        self._reports = NO_REPORTS

    def compose(self) -> ComposeResult:
        yield Static(Content("No article selected."), id="detail-head")
        yield Static(Content(""), id="detail-yours")
        with VerticalScroll(id="detail-more-box", can_focus=False):
            yield Static(Content(""), id="detail-more")
        yield Static(Content(""), id="detail-note")
        yield self._body
        yield FindBar(id="detail-find")

    @property
    def body(self) -> BodyView:
        return self._body

    @property
    def raw(self) -> bool:
        """Whether the body is shown as its raw text (``t``)."""
        return self.has_class("-raw")

    # -- showing --------------------------------------------------------------------

    def show_article(
        self, article: Article | None, *, duplicate: bool = False, reports: Content = NO_REPORTS
    ) -> None:
        """Show ``article``'s metadata at once; the body follows via :meth:`show_body`.
        ``reports``: the other reports of its story (``story_rows.reports_lines``)."""
        self.article = article
        self._reports = reports
        self.detail = None
        self.pending_link = ""
        self._parsed, self._complete, self._raw = [], True, None
        self.remove_class("-raw")
        head = self.query_one("#detail-head", Static)
        if article is None:
            head.update(Content("No article selected."))
            self.query_one("#detail-more", Static).update(Content(""))
        else:
            head.update(article_head(article, self.clock, self._reports))
            self.query_one("#detail-more", Static).update(
                article_details(article, None, duplicate=duplicate, reports=self._reports)
            )
        self._set_note(Content("Loading…") if article else Content(""))
        self.refresh_yours()
        self.body.clear()
        find = self.query_one(FindBar)
        if find.text:
            self.body.find(find.text)
            find.show_count(-1, 0, complete=False)

    def show_detail(self, detail: ArticleDetail | LoadError, duplicate: bool) -> None:
        """Show what the worker read about the article (its body follows in parts)."""
        if self.article is None:
            return
        if isinstance(detail, LoadError):
            self._set_note(feed_text(f"Cannot read this article: {detail.reason}"))
            return
        self.detail = detail
        article = detail.article
        self.query_one("#detail-head", Static).update(
            article_head(article, self.clock, self._reports)
        )
        self.query_one("#detail-more", Static).update(
            article_details(article, detail, duplicate=duplicate, reports=self._reports)
        )
        self._set_note(Content(""))

    def show_body(
        self, blocks: Sequence[Block], *, first: bool, complete: bool, note: str = ""
    ) -> None:
        """Blocks of the body as the worker parses them (``first``: a new body)."""
        if first:
            self._parsed = list(blocks)
        else:
            self._parsed.extend(blocks)
        self._complete = complete
        if note:
            self._set_note(Content(note))
        body = self.body
        if self.raw or not body.is_attached:
            return  # raw text on show, or the app is closing
        if first:
            body.show_blocks(blocks, complete=complete)
            find = self.query_one(FindBar)
            if find.text:
                body.find(find.text)
        else:
            body.add_blocks(blocks, complete=complete)
        self._update_find_count()

    def refresh_yours(self) -> None:
        """Show the reader's own tags and note of the article as they are now."""
        widget = self.query_one("#detail-yours", Static)
        content = yours(self.article, self.triage) if self.article is not None else Content("")
        widget.update(content)
        widget.set_class(bool(content.plain), "-shown")

    def _set_note(self, note: Content) -> None:
        widget = self.query_one("#detail-note", Static)
        widget.update(note)
        widget.display = bool(note.plain)

    # -- scrolling (as in less) -----------------------------------------------------

    @property
    def scrolled(self) -> Widget:
        """What the scroll keys move: the details while ``i`` shows them, else the body."""
        if self.has_class("-details"):
            return self.query_one("#detail-more-box", VerticalScroll)
        return self.body

    def action_scroll_lines(self, lines: int) -> None:
        self.scrolled.scroll_relative(y=lines, animate=False)

    def action_scroll_pages(self, pages: int) -> None:
        height = max(1, self.scrolled.scrollable_content_region.height - 1)
        self.scrolled.scroll_relative(y=pages * height, animate=False)

    def action_scroll_to_end(self, bottom: bool) -> None:
        if bottom:
            self.scrolled.scroll_end(animate=False)
        else:
            self.scrolled.scroll_home(animate=False)

    # -- folded parts ---------------------------------------------------------------

    def action_toggle_details(self) -> None:
        if self.article is None:
            self.app.bell()
            return
        self.toggle_class("-details")

    def action_toggle_raw(self) -> None:
        if self.detail is None:
            self.app.bell()
            return
        self.toggle_class("-raw")
        if not self.raw:
            self.body.show_blocks(self._parsed, complete=self._complete)
        elif self._raw is not None:
            self.body.show_blocks(self._raw, complete=True)
        else:
            self._read_raw(self.detail.body or self.detail.excerpt)
        self._refind()

    @work(thread=True, exclusive=True, group="raw")
    def _read_raw(self, text: str) -> None:
        blocks = text_blocks(text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._raw_done, text, blocks)

    def _raw_done(self, text: str, blocks: list[Block]) -> None:
        if self.detail is None or (self.detail.body or self.detail.excerpt) != text:
            return
        self._raw = blocks
        if self.raw:
            self.body.show_blocks(blocks, complete=True)
            self._refind()

    # -- find -----------------------------------------------------------------------

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    def find_text(self, text: str) -> None:
        """Find ``text`` in the article (what a ``body:`` search matched), its hits
        marked and stepped through with the find keys."""
        self.query_one(FindBar).show_text(text)
        self._refind()

    def action_next_match(self, direction: int) -> None:
        find = self.query_one(FindBar)
        if not find.text:
            notify_literal(self.app, "Nothing to find yet: ctrl+f, then type.")
            return
        current = self.body.step(direction)
        if current < 0:
            self.app.bell()
        self._update_find_count()

    def _refind(self) -> None:
        find = self.query_one(FindBar)
        if find.text:
            self.body.find(find.text)
        self._update_find_count()

    def _update_find_count(self) -> None:
        body = self.body
        self.query_one(FindBar).show_count(
            body.current_match, body.match_count, complete=body.complete
        )

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self.body.find(event.text)
        if event.text:
            self.body.step(1)
        self._update_find_count()

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        event.stop()
        self.body.step(event.direction)
        self._update_find_count()

    @on(FindBar.Done)
    def _find_done(self, event: FindBar.Done) -> None:
        event.stop()
        self.focus()

    # -- links ------------------------------------------------------------------------

    def action_next_report(self) -> None:
        if self._reports.plain:
            self.post_message(NextReport())
        else:
            self.app.bell()

    def action_open_link(self) -> None:
        """Open the link chosen in the body, else the article's URL: http(s) only."""
        open_link(self.app, self.pending_link or (self.article.url if self.article else ""))

    @on(BodyView.LinkClicked)
    def _link_clicked(self, event: BodyView.LinkClicked) -> None:
        # A click only selects a link; opening it takes the explicit "o" key.
        event.stop()
        if is_web_url(event.href):
            self.pending_link = event.href
            notify_literal(self.app, f"Link selected: {event.href}  (press o to open)")
        else:
            notify_literal(
                self.app, f"Link ignored (only http/https): {event.href}", severity="warning"
            )
