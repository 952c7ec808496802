"""The article list: a Line-API view over a sequence of uids, flat in the feed's size.

Only the uids of the current filter result are kept (``MatchResult.uids``, indexed for
the visible window only); a row's ``Strip`` is built when the compositor asks for that
line and cached by everything that changes its look, so scrolling and cursor moves
touch a screenful of rows whatever the number of articles.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.config import DateStyle
from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.triage import NoTriage, TriageView
from tui_reader.query import MatchResult
from tui_reader.ui.command_table import LIST, bindings
from tui_reader.ui.dates import Clock, system_clock
from tui_reader.ui.list_columns import Columns, columns_for
from tui_reader.ui.list_row import RowLook, RowStyles, component_style

RowKey = tuple[int, int, bool, bool, bool, int, int]
"""(uid, width, is cursor, has focus, is selected, list generation, row version)."""

_PROVIDER_NAME = attrgetter("provider.name")


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """The filtered articles, one row each, with a cursor."""

    COMMANDS_GROUP = LIST
    BINDINGS: ClassVar[list[BindingType]] = bindings(LIST)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--match",
        "article-list--unread",
        "article-list--star",
        "article-list--meta",
        "article-list--read",
        "article-list--marked",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .article-list--cursor-blurred {
            background: $block-cursor-blurred-background;
            text-style: bold;
        }
        & > .article-list--match { text-style: bold underline; }
        & > .article-list--unread { color: $accent; }
        & > .article-list--star { color: $warning; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--marked { background: $secondary 40%; text-style: bold; }
        & > .article-list--empty { color: $text-muted; }
    }
    """

    class Highlighted(Message):
        """The cursor is on another article (or on none)."""

        def __init__(self, uid: int | None) -> None:
            super().__init__()
            self.uid = uid

    class ColumnsChanged(Message):
        """The column widths changed (the header above the list follows them)."""

        def __init__(self, columns: Columns, dates: DateStyle) -> None:
            super().__init__()
            self.columns = columns
            self.dates = dates

    class Opened(Message):
        """The reader asked to read the article under the cursor."""

        def __init__(self, uid: int) -> None:
            super().__init__()
            self.uid = uid

    def __init__(
        self,
        store: Store,
        *,
        triage: TriageView | None = None,
        clock: Clock = system_clock,
        dates: DateStyle = DateStyle.RELATIVE,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self._dates = dates
        self.triage: TriageView = triage or NoTriage()
        self.clock = clock
        self.dates: DateStyle = dates
        """The date column's style (config.toml ``dates``)."""
        self.result: MatchResult = MatchResult("", ())
        self.cursor = 0
        self._generation = 0
        self._row_versions: dict[int, int] = {}
        self._strips: LRUCache[RowKey, Strip] = LRUCache(1024)
        self._now: datetime = clock()
        self.marked: Container[int] = frozenset()
        """Rows selected for a bulk action (repaint them with ``refresh_article``)."""
        self.empty_message = Content("")
        """What the list says when it shows nothing (why, and how to leave)."""
        self._provider_content = 0
        """The longest provider name of the feed, in cells (grows as articles come)."""
        self._provider_generation = -1
        self._columns: Columns | None = None

    # -- columns --------------------------------------------------------------------

    @property
    def dates(self) -> DateStyle:
        """Relative ages (``3d``) or absolute dates (``2024-05-10``) in the date column."""
        return self._dates

    @dates.setter
    def dates(self, dates: DateStyle) -> None:
        if dates is not self._dates:
            self._dates = dates
            self.refresh_all_rows()
            self._update_columns()

    @property
    def columns(self) -> Columns:
        """The column widths at the list's current width."""
        if self._columns is None or self._columns.width != self._row_width():
            self._update_columns()
        assert self._columns is not None
        return self._columns

    def _row_width(self) -> int:
        return max(0, self.scrollable_content_region.width)

    def _track_providers(self) -> None:
        """Keep the longest provider name up to date, from the store's changes only."""
        store = self.store
        if store.generation == self._provider_generation:
            return
        changed = store.changed_since(self._provider_generation)
        articles: Iterable[Article]
        if changed is None or len(changed) > len(store) // 2:
            articles = store  # most of it is new (a warm start's one batch): all of it
        else:
            articles = filter(None, map(store.get, changed))
        # The distinct names first, in C (a feed has a few hundred providers at most):
        # a whole feed arrives at once on a warm start, and this runs on the UI thread.
        names = set(map(_PROVIDER_NAME, articles))
        longest = max(map(len, names), default=0)
        self._provider_generation = store.generation
        if longest > self._provider_content:
            self._provider_content = longest
            self._update_columns()

    def _update_columns(self) -> None:
        columns = columns_for(self._row_width(), self._provider_content, self._dates)
        if columns != self._columns:
            self._columns = columns
            self._generation += 1
            self.refresh()
            self.post_message(self.ColumnsChanged(columns, self._dates))

    def on_resize(self) -> None:
        self._update_columns()

    # -- contents -------------------------------------------------------------------

    @property
    def uids(self) -> Sequence[int]:
        """The uids shown, in order."""
        return self.result.uids

    @property
    def cursor_uid(self) -> int | None:
        """The uid under the cursor, if any."""
        uids = self.result.uids
        return uids[self.cursor] if 0 <= self.cursor < len(uids) else None

    def show_result(
        self, result: MatchResult, *, keep_cursor: bool = False, empty: Content | None = None
    ) -> None:
        """Show a new filter result: the cursor at the top, or (``keep_cursor``) on the
        same article at the same height on screen, else at the same row number.
        ``empty`` is what to say when the result is empty."""
        if empty is not None:
            self.empty_message = empty
        self._track_providers()
        previous = self.cursor_uid
        row_on_screen = self.cursor - round(self.scroll_offset.y)
        cursor = 0
        if keep_cursor and previous is not None:
            found = _index_of(result.uids, previous, self.cursor)
            cursor = found if found >= 0 else self.cursor
        self.result = result
        self._generation += 1
        self._now = self.clock()
        self.virtual_size = Size(0, len(result.uids))
        self.cursor = max(0, min(cursor, len(result.uids) - 1))
        if keep_cursor:
            # The same row height as before, so the list does not jump under the eyes.
            top = max(0, self.cursor - row_on_screen)
            if top != round(self.scroll_offset.y):
                self.scroll_to(y=top, animate=False, immediate=True)
        self._scroll_cursor_into_view(center=not keep_cursor)
        self.refresh()
        if self.cursor_uid != previous:
            self.post_message(self.Highlighted(self.cursor_uid))

    def index_of(self, uid: int) -> int:
        """The row of ``uid`` (-1 when not shown)."""
        return _index_of(self.result.uids, uid, self.cursor)

    def refresh_article(self, uid: int) -> None:
        """Repaint the row of ``uid`` (its triage flags or data changed), if visible."""
        self._row_versions[uid] = self._row_versions.get(uid, 0) + 1
        top = round(self.scroll_offset.y)
        uids = self.result.uids
        for index in range(top, min(len(uids), top + self.scrollable_content_region.height)):
            if uids[index] == uid:
                self.refresh_line(index)

    def refresh_all_rows(self) -> None:
        """Repaint every visible row (triage state changed wholesale)."""
        self._generation += 1
        self.refresh()

    # -- cursor ---------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped), repainting only the two rows."""
        count = len(self.result.uids)
        if count == 0:
            return
        index = max(0, min(index, count - 1))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        self.refresh_line(old)
        self.refresh_line(index)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self.cursor_uid))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.result.uids) - 1)

    def action_open(self) -> None:
        uid = self.cursor_uid
        if uid is not None:
            self.post_message(self.Opened(uid))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if index < len(self.result.uids):
            self.move_cursor(index)
            if event.chain == 2:
                self.action_open()

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # -- rendering ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        uids = self.result.uids
        if not uids and width > 0:
            return self._empty_line(y, width)
        if index >= len(uids) or width <= 0:
            return Strip.blank(width, self.rich_style)
        uid = uids[index]
        selected = index == self.cursor
        marked = uid in self.marked
        key: RowKey = (
            uid,
            width,
            selected,
            self.has_focus,
            marked,
            self._generation,
            self._row_versions.get(uid, 0),
        )
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(uid, width, selected, marked)
            self._strips[key] = strip
        return strip

    def _empty_line(self, y: int, width: int) -> Strip:
        """A line of the message shown in place of rows (from the second line on)."""
        lines = self.empty_message.wrap(max(1, width - 2)) if self.empty_message else []
        style = self.get_visual_style("article-list--empty")
        if 1 <= y <= len(lines):
            line = Content.assemble(" ", lines[y - 1]).truncate(width, pad=True)
            return Strip(line.render_segments(style), width)
        return Strip.blank(width, self.rich_style)

    def _render_row(self, uid: int, width: int, selected: bool, marked: bool) -> Strip:
        article = self.store.get(uid)
        if selected:
            cursor_class = (
                "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
            )
            base = component_style(self, cursor_class)
        elif marked:
            base = component_style(self, "article-list--marked")
        else:
            base = self.get_visual_style()
        if article is None:
            row = Content("").truncate(width, pad=True)
        else:
            row = self._row_content(article, width, selected, marked)
        segments = row.render_segments(base)
        return Strip(segments, width)

    def _row_content(self, article: Article, width: int, selected: bool, marked: bool) -> Content:
        """``article``'s row at ``width`` cells (:mod:`~tui_reader.ui.list_row` builds it)."""
        columns = (
            self.columns
            if self.columns.width == width
            else columns_for(width, self._provider_content, self._dates)
        )
        look = RowLook(
            self.result, self.triage, columns, self._dates, self._now, RowStyles.of(self)
        )
        return look.content(article, selected=selected, marked=marked)


def _index_of(uids: Sequence[int], uid: int, hint: int) -> int:
    """Where ``uid`` is in ``uids`` (looking near ``hint`` first), or -1."""
    for index in (hint, hint - 1, hint + 1):
        if 0 <= index < len(uids) and uids[index] == uid:
            return index
    try:
        return uids.index(uid)
    except ValueError:
        return -1
