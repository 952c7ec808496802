"""An article body as blocks (paragraphs, headings, list items, code lines, rules).

The body view lays blocks out at the width it has, so they hold no line breaks of their
own. Markdown is parsed with markdown-it-py (which Textual already depends on) in
chunks cut at blank lines outside code fences: the first chunk is small, so the first
screen of a 1 MB body is on display while the rest is still being parsed. Reference
definitions (``[id]: url``) are handed to every chunk, so ``[text][id]`` resolves
wherever the definition sits.

Everything here runs in a worker thread and builds ``Content`` from literal text only:
text decoded by markdown-it (entities such as ``&#27;``) is sanitised again, and links
are hyperlinks only for http(s).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.cache import LRUCache
from textual.content import Content, Span
from textual.style import Style

from tui_reader.data.sanitize import clean_block
from tui_reader.data.urls import is_web_url
from tui_reader.ui.body_text import strip_tags

FIRST_CHUNK = 6_000
"""Characters parsed before the first blocks are shown (a screenful and more)."""
CHUNK = 48_000
"""Characters per later chunk: big enough to be efficient, small enough to stay smooth."""
TAB = "    "

# Style names resolved by the body view (its component classes), so that the blocks,
# built in a thread, need no widget to look colours up.
LINK = "body-view--link"
CODE = "body-view--code"
MUTED = "body-view--muted"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like piece of a body, laid out by the view at its width."""

    text: Content
    kind: str = "text"
    """``text``, ``heading``, ``code`` (not re-flowed), ``rule`` (a line across),
    ``quote`` or ``muted``: the view's look for the block."""
    indent: Content = field(default_factory=Content)
    """Printed before the first line (a bullet, a quote bar)."""
    hanging: Content = field(default_factory=Content)
    """Printed before every other line (as wide as ``indent``)."""
    gap: bool = False
    """A blank line before this block."""


def text_blocks(text: str) -> list[Block]:
    """Plain text, one block per line (raw view, HTML bodies with their tags removed)."""
    return [Block(Content(line.replace("\t", TAB))) for line in text.split("\n")]


def markdown_chunks(body: str) -> Iterator[str]:
    """``body`` in pieces that parse alone as they would in the whole, first one small."""
    references = _reference_lines(body)
    limit = FIRST_CHUNK
    start = 0
    position = 0
    fence = ""
    length = len(body)
    while position < length:
        end = body.find("\n", position)
        end = length if end < 0 else end + 1
        line = body[position:end]
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) < 4 and stripped[:3] in ("```", "~~~"):
            marker = stripped[:3]
            if not fence:
                fence = marker
            elif marker == fence:
                fence = ""
        position = end
        if not fence and not line.strip() and position - start >= limit:
            yield body[start:position] + references
            start = position
            limit = CHUNK
    if start < length:
        yield body[start:] + references


def _reference_lines(body: str) -> str:
    """Every line that may define a link reference, appended to each chunk (defining
    one twice is harmless; a definition renders nothing)."""
    if "]:" not in body:
        return ""
    found = [
        line
        for line in body.split("\n")
        if "]:" in line
        and line.lstrip(" ").startswith("[")
        and len(line) - len(line.lstrip(" ")) < 4
    ]
    return "\n\n" + "\n".join(found) + "\n" if found else ""


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough (one per worker: not shared by threads)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_blocks(source: str, parser: MarkdownIt | None = None) -> list[Block]:
    """The blocks of one chunk of Markdown."""
    return _BlockBuilder().build((parser or markdown_parser()).parse(source))


# -- building -----------------------------------------------------------------------

_INLINE_STYLES = {
    "strong_open": "bold",
    "em_open": "italic",
    "s_open": "strike",
}


@dataclass(slots=True)
class _Container:
    kind: str
    """``quote``, ``bullet`` or ``ordered``."""
    tight: bool = False
    marker: str = ""
    """The current list item's marker (``• ``, ``3. ``), until its first block."""
    width: int = 0
    """Cells the current list item indents its lines by."""
    items: int = 0
    """List items seen so far."""


class _BlockBuilder:
    """Walks markdown-it's token stream, keeping the quote and list nesting."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.containers: list[_Container] = []
        self.table: list[list[Content]] | None = None
        self.table_header = 0
        self._prefixes: LRUCache[tuple[tuple[str, int], ...], Content] = LRUCache(64)

    def build(self, tokens: list[Token]) -> list[Block]:
        index = 0
        while index < len(tokens):
            index = self._token(tokens, index)
        return self.blocks

    def _token(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            text = inline_content(tokens[index + 1])
            self._add(text.stylize("bold"), "heading", gap=True)
            return index + 3
        if kind == "paragraph_open":
            text = inline_content(tokens[index + 1])
            if self.table is None:
                self._add(text, "text", gap=True)
            return index + 3
        if kind in ("fence", "code_block"):
            lines = clean_block(token.content).rstrip("\n").split("\n")
            for number, line in enumerate(lines):
                self._add(Content(line.replace("\t", TAB)), "code", gap=number == 0)
            return index + 1
        if kind == "hr":
            self._add(Content(""), "rule", gap=True)
            return index + 1
        if kind == "html_block":
            stripped = clean_block(strip_tags(token.content))
            parts = [part for part in stripped.split("\n") if part.strip()]
            for position, part in enumerate(parts):
                self._add(Content(part), "muted", gap=position == 0)
            return index + 1
        if kind == "blockquote_open":
            self.containers.append(_Container("quote"))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            tight = _is_tight(tokens, index)
            self.containers.append(_Container(kind.split("_")[0], tight=tight))
        elif kind == "list_item_open":
            container = self.containers[-1]
            ordinal = token.info
            container.marker = f"{ordinal}{token.markup} " if container.kind == "ordered" else "• "
            container.width = len(container.marker)
            container.items += 1
        elif kind in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            self.containers.pop()
        elif kind == "table_open":
            self.table = []
            self.table_header = 0
        elif kind == "tr_open":
            self._table_row(tokens, index)
        elif kind == "thead_close" and self.table is not None:
            self.table_header = len(self.table)
        elif kind == "table_close":
            self._flush_table()
        return index + 1

    def _prefix(self, first: bool) -> tuple[Content, Content]:
        parts_first: list[tuple[str, int]] = []
        parts_rest: list[tuple[str, int]] = []
        for container in self.containers:
            if container.kind == "quote":
                parts_first.append(("▌ ", 1))
                parts_rest.append(("▌ ", 1))
            else:
                marker = container.marker if first and container is self.containers[-1] else ""
                parts_first.append((marker or " " * container.width, 0))
                parts_rest.append((" " * container.width, 0))
        return self._prefix_content(tuple(parts_first)), self._prefix_content(tuple(parts_rest))

    def _prefix_content(self, parts: tuple[tuple[str, int], ...]) -> Content:
        cached = self._prefixes.get(parts)
        if cached is None:
            cached = Content.assemble(*((text, MUTED) if quote else text for text, quote in parts))
            self._prefixes[parts] = cached
        return cached

    def _add(self, text: Content, kind: str, *, gap: bool) -> None:
        item = next((c for c in reversed(self.containers) if c.kind != "quote"), None)
        first_of_item = item is not None and bool(item.marker)
        indent, hanging = self._prefix(first_of_item)
        if item is not None and item.tight:
            # A tight list has a blank line before it, none between its items.
            nested = sum(c.kind != "quote" for c in self.containers) > 1
            gap = gap and first_of_item and item.items == 1 and not nested
        if item is not None:
            item.marker = ""
        if kind == "text" and any(c.kind == "quote" for c in self.containers):
            kind = "quote"
        self.blocks.append(Block(text, kind, indent, hanging, gap))

    # -- tables -----------------------------------------------------------------------

    def _table_row(self, tokens: list[Token], index: int) -> None:
        assert self.table is not None
        row: list[Content] = []
        index += 1
        while index < len(tokens) and tokens[index].type != "tr_close":
            if tokens[index].type == "inline":
                row.append(inline_content(tokens[index]))
            index += 1
        self.table.append(row)

    def _flush_table(self) -> None:
        rows, self.table = self.table or [], None
        if not rows:
            return
        count = max(len(row) for row in rows)
        widths = [
            min(40, max((row[column].cell_length for row in rows if column < len(row)), default=0))
            for column in range(count)
        ]
        separator = Content.styled(" │ ", MUTED)
        for number, row in enumerate(rows):
            cells = [
                (row[column] if column < len(row) else Content("")).truncate(
                    widths[column], ellipsis=True, pad=column < count - 1
                )
                for column in range(count)
            ]
            line = separator.join(cells)
            if number < self.table_header:
                line = line.stylize("bold")
            self._add(line, "text", gap=number == 0)
            if number == self.table_header - 1:
                rule = Content.styled("─┼─", MUTED).join(
                    Content.styled("─" * width, MUTED) for width in widths
                )
                self._add(rule, "text", gap=False)


def _is_tight(tokens: list[Token], index: int) -> bool:
    """Whether the list opened at ``index`` is tight (its paragraphs are hidden)."""
    depth = 0
    for token in tokens[index:]:
        depth += token.nesting
        if token.type == "paragraph_open":
            return token.hidden
        if depth == 0:
            break
    return True


def inline_content(token: Token) -> Content:
    """A paragraph's inline tokens as one Content: emphasis, code, links (http(s)
    hyperlinked), images as their alt text; the text sanitised once more."""
    pieces: list[str] = []
    spans: list[Span] = []
    length = 0
    open_styles: list[tuple[int, str | Style]] = []

    def add(text: str, *styles: str | Style) -> None:
        nonlocal length
        text = clean_block(text).replace("\t", " ")
        if not text:
            return
        pieces.append(text)
        for style in styles:
            spans.append(Span(length, length + len(text), style))
        length += len(text)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, CODE)
        elif kind in _INLINE_STYLES:
            open_styles.append((length, _INLINE_STYLES[kind]))
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            style: str | Style = Style(link=href) if is_web_url(href) else MUTED
            open_styles.append((length, style))
            open_styles.append((length, LINK))
        elif kind == "link_close":
            for _ in range(2):
                if open_styles:
                    start, style = open_styles.pop()
                    spans.append(Span(start, length, style))
        elif kind in ("strong_close", "em_close", "s_close"):
            if open_styles:
                start, style = open_styles.pop()
                spans.append(Span(start, length, style))
        elif kind == "image":
            alt = child.content or "image"
            add(f"[image: {alt}]", MUTED)
        elif kind == "html_inline":
            tag = child.content.lower().replace(" ", "")
            if tag.startswith(("<br", "<br/")):
                add("\n")
    return Content("".join(pieces), [span for span in spans if span.end > span.start])
