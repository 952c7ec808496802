"""An article body on screen: a Line-API view that is fast at any size.

The view keeps blocks (:mod:`tui_reader.ui.body_blocks`) and a layout of them at its
width (:mod:`tui_reader.ui.body_layout`); ``render_line`` draws the few lines on
screen from it, cached. Blocks arrive from a worker a chunk at a time and are laid out
in slices of a few milliseconds between other messages, so the first screen shows at
once and keys are never kept waiting, whatever the size of the body. On a resize the
old layout stays on screen until the new one has reached the line in view.

Find (``find`` / ``step``) marks every match in the laid-out text and scrolls to the
one chosen; clicking a link posts :class:`BodyView.LinkClicked` (opening is ``o``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui_reader.ui.body_blocks import Block
from tui_reader.ui.body_layout import GAP, BodyLayout, Line

SLICE_SECONDS = 0.006
"""Layout work done in one go before other messages (keys) get their turn."""
_KINDS = ("heading", "code", "quote", "muted", "rule")

Match = tuple[int, int, int]
"""(block, start, end) of one find match."""


class BodyView(ScrollView, can_focus=False):
    """The lines of one body; scrolled by the detail pane's keys and the mouse."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body-view--heading",
        "body-view--code",
        "body-view--quote",
        "body-view--muted",
        "body-view--rule",
        "body-view--link",
        "body-view--match",
        "body-view--match-current",
    }

    DEFAULT_CSS = """
    BodyView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .body-view--heading { color: $text-primary; text-style: bold; }
        & > .body-view--code { color: $text-secondary; }
        & > .body-view--quote { color: $text-muted; text-style: italic; }
        & > .body-view--muted { color: $text-muted; }
        & > .body-view--rule { color: $text-muted; }
        & > .body-view--link { text-style: underline; color: $text-accent; }
        & > .body-view--match { background: $warning 40%; text-style: bold; }
        & > .body-view--match-current {
            background: $warning; color: $text; text-style: bold reverse;
        }
    }
    """

    class LinkClicked(Message):
        """A link in the body was clicked (its target, http(s) only)."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = []
        self.complete = True
        """Whether every block of the body has arrived."""
        self._layout = BodyLayout(0)
        self._next_layout: BodyLayout | None = None
        self._anchor = (0, 0)
        """Block and offset at the top of the view when a re-layout started."""
        self._generation = 0
        self._scheduled = False
        self._strips: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        self._query = ""
        self._matches: list[Match] = []
        self._by_block: dict[int, list[tuple[int, int, int]]] = {}
        """Matches per block: (start, end, index in ``_matches``)."""
        self._current = -1
        self._searched = 0
        """Blocks searched for the current query so far."""

    # -- contents ---------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._layout.lines)

    @property
    def laid_out(self) -> bool:
        """Whether every block that has arrived is laid out at the current width."""
        return self._next_layout is None and self._layout.blocks_done == len(self.blocks)

    def lines_text(self) -> list[str]:
        """The plain text of every laid-out line (for tests and copying)."""
        return [line.content.plain for line in self._layout.lines]

    def show_blocks(self, blocks: Sequence[Block], *, complete: bool) -> None:
        """Replace the body with ``blocks`` (more may follow with ``add_blocks``)."""
        self.blocks = list(blocks)
        self.complete = complete
        self._layout = BodyLayout(self._width())
        self._next_layout = None
        self._new_layout()
        self._matches, self._by_block, self._current, self._searched = [], {}, -1, 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        # The first screen now, in this very message: the rest in slices.
        self._layout.extend(self.blocks, time.perf_counter() + SLICE_SECONDS)
        self._layout_changed()
        self._schedule()

    def add_blocks(self, blocks: Sequence[Block], *, complete: bool) -> None:
        """More blocks of the same body (the next chunk from the worker)."""
        self.blocks.extend(blocks)
        self.complete = complete
        if self._query:
            self._search_more()
        self._schedule()

    def clear(self) -> None:
        self.show_blocks((), complete=True)

    def _width(self) -> int:
        return max(0, self.scrollable_content_region.width)

    def _new_layout(self) -> None:
        self._generation += 1
        self._strips.clear()

    # -- laying out, a slice at a time ------------------------------------------------

    def _schedule(self) -> None:
        if not self._scheduled and not self.laid_out:
            self._scheduled = True
            self.call_later(self._step)

    def _step(self) -> None:
        self._scheduled = False
        deadline = time.perf_counter() + SLICE_SECONDS
        target = self._next_layout or self._layout
        done = target.extend(self.blocks, deadline)
        if target is self._next_layout and (done or target.blocks_done > self._anchor[0] + 1):
            self._swap_layout()
        self._layout_changed()
        if self._query:
            self._search_more()
        self._schedule()

    def _swap_layout(self) -> None:
        """The new layout has reached the line in view: show it, at the same place."""
        assert self._next_layout is not None
        self._layout, self._next_layout = self._next_layout, None
        self._new_layout()
        block, offset = self._anchor
        if block < self._layout.blocks_done:
            line = self._layout.line_of(block, offset)
            self.scroll_to(y=line, animate=False, immediate=True)

    def _layout_changed(self) -> None:
        self.virtual_size = Size(self._layout.width, len(self._layout.lines))
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        width = self._width()
        if width == self._layout.width or width <= 0:
            return
        if not self._layout.lines:
            self._layout = BodyLayout(width)
            self._new_layout()
            self._layout.extend(self.blocks, time.perf_counter() + SLICE_SECONDS)
            self._layout_changed()
        else:
            self._anchor = self._layout.block_at(round(self.scroll_offset.y))
            self._next_layout = BodyLayout(width)
        self._schedule()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # -- drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._width()
        index = round(self.scroll_offset.y) + y
        lines = self._layout.lines
        if index >= len(lines) or width <= 0:
            return Strip.blank(width, self.rich_style)
        key = (index, self._generation, len(self._matches) * 1_000_003 + self._current, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._draw(lines[index], width)
            self._strips[key] = strip
        return strip

    def _draw(self, line: Line, width: int) -> Strip:
        content = line.content
        kind = self.blocks[line.block].kind if line.block != GAP else "text"
        for start, end, number in self._by_block.get(line.block, ()):
            if end > line.start and start < line.end:
                name = "body-view--match-current" if number == self._current else "body-view--match"
                left = line.prefix + max(start, line.start) - line.start
                right = line.prefix + min(end, line.end) - line.start
                content = content.stylize(name, left, right)
        base = self.get_visual_style(f"body-view--{kind}") if kind in _KINDS else None
        base = base or self.get_visual_style()
        segments = [
            Segment(text, style.rich_style)
            for text, style in content.render(base, end="", parse_style=self._style_of)
        ]
        return Strip(segments).extend_cell_length(width, base.rich_style).crop(0, width)

    def _style_of(self, name: str | Style) -> Style:
        if isinstance(name, Style):
            return name
        style = self._styles.get(name)
        if style is None:
            if name in self.COMPONENT_CLASSES:
                style = self.get_visual_style(name, partial=True)
            else:
                style = self.app.stylesheet.parse_style(name)
            self._styles[name] = style
        return style

    # -- links ------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        href = event.style.link
        if href:
            event.stop()
            self.post_message(self.LinkClicked(href))

    # -- find -------------------------------------------------------------------------

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        """The chosen match (0-based), -1 when none is."""
        return self._current

    def find(self, query: str) -> int:
        """Mark every match of ``query`` (case-insensitive); returns how many so far."""
        self._query = query.lower()
        self._matches, self._by_block, self._current, self._searched = [], {}, -1, 0
        if self._query:
            self._search_more()
        self._strips.clear()
        self.refresh()
        return len(self._matches)

    def _search_more(self) -> None:
        """Search the blocks that arrived since the last look."""
        query = self._query
        size = len(query)
        for number in range(self._searched, len(self.blocks)):
            plain = self.blocks[number].text.plain
            folded = plain.lower() if plain.isascii() else _lower_same_length(plain)
            at = folded.find(query)
            while at >= 0:
                self._by_block.setdefault(number, []).append((at, at + size, len(self._matches)))
                self._matches.append((number, at, at + size))
                at = folded.find(query, at + size)
        self._searched = len(self.blocks)

    def step(self, direction: int) -> int:
        """Go to the next (``1``) or previous (``-1``) match and show it; returns its
        index, -1 when there is none. The first step goes to the first match below the
        top of the view (or above it, going back), wrapping at either end."""
        if not self._matches:
            return -1
        if self._current < 0:
            top_block, top_offset = self._layout.block_at(round(self.scroll_offset.y))
            after = [
                i for i, (b, s, _e) in enumerate(self._matches) if (b, s) >= (top_block, top_offset)
            ]
            if direction > 0:
                self._current = after[0] if after else 0
            else:
                self._current = (after[0] - 1 if after else len(self._matches) - 1) % len(
                    self._matches
                )
        else:
            self._current = (self._current + direction) % len(self._matches)
        self._show_match(self._matches[self._current])
        self._strips.clear()
        self.refresh()
        return self._current

    def _show_match(self, match: Match) -> None:
        block, start, _end = match
        layout = self._next_layout or self._layout
        if block >= layout.blocks_done:
            layout.extend(self.blocks[: block + 1])
            if layout is self._next_layout:
                self._swap_layout()
            self._layout_changed()
        line = self._layout.line_of(block, start)
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)


def _lower_same_length(text: str) -> str:
    """Lower case, keeping every character's position (a few lower to two)."""
    return "".join(lowered if len(lowered := char.lower()) == 1 else char for char in text)
