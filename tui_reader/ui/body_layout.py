"""Body blocks wrapped into lines at one width, a slice at a time.

A :class:`BodyLayout` turns blocks into lines for a given width and remembers, for each
line, which block and which characters of it the line shows: enough to draw a line,
to highlight find matches in it and to scroll to a match. ``extend`` works until a
deadline, so a 1 MB body is laid out in slices between key presses, never in one go.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content

from tui_reader.ui.body_blocks import MUTED, Block

MARGIN = 1
"""Blank cells left and right of every line."""
GAP = -1
"""The block number of a blank line between blocks."""
_WORD = re.compile(r"\S+")


class Line(NamedTuple):
    """One line on screen: characters ``start:end`` of block ``block``, drawn as
    ``content`` (with the block's indent)."""

    block: int
    start: int
    end: int
    content: Content
    prefix: int
    """Cells of indent before the block's text in ``content``."""


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Where to cut ``text`` into lines of at most ``width`` cells: ``(start, end)``
    character ranges, breaking at spaces (and at ``\\n``), folding longer words."""
    width = max(1, width)
    ranges: list[tuple[int, int]] = []
    position = 0
    for part in text.split("\n"):
        offset = position
        position += len(part) + 1
        if not part:
            ranges.append((offset, offset))
            continue
        ascii_only = part.isascii()
        line_start = line_end = -1
        cells = 0
        for match in _WORD.finditer(part):
            start, end = match.span()
            word_cells = end - start if ascii_only else cell_len(match.group())
            if line_start >= 0 and cells + (start - line_end) + word_cells <= width:
                cells += (start - line_end) + word_cells
                line_end = end
                continue
            if line_start >= 0:
                ranges.append((offset + line_start, offset + line_end))
            if word_cells <= width:
                line_start, line_end, cells = start, end, word_cells
                continue
            *whole, (line_start, line_end) = _fold(part, start, end, width, ascii_only)
            ranges.extend((offset + a, offset + b) for a, b in whole)
            piece = part[line_start:line_end]
            cells = len(piece) if ascii_only else cell_len(piece)
        if line_start < 0:
            ranges.append((offset, offset))
        else:
            ranges.append((offset + line_start, offset + line_end))
    return ranges


def _fold(text: str, start: int, end: int, width: int, ascii_only: bool) -> list[tuple[int, int]]:
    """A word too long for a line, cut into pieces of at most ``width`` cells."""
    if ascii_only:
        return [(at, min(end, at + width)) for at in range(start, end, width)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    cells = 0
    for index in range(start, end):
        char_cells = cell_len(text[index])
        if cells + char_cells > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start, cells = index, 0
        cells += char_cells
    pieces.append((piece_start, end))
    return pieces


def fold_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Code lines are not re-flowed: cut at the width, wherever that falls."""
    if not text:
        return [(0, 0)]
    return _fold(text, 0, len(text), max(1, width), text.isascii())


class BodyLayout:
    """The lines of some blocks at one width (blocks are laid out in order, on demand)."""

    def __init__(self, width: int) -> None:
        self.width = width
        """The width of the view, margins included."""
        self.lines: list[Line] = []
        self.first_line: list[int] = []
        """The index in ``lines`` of each laid-out block's first line."""
        self._gap = Content("")

    @property
    def blocks_done(self) -> int:
        return len(self.first_line)

    def extend(self, blocks: Sequence[Block], deadline: float | None = None) -> bool:
        """Lay out more of ``blocks`` (until ``deadline``, a ``perf_counter`` time);
        True when every block is laid out."""
        text_width = max(1, self.width - 2 * MARGIN)
        count = len(blocks)
        index = len(self.first_line)
        while index < count:
            self._lay_out(index, blocks[index], text_width)
            index += 1
            if deadline is not None and time.perf_counter() > deadline:
                break
        return index >= count

    def _lay_out(self, index: int, block: Block, text_width: int) -> None:
        lines = self.lines
        if block.gap and lines:
            lines.append(Line(GAP, 0, 0, self._gap, 0))
        self.first_line.append(len(lines))
        indent_cells = block.indent.cell_length
        available = max(1, text_width - indent_cells)
        plain = block.text.plain
        if block.kind == "rule":
            rule = Content.styled("─" * text_width, MUTED)
            lines.append(Line(index, 0, 0, Content.assemble(" " * MARGIN, rule), MARGIN))
            return
        if block.kind == "code":
            ranges = fold_ranges(plain, available)
        else:
            ranges = wrap_ranges(plain, available)
        margin = " " * MARGIN
        text = block.text
        single = len(ranges) == 1 and ranges[0] == (0, len(plain))
        for number, (start, end) in enumerate(ranges):
            piece = text if single else text[start:end]
            prefix = block.indent if number == 0 else block.hanging
            lines.append(
                Line(
                    index,
                    start,
                    end,
                    Content.assemble(margin, prefix, piece),
                    MARGIN + indent_cells,
                )
            )

    def line_of(self, block: int, offset: int) -> int:
        """The line showing character ``offset`` of ``block`` (laid out already)."""
        first = self.first_line[block]
        last = self.first_line[block + 1] if block + 1 < len(self.first_line) else len(self.lines)
        starts = [line.start for line in self.lines[first:last] if line.block == block]
        return first + max(0, bisect_right(starts, offset) - 1)

    def block_at(self, line: int) -> tuple[int, int]:
        """The block and character offset that line ``line`` starts with."""
        lines = self.lines
        line = max(0, min(line, len(lines) - 1))
        while line < len(lines) and lines[line].block == GAP:
            line += 1
        if line >= len(lines):
            return 0, 0
        return lines[line].block, lines[line].start
