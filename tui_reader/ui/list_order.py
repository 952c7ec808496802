"""The list's order, plugged into the reader: the next sort, the sort reversed, and one row
a story instead of one an article.

:class:`ListOrder` is a container around the reader's panes, like :class:`TriageKeys`:
its bindings are in the key chain whenever a pane has focus (in the filter bar the same
keys are text). The order itself stays the screen's (:class:`OrderOwner`), which runs
the query again when it changes; the container only turns it and says so.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from textual.app import App
from textual.binding import BindingType
from textual.containers import Container

from tui_reader.data.store import SortKey
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.ui.command_table import ORDER, bindings
from tui_reader.ui.safe_text import BRIEF, notify_literal
from tui_reader.ui.sort_order import order_phrase


class OrderOwner(Protocol):
    """Whoever keeps the list's order (the reader screen)."""

    sort: SortKey
    reverse: bool
    one_per_story: bool

    @property
    def app(self) -> App[Any]: ...


class ListOrder(Container):
    """The order commands over the panes it contains, turning ``owner``'s order."""

    COMMANDS_GROUP = ORDER
    BINDINGS: ClassVar[list[BindingType]] = bindings(ORDER)

    DEFAULT_CSS = """
    ListOrder { height: 1fr; }
    """

    def __init__(self, owner: OrderOwner, stories: FeedStories, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.owner = owner
        self.stories = stories

    def _say_order(self) -> None:
        phrase = order_phrase(self.owner.sort, self.owner.reverse)
        notify_literal(self.owner.app, f"Sorted: {phrase}", timeout=BRIEF)

    def action_cycle_sort(self) -> None:
        order = list(SortKey)
        self.owner.sort = order[(order.index(self.owner.sort) + 1) % len(order)]
        self._say_order()

    def action_reverse_sort(self) -> None:
        self.owner.reverse = not self.owner.reverse
        self._say_order()

    def action_toggle_stories(self) -> None:
        owner = self.owner
        owner.one_per_story = not owner.one_per_story
        if not owner.one_per_story:
            message = "One row per article."
        elif self.stories.current.generation < 0:
            message = "One row per story (finding the stories…)."
        else:
            message = "One row per story: z for one per article."
        notify_literal(owner.app, message)
