"""The related pane: the article's related entries, who cites it, and more like it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.data.model import Article, Related
from tui_reader.data.store import Store
from tui_reader.ui.command_table import RELATED, bindings
from tui_reader.ui.dates import Clock, relative_age, system_clock
from tui_reader.ui.safe_text import feed_text, join_lines

_EXCERPT_CHARS = 240
FEW_RELATED = 3
"""With fewer related entries than this, 'more like this' suggestions are added."""


@dataclass(frozen=True, slots=True)
class RelatedSections:
    """What the pane lists for one article."""

    related: tuple[tuple[Related, Article | None], ...] = ()
    """Each related entry with the feed's article it names, when there is one."""
    cited_by: tuple[Article, ...] = ()
    more_like_this: tuple[Article, ...] = ()
    same_story: tuple[Article, ...] = ()
    """Other reports of the article's story (listed apart from what is only related)."""

    def still_in(self, store: Store) -> RelatedSections:
        """These sections less the articles ``store`` no longer holds (they were found
        in a worker thread, and the feed changed before they were shown)."""

        def kept(articles: tuple[Article, ...]) -> tuple[Article, ...]:
            return tuple(a for a in articles if store.get(a.uid) is a)

        related = tuple(
            (entry, article if article is not None and store.get(article.uid) is article else None)
            for entry, article in self.related
        )
        return RelatedSections(
            related, kept(self.cited_by), kept(self.more_like_this), kept(self.same_story)
        )


class RelatedPane(OptionList):
    """Related articles; Enter on one that is in the feed goes there."""

    COMMANDS_GROUP = RELATED
    BINDINGS: ClassVar[list[BindingType]] = bindings(RELATED)

    class Jump(Message):
        """The reader chose an article of the feed from the related pane."""

        def __init__(self, uid: int) -> None:
            super().__init__()
            self.uid = uid

    def __init__(self, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self._targets: list[int | None] = []

    def show_sections(self, sections: RelatedSections) -> None:
        """Replace the list with ``sections``."""
        now = self.clock()
        options: list[Option] = []
        targets: list[int | None] = []

        def heading(text: str) -> None:
            options.append(Option(Content.styled(text, "bold reverse"), disabled=True))
            targets.append(None)

        if sections.same_story:
            heading(f" Same story ({len(sections.same_story)}) ")
            for report in sections.same_story:
                options.append(Option(self._article_prompt(report, now)))
                targets.append(report.uid)
        if sections.related:
            heading(f" Related ({len(sections.related)}) ")
            for entry, article in sections.related:
                options.append(Option(self._related_prompt(entry, article, now)))
                targets.append(article.uid if article else None)
        if sections.cited_by:
            heading(f" Cited by ({len(sections.cited_by)}) ")
            for article in sections.cited_by:
                options.append(Option(self._article_prompt(article, now)))
                targets.append(article.uid)
        if sections.more_like_this:
            heading(" More like this ")
            for article in sections.more_like_this:
                options.append(Option(self._article_prompt(article, now)))
                targets.append(article.uid)
        if not options:
            options.append(Option(Content("Nothing related."), disabled=True))
            targets.append(None)
        self.clear_options()
        self.add_options(options)
        self._targets = targets
        first = next((index for index, option in enumerate(options) if not option.disabled), None)
        self.highlighted = first

    def clear_sections(self, note: str = "") -> None:
        """Empty the pane, with a note of the app's own (not feed text)."""
        self.clear_options()
        self._targets = []
        if note:
            self.add_option(Option(Content(note), disabled=True))
            self._targets.append(None)

    def _article_prompt(self, article: Article, now: datetime) -> Content:
        age = relative_age(article.published_at, now)
        meta = " · ".join(part for part in (article.provider.name, age) if part)
        return join_lines(
            [
                Content.assemble(Content.styled("→ ", "bold"), feed_text(article.title, "bold")),
                feed_text(f"  {meta}", "dim"),
            ]
        )

    def _related_prompt(self, entry: Related, article: Article | None, now: datetime) -> Content:
        title = entry.title or (article.title if article else "") or entry.url or "(untitled)"
        age = relative_age(entry.published_at, now)
        meta = " · ".join(part for part in (entry.provider.name, age) if part)
        marker = Content.styled("→ in feed ", "bold") if article else Content("  ")
        lines = [Content.assemble(marker, feed_text(title, "bold"))]
        if meta:
            lines.append(feed_text(f"  {meta}", "dim"))
        if article is None:
            excerpt = entry.excerpt[:_EXCERPT_CHARS]
            if len(entry.excerpt) > _EXCERPT_CHARS:
                excerpt += "…"
            if excerpt:
                lines.append(feed_text(f"  {excerpt}"))
            if entry.url:
                lines.append(feed_text(f"  {entry.url}", "dim underline"))
        return join_lines(lines)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        target = self._targets[index] if 0 <= index < len(self._targets) else None
        if target is not None:
            self.post_message(self.Jump(target))
