"""The reader's own tags and notes, from the keys: a dialog asks, the triage state keeps.

Tags are edited on the targets (the selection, else the row under the cursor, and on a
list of one row a story every report of it): ``word`` adds a tag, ``-word`` removes it.
A note is written on the article under the cursor. Both are undo steps.
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.data.triage import TagEdit, TagError, TriageError, parse_tag_edit, tag_change_phrase
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.note_screen import NoteScreen
from tui_reader.ui.safe_text import feed_text, join_lines
from tui_reader.ui.tag_suggester import LastWordSuggester
from tui_reader.ui.triage_context import TriageContext, named


class TagsAndNotes:
    """Asks for tags or a note and hands the answer to the triage state."""

    def __init__(self, context: TriageContext) -> None:
        self.context = context

    def edit_tags(self) -> None:
        """Ask which tags to add (``word``) or remove (``-word``) on the targets."""
        context = self.context
        state = context.state
        articles = context.targets()
        if not articles:
            context.app.bell()
            return
        keys = list(dict.fromkeys(article.key for article in articles))
        present: dict[str, int] = {}
        for key in keys:
            for tag in state.tags(key):
                present[tag] = present.get(tag, 0) + 1
        subject = context.subject(articles)
        if present:
            listed = ", ".join(
                tag if count == len(keys) else f"{tag} ({count})" for tag, count in present.items()
            )
            now = feed_text(f"Tags now: {listed}")
        else:
            now = Content.styled("No tags of yours yet.", "italic")
        question = join_lines(
            [feed_text(f"Tags for {subject}:", "bold"), now, Content("word adds, -word removes")]
        )

        def check(text: str) -> str | None:
            try:
                parse_tag_edit(text)
            except TagError as error:
                return str(error)
            return None

        def answered(text: str | None) -> None:
            if text is not None:
                self._edit_tags(keys, parse_tag_edit(text), subject)

        context.app.push_screen(
            InputDialog(
                "Your tags",
                question,
                placeholder="e.g. briefing -draft",
                note="Enter: apply    →: complete    Escape: cancel",
                check=check,
                suggester=LastWordSuggester(lambda: list(state.tag_counts())),
            ),
            answered,
        )

    def _edit_tags(self, keys: list[str], edit: TagEdit, subject: str) -> None:
        context = self.context
        if edit.is_empty:
            return
        try:
            step = context.state.edit_tags(keys, edit)
        except TriageError as error:
            context.failed(error)
            return
        if step is None:
            context.say("The tags were already so.")
            return
        if context.marked:
            context.selection.clear()
        done = tag_change_phrase(step.added, step.removed, subject)
        context.done(step, f"{done[:1].upper()}{done[1:]}", timeout=None)

    def edit_note(self) -> None:
        """Open the note of the article under the cursor (or being read)."""
        context = self.context
        article = context.under_cursor()
        if article is None:
            context.app.bell()
            return
        state = context.state
        subject = feed_text(f"On {named(article)}", "bold")

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                step = context.state.set_note(article.key, text)
            except TriageError as error:
                context.failed(error)
                return
            if step is not None:  # unchanged: nothing to say
                context.done(step, "Note saved" if step.value else "Note removed")

        context.app.push_screen(NoteScreen(subject, state.note(article.key)), answered)
