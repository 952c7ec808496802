"""The right-hand side: the article shown in full, and what is related to it.

The body is read and parsed in a thread worker (:meth:`FeedSession.read_detail`, then
Markdown in chunks), so the list never waits for a file and a long body shows its first
screen while the rest is parsed; moving the cursor previews after a short rest (holding
``j`` stays smooth). Related entries are resolved against the store in the same worker,
with who cites the article and, with few related entries, articles "more like this".
On a short terminal the related pane folds to one line (``r`` unfolds it; so does
moving into it with Tab).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from tui_reader.data.model import Article, ArticleDetail, LoadError, Related
from tui_reader.data.sanitize import clean_block, neutralise_entities
from tui_reader.data.session import FeedSession
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.data.triage import TriageView
from tui_reader.ui.body_blocks import (
    Block,
    markdown_blocks,
    markdown_chunks,
    markdown_parser,
    text_blocks,
)
from tui_reader.ui.body_text import is_html_heavy, strip_tags
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
SHORT_HEIGHT = 36
"""Below this many rows the related pane folds to one line: the body needs them."""
NO_BODY = "*This article has no body and no excerpt.*"

_T = TypeVar("_T")


class ArticleReader(Vertical):
    """The detail pane over the related pane, for one article at a time."""

    DEFAULT_CSS = """
    ArticleReader {
        #detail { height: 2fr; }
        #related { height: 1fr; min-height: 5; border-title-color: $foreground;
                   border-title-style: bold; }
        #related-summary { height: 1; display: none; padding: 0 1; background: $panel;
                           color: $foreground; }
        &.-folded #related { display: none; }
        &.-folded #related-summary { display: block; }
        &.-folded #detail { height: 1fr; }
    }
    """

    def __init__(
        self,
        session: FeedSession,
        *,
        similar: SimilarArticles,
        clock: Clock,
        stories: FeedStories | None = None,
        triage: TriageView | None = None,
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
        self.related_open = False
        """The reader unfolded the related pane (``r``) on a short terminal."""
        self._detail = DetailPane(clock=clock, triage=triage, id="detail")
        self._related_pane = RelatedPane(clock=clock, id="related")

    def compose(self) -> ComposeResult:
        yield self._detail
        self._related_pane.border_title = "Related"
        yield self._related_pane
        yield Static(Content(""), id="related-summary")

    # -- folding the related pane -----------------------------------------------------

    @property
    def folded(self) -> bool:
        """Whether the related pane is down to its one-line summary."""
        return self.has_class("-folded")

    def on_mount(self) -> None:
        self._fold()

    @on(events.Resize)
    def _resized(self) -> None:
        self._fold()

    def _fold(self) -> None:
        short = self.app.size.height < SHORT_HEIGHT
        inside = self.related_pane.has_focus
        self.set_class(short and not self.related_open and not inside, "-folded")

    def toggle_related(self) -> None:
        """Unfold (or fold again) the related pane; on a tall terminal it stays open."""
        if self.app.size.height >= SHORT_HEIGHT:
            self.app.bell()
            return
        self.related_open = not self.related_open
        self._fold()

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def _focus_moved(self) -> None:
        # Tab into a folded related pane unfolds it while it has the focus.
        self.call_after_refresh(self._fold)

    def _show_summary(self, sections: RelatedSections, note: str = "") -> None:
        parts = []
        if sections.related:
            parts.append(f"{len(sections.related)} related")
        if sections.cited_by:
            parts.append(f"cited by {len(sections.cited_by)}")
        if sections.more_like_this:
            parts.append(f"{len(sections.more_like_this)} more like this")
        what = note or (", ".join(parts) if parts else "nothing related")
        summary = Content.assemble(
            Content.styled("Related: ", "bold"), what, Content.styled("  (r or Tab shows)", "dim")
        )
        self.query_one("#related-summary", Static).update(summary)

    @property
    def detail_pane(self) -> DetailPane:
        return self._detail

    @property
    def related_pane(self) -> RelatedPane:
        return self._related_pane

    @property
    def _alive(self) -> bool:
        """False while the app closes (a worker's last message may still arrive)."""
        return self.is_attached and self._detail.body.is_attached

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
            self._show_summary(RelatedSections())
            return
        self.related_pane.clear_sections("Loading…")
        self._show_summary(RelatedSections(), "loading…")
        self._read(article)

    @work(thread=True, exclusive=True, group="detail")
    def _read(self, article: Article) -> None:
        worker = get_current_worker()
        detail = self.session.read_detail(article)
        if worker.is_cancelled:
            return
        if not isinstance(detail, ArticleDetail):
            self.app.call_from_thread(self._read_done, article.uid, detail, None, "")
            self._find_related(article, detail)
            return
        note = ""
        body = detail.body
        if not body.strip():
            parts: Iterator[list[Block]] = iter(
                [markdown_blocks(neutralise_entities(detail.excerpt) or NO_BODY)]
            )
        elif is_html_heavy(body):
            note = "HTML body shown as text with its tags removed (t: the raw text)."
            parts = iter([text_blocks(clean_block(strip_tags(body)))])
        else:
            parser = markdown_parser()
            parts = (markdown_blocks(chunk, parser) for chunk in markdown_chunks(body))
        first = True
        for blocks, last in _with_last(parts):
            if worker.is_cancelled:
                return
            if first:
                # The metadata and the first screen of the body in one go; then what
                # is related, before the rest of the body.
                self.app.call_from_thread(
                    self._read_done, article.uid, detail, (blocks, last), note
                )
                first = False
                self._find_related(article, detail)
            else:
                self.app.call_from_thread(self._body_part, article.uid, blocks, last)

    def _find_related(self, article: Article, detail: ArticleDetail | LoadError) -> None:
        """In the detail worker: what is related to ``article``, handed to the UI thread
        (the cited-by lookup and the similar articles' index may still be building as a
        big feed finishes loading, and a lookup walks their postings)."""
        generation = self.session.store.generation
        sections = self._related(article, detail)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._related_done, article.uid, sections, generation)

    def _read_done(
        self,
        uid: int,
        detail: ArticleDetail | LoadError,
        first_part: tuple[list[Block], bool] | None,
        note: str,
    ) -> None:
        store = self.session.store
        article = store.get(uid)
        if uid != self.shown_uid or article is None or not self._alive:
            return
        self.detail_pane.show_detail(detail, store.is_duplicate(article))
        if first_part is not None:
            blocks, last = first_part
            self.detail_pane.show_body(blocks, first=True, complete=last, note=note)

    def _related_done(self, uid: int, sections: RelatedSections, generation: int) -> None:
        store = self.session.store
        if uid != self.shown_uid or uid not in store or not self._alive:
            return
        if generation != store.generation:  # the feed changed meanwhile
            sections = sections.still_in(store)
        self.related_pane.show_sections(sections)
        self._show_summary(sections)

    def _body_part(self, uid: int, blocks: list[Block], last: bool) -> None:
        if uid == self.shown_uid and self._alive:
            self.detail_pane.show_body(blocks, first=False, complete=last)

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


def _with_last(items: Iterator[_T]) -> Iterator[tuple[_T, bool]]:
    """Each item with whether it is the last one."""
    previous: _T
    try:
        previous = next(items)
    except StopIteration:
        return
    for item in items:
        yield previous, False
        previous = item
    yield previous, True
