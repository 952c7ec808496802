"""Publish and unpublish from the keys: the ``published`` value written into the files.

Publish acts on the rows (the selection, after asking, or the row under the cursor),
never on the other reports of a story: it writes a file, and a story is published once,
as the report chosen. A file that changed on disk since it was read is refused, and said
so; the rest are written.
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.data.model import Article
from tui_reader.data.triage import PublishTarget, TriageError, plural
from tui_reader.data.writeback import Expected
from tui_reader.ui.bulk_question import ask_before
from tui_reader.ui.safe_text import feed_text, join_lines
from tui_reader.ui.triage_context import TriageContext


class PublishCommand:
    """Toggles ``published`` on the rows through the triage state (one undo step)."""

    def __init__(self, context: TriageContext) -> None:
        self.context = context

    def toggle(self) -> None:
        context = self.context
        articles = context.rows()
        if not articles:
            context.app.bell()
            return
        value = not all(article.published is True for article in articles)
        subject = context.subject(articles)
        if context.marked:
            ask_before(
                context,
                None,
                value,
                subject,
                articles,
                lambda: self._bulk(articles, value, subject),
            )
        else:
            self._publish(articles, value, subject)

    def _bulk(self, articles: list[Article], value: bool, subject: str) -> None:
        self.context.selection.clear()
        self._publish(articles, value, subject)

    def _publish(self, articles: list[Article], value: bool, subject: str) -> None:
        context = self.context
        targets = [
            PublishTarget(a.key, a.path, Expected.of_scan(a.size, a.mtime_ns)) for a in articles
        ]
        try:
            outcome = context.state.publish(targets, value)
        except TriageError as error:
            context.failed(error)
            return
        verb = "published" if value else "unpublished"
        if outcome.refused:
            lines = [Content(f"{plural(len(outcome.refused), 'file')} not {verb}:")]
            lines += [feed_text(str(error)) for error in outcome.refused]
            context.warn(join_lines(lines), severity="error")
        for warning in outcome.warnings:
            context.warn(feed_text(str(warning)), severity="warning")
        if outcome.step is not None:
            written = len(outcome.step.keys)
            what = subject if written == len(articles) else plural(written)
            context.done(outcome.step, outcome.step.action.past.format(n=what))
        elif outcome.unchanged and not outcome.refused:
            context.say(f"Already {verb}.")
