"""The rows picked for a bulk action: one set of uids, shared with the list that marks them.

``space`` toggles a row; ``V`` starts a range that the cursor then stretches (as in vim's
visual line mode): the rows between the anchor and the cursor are selected, and those the
range added are let go again when the cursor comes back. Rows picked before the range
stay picked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tui_reader.ui.article_list import ArticleList


@dataclass(slots=True)
class _Range:
    """A range being selected with ``V``: rows ``anchor`` to ``cursor`` of the list."""

    anchor_uid: int
    anchor: int
    cursor: int
    added: set[int] = field(default_factory=set)
    """The uids the range selected (not those picked before it)."""


class RowSelection:
    """The selected uids and the range being stretched, repainted on the list as they change.

    ``article_list`` gives the list (its rows and cursor); ``changed`` is told how many
    articles are selected after every change.
    """

    def __init__(
        self, article_list: Callable[[], ArticleList], changed: Callable[[int], object]
    ) -> None:
        self.marked: set[int] = set()
        """Rows selected for a bulk action (by uid)."""
        self._list = article_list
        self._changed = changed
        self._range: _Range | None = None

    @property
    def active(self) -> bool:
        """Whether anything is selected, or a range is being selected."""
        return bool(self.marked or self._range)

    @property
    def ranging(self) -> bool:
        """Whether a range is being selected (``V`` pressed, not yet again)."""
        return self._range is not None

    def toggle(self, uid: int) -> None:
        """Select ``uid``, or let it go if it was selected."""
        if uid in self.marked:
            self.marked.discard(uid)
        else:
            self.marked.add(uid)
        if self._range is not None:
            self._range.added.discard(uid)
        self._list().refresh_article(uid)
        self._changed(len(self.marked))

    def start_range(self, uid: int, row: int) -> None:
        """Begin a range at ``row`` (the cursor's, showing ``uid``), selecting it."""
        self._range = _Range(uid, row, row)
        if uid not in self.marked:
            self.marked.add(uid)
            self._range.added.add(uid)
        self._list().refresh_article(uid)
        self._changed(len(self.marked))

    def end_range(self) -> None:
        """Stop stretching: what the range selected stays selected."""
        self._range = None

    def follow_cursor(self) -> None:
        """The cursor moved: during a range, select the rows between it and the anchor."""
        selection = self._range
        if selection is None:
            return
        article_list = self._list()
        uids = article_list.uids
        anchor = article_list.index_of(selection.anchor_uid)
        if anchor < 0:
            self._range = None  # the anchor left the list (filter, view): keep what is picked
            return
        if anchor != selection.anchor:
            selection.anchor = selection.cursor = anchor
        cursor = article_list.cursor
        old = (min(selection.anchor, selection.cursor), max(selection.anchor, selection.cursor))
        new = (min(anchor, cursor), max(anchor, cursor))
        selection.cursor = cursor
        for row in _rows_outside(new, old):
            uid = uids[row]
            if uid not in self.marked:
                self.marked.add(uid)
                selection.added.add(uid)
            article_list.refresh_article(uid)
        for row in _rows_outside(old, new):
            if row < len(uids):
                uid = uids[row]
                if uid in selection.added:
                    selection.added.discard(uid)
                    self.marked.discard(uid)
                article_list.refresh_article(uid)
        self._changed(len(self.marked))

    def clear(self) -> None:
        """Let every row go and end the range."""
        marked = list(self.marked)
        self.marked.clear()
        self._range = None
        article_list = self._list()
        for uid in marked:
            article_list.refresh_article(uid)
        self._changed(len(self.marked))


def _rows_outside(rows: tuple[int, int], other: tuple[int, int]) -> list[int]:
    """The rows of the closed interval ``rows`` that are not in ``other`` (in order)."""
    low, high = rows
    other_low, other_high = other
    return [
        *range(low, min(high, other_low - 1) + 1),
        *range(max(low, other_high + 1), high + 1),
    ]
