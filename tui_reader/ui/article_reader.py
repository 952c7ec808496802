"""The right-hand side: the article shown in full, and what is related to it.

The body is read in a thread worker (:meth:`FeedSession.read_detail`), so the list never
waits for a file; moving the cursor previews after a short rest (holding ``j`` stays
smooth). Related entries are resolved against the store; with few of them, articles
"more like this" are added.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.worker import get_current_worker

from tui_reader.data.model import Article, ArticleDetail, LoadError, Related
from tui_reader.data.session import FeedSession
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.ui.body_text import PreparedBody, prepare_body
from tui_reader.ui.dates import Clock
from tui_reader.ui.detail_pane import DetailPane
from tui_reader.ui.related_pane import FEW_RELATED, RelatedPane, RelatedSections
from tui_reader.ui.similar import SimilarArticles
from tui_reader.ui.story_rows import (
    NextReport,
    StoryJump,
    next_report,
    other_reports,
    reports_lines,
)

DETAIL_DELAY = 0.12
"""Seconds the cursor must rest before the body is read (holding j stays smooth)."""


class ArticleReader(Vertical):
    """The detail pane over the related pane, for one article at a time."""

    DEFAULT_CSS = """
    ArticleReader {
        #detail { height: 2fr; }
        #related { height: 1fr; min-height: 5; }
    }
    """

    def __init__(
        self,
        session: FeedSession,
        *,
        similar: SimilarArticles,
        clock: Clock,
        stories: FeedStories | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.clock = clock
        self.similar = similar
        self.stories = stories if stories is not None else FeedStories(session.store)
        self.shown_uid: int | None = None
        """The article on display, if any."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield DetailPane(clock=self.clock, id="detail")
        related = RelatedPane(clock=self.clock, id="related")
        related.border_title = "Related"
        yield related

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def related_pane(self) -> RelatedPane:
        return self.query_one("#related", RelatedPane)

    def show_soon(self, uid: int | None) -> None:
        """Show ``uid`` once the cursor has rested on it for a moment."""
        self.cancel_pending()
        self._timer = self.set_timer(DETAIL_DELAY, lambda: self.show(uid))

    def cancel_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def show(self, uid: int | None) -> None:
        """Show article ``uid`` (or none) at once; its body follows from a worker."""
        self.cancel_pending()
        store = self.session.store
        self.shown_uid = uid
        article = store.get(uid) if uid is not None else None
        duplicate = article is not None and store.is_duplicate(article)
        others = other_reports(self.stories.current, store, uid) if uid is not None else []
        self.detail_pane.show_article(article, duplicate=duplicate, reports=reports_lines(others))
        if article is None:
            self.related_pane.clear_sections()
            return
        self.related_pane.clear_sections("Loading…")
        self._read(article)

    @work(thread=True, exclusive=True, group="detail")
    def _read(self, article: Article) -> None:
        detail = self.session.read_detail(article)
        prepared = (
            prepare_body(detail.body) if isinstance(detail, ArticleDetail) and detail.body else None
        )
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._read_done, article.uid, detail, prepared)

    def _read_done(
        self, uid: int, detail: ArticleDetail | LoadError, prepared: PreparedBody | None
    ) -> None:
        store = self.session.store
        article = store.get(uid)
        if uid != self.shown_uid or article is None:
            return
        self.detail_pane.show_detail(detail, prepared, store.is_duplicate(article))
        self.related_pane.show_sections(self._related(article, detail))

    def _related(self, article: Article, detail: ArticleDetail | LoadError) -> RelatedSections:
        store = self.session.store
        if isinstance(detail, ArticleDetail):
            related = tuple((entry, store.resolve(entry.url)) for entry in detail.related)
        else:
            related = tuple(
                (Related(web_url=url), store.resolve(url)) for url in article.related_urls
            )
        same = tuple(other_reports(self.stories.current, store, article.uid))
        story = {a.uid for a in same}
        # A report of the same story is listed there, not again as related.
        related = tuple(pair for pair in related if pair[1] is None or pair[1].uid not in story)
        cited_by = tuple(a for a in store.cited_by(article) if a.uid not in story)
        more: tuple[Article, ...] = ()
        if len(related) < FEW_RELATED:
            linked = {a.uid for _, a in related if a is not None} | {a.uid for a in cited_by}
            more = tuple(self.similar.like(article, exclude=linked | story))
        return RelatedSections(related, cited_by, more, same)

    @on(NextReport)
    def _next_report(self, event: NextReport) -> None:
        event.stop()
        uid = self.shown_uid
        target = next_report(self.stories.current, uid) if uid is not None else None
        if target is None:
            self.app.bell()
        else:
            self.post_message(StoryJump(target))
