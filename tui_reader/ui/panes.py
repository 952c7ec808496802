"""The list and the article side by side, or one at a time on a narrow terminal.

:class:`Panes` follows the list's cursor (previewing the article after a short rest),
moves focus between the list, the article and its related pane, and copies or opens the
link of the article in use. Below ``NARROW_WIDTH``
columns one pane is shown at a time: Enter opens the article, Escape returns; wider,
the article gets 45 % of the width up to ``READER_MAX_WIDTH`` columns (a comfortable
measure for reading) and the list takes the rest.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget

from tui_reader.config import DateStyle
from tui_reader.data.model import Article
from tui_reader.data.session import FeedSession
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.data.triage import TriageView
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.article_reader import ArticleReader
from tui_reader.ui.command_table import PANES, bindings
from tui_reader.ui.dates import Clock
from tui_reader.ui.history import History
from tui_reader.ui.link_actions import copy_link, open_link
from tui_reader.ui.list_header import ListHeader
from tui_reader.ui.outside_programs import edit_article, page_article
from tui_reader.ui.related_pane import RelatedPane
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.similar import SimilarArticles
from tui_reader.ui.story_rows import StoryJump

NARROW_WIDTH = 100
"""Below this many columns one pane is shown at a time (Enter opens, Escape returns)."""
READER_MIN_WIDTH = 50
READER_MAX_WIDTH = 90
READER_SHARE = 0.45


def reader_width(width: int) -> int:
    """How many columns the article gets beside the list on a ``width``-column screen:
    45 %, at least 50 and at most 90 (a comfortable measure); the list takes the rest,
    so wide terminals give the titles the room."""
    return max(READER_MIN_WIDTH, min(READER_MAX_WIDTH, round(width * READER_SHARE)))


class Panes(Horizontal):
    """The article list and the article reader."""

    COMMANDS_GROUP = PANES
    BINDINGS: ClassVar[list[BindingType]] = bindings(PANES)

    DEFAULT_CSS = """
    Panes {
        height: 1fr;
        #list-pane { border-right: vkey $panel; }
        #list { height: 1fr; }
        #reader { width: 1fr; }
        &.-narrow #list-pane { border-right: none; }
        &.-narrow #reader { display: none; }
        &.-narrow.-reading #list-pane { display: none; }
        &.-narrow.-reading #reader { display: block; }
    }
    """

    class Hidden(Message):
        """The reader asked to go to an article the list does not show (its filter)."""

        def __init__(self, uid: int) -> None:
            super().__init__()
            self.uid = uid

    def __init__(
        self,
        session: FeedSession,
        *,
        triage: TriageView,
        similar: SimilarArticles,
        clock: Clock,
        dates: DateStyle = DateStyle.RELATIVE,
        stories: FeedStories | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.triage = triage
        self.similar = similar
        self.stories = stories
        self.clock = clock
        self.dates = dates
        self.history = History()
        """Where related jumps came from: what Backspace walks back along."""

    def compose(self) -> ComposeResult:
        with Vertical(id="list-pane"):
            yield ListHeader(id="list-header")
            yield ArticleList(
                self.session.store,
                triage=self.triage,
                clock=self.clock,
                dates=self.dates,
                id="list",
            )
        yield ArticleReader(
            self.session,
            similar=self.similar,
            clock=self.clock,
            stories=self.stories,
            triage=self.triage,
            id="reader",
        )

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def reader(self) -> ArticleReader:
        return self.query_one("#reader", ArticleReader)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """Whether the article (not the list) is the pane in use."""
        return self.has_class("-reading")

    def on_mount(self) -> None:
        self._set_narrow(self.app.size.width)

    @on(events.Resize)
    def _resized(self) -> None:
        self._set_narrow(self.app.size.width)

    @on(ArticleList.ColumnsChanged)
    def _columns_changed(self, event: ArticleList.ColumnsChanged) -> None:
        self.query_one(ListHeader).show_columns(event.columns, event.dates)

    def _set_narrow(self, width: int) -> None:
        was_narrow = self.narrow
        self.set_class(width < NARROW_WIDTH, "-narrow")
        list_pane = self.query_one("#list-pane")
        list_pane.styles.width = "1fr" if self.narrow else width - reader_width(width)
        if was_narrow and not self.narrow:
            # The article becomes visible: preview the cursor's article in it.
            uid = self.article_list.cursor_uid
            if uid is not None and uid != self.reader.shown_uid:
                self.reader.show(uid)

    # -- following the cursor ---------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        if event.uid is None:
            self.reader.show(None)
        elif self.narrow and not self.reading:
            # One pane at a time: the article is hidden, so rendering a preview (a long
            # Markdown body costs ~1 s) would only delay the list. Enter shows it.
            self.reader.cancel_pending()
        else:
            self.reader.show_soon(event.uid)

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        if self.reader.shown_uid != event.uid:
            self.reader.show(event.uid)
        self.set_class(True, "-reading")
        self.reader.detail_pane.focus()
        parsed = self.article_list.result.parsed
        found = parsed.body_terms() if parsed is not None else ()
        if found:
            # Opened from a body search: its words are found in the article.
            self.reader.detail_pane.find_text(found[0].text)

    # -- moving between panes ---------------------------------------------------------

    def action_cycle_pane(self, step: int) -> None:
        reader = self.reader
        panes: list[Widget] = [self.article_list, reader.detail_pane, reader.related_pane]
        focused = self.screen.focused
        current = next(
            (
                index
                for index, pane in enumerate(panes)
                if focused is not None and pane in focused.ancestors_with_self
            ),
            0,
        )
        target = panes[(current + step) % len(panes)]
        self.set_class(target is not self.article_list, "-reading")
        if target is not self.article_list and reader.shown_uid is None:
            uid = self.article_list.cursor_uid
            if uid is not None:
                reader.show(uid)
        target.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            # Already on the list: Escape goes on to clear the selection or the filter.
            focused = self.screen.focused
            on_list = focused is None or self.article_list in focused.ancestors_with_self
            return self.reading or not on_list
        return True

    def action_to_list(self) -> None:
        self.show_list()

    def action_toggle_related(self) -> None:
        self.reader.toggle_related()

    def go_to(self, uid: int) -> bool:
        """Put the list's cursor on ``uid`` and show it; False when the list hides it
        (then :class:`Panes.Hidden` asks the screen to reveal it)."""
        if uid not in self.session.store:
            # Deleted since the pane listed it (folder watch): stay, filter untouched.
            self.app.bell()
            notify_literal(self.app, "That article is no longer in the feed.", severity="warning")
            return True
        index = self.article_list.index_of(uid)
        if index < 0 and self._row_of_its_story(uid):
            self.reader.show(uid)  # a report of a story row shown: no row of its own
            return True
        if index < 0:
            self.post_message(self.Hidden(uid))
            return False
        self.article_list.move_cursor(index)
        self.reader.show(uid)
        return True

    @on(RelatedPane.Jump)
    def _jump(self, event: RelatedPane.Jump) -> None:
        if self.reader.shown_uid is not None:
            self.history.push(self.reader.shown_uid)
        self.go_to(event.uid)

    @on(StoryJump)
    def _story_jump(self, event: StoryJump) -> None:
        if self.reader.shown_uid is not None:
            self.history.push(self.reader.shown_uid)
        self.go_to(event.uid)

    def _row_of_its_story(self, uid: int) -> bool:
        """Whether the list is of one row a story and shows ``uid``'s story's row (then
        the other reports are read from it, and the list and its filter stay)."""
        stories = self.article_list.result.stories
        if stories is None:
            return False
        return any(self.article_list.index_of(member) >= 0 for member in stories.members(uid))

    def action_back(self) -> None:
        store = self.session.store
        uid = self.history.pop()
        while uid is not None and uid not in store:
            uid = self.history.pop()
        if uid is None:
            self.app.bell()
            return
        self.go_to(uid)

    # -- links ------------------------------------------------------------------------

    def _current_article(self) -> Article | None:
        """The article in use: the one read, or the one under the list's cursor."""
        uid = self.reader.shown_uid if self.reading else self.article_list.cursor_uid
        return self.session.store.get(uid) if uid is not None else None

    def _current_url(self) -> str:
        article = self._current_article()
        return article.url if article is not None else ""

    def action_copy_link(self) -> None:
        copy_link(self.app, self._current_url())

    def action_open_link(self) -> None:
        open_link(self.app, self._current_url())

    # -- outside programs -------------------------------------------------------------

    async def action_edit(self) -> None:
        article = self._current_article()
        if article is None:
            self.app.bell()
        elif edit_article(self.app, article):
            # The edit comes back like any outside change, through the folder's watch.
            await self.run_action("screen.rescan")

    def action_page(self) -> None:
        article = self._current_article()
        if article is None:
            self.app.bell()
        else:
            page_article(self.app, self.session, article)

    def show_list(self) -> None:
        """Back to the list (the only pane when narrow)."""
        self.set_class(False, "-reading")
        self.article_list.focus()
