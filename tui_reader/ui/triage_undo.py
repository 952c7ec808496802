"""Undo from the keys: one step back through what the reader did, said in words.

A publish whose file changed since cannot be undone: the first ``u`` says so, a second
drops that step, so that older steps stay reachable. The words for each kind of step
(a flag, the tags, a note) are here.
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.data.triage import Step, TriageError, action_for, plural
from tui_reader.data.writeback import WriteBackError
from tui_reader.ui.safe_text import feed_text
from tui_reader.ui.triage_context import TriageContext, named


class UndoCommand:
    """Undoes the last step of the triage state and says what came back."""

    def __init__(self, context: TriageContext) -> None:
        self.context = context
        self._failed: int | None = None
        """The id of the step whose undo was just refused (a second ``u`` drops it)."""

    def undo(self) -> None:
        context = self.context
        state = context.state
        try:
            step = state.undo()
        except WriteBackError as error:
            self._refused(error)
            return
        except TriageError as error:
            context.failed(error)
            return
        self._failed = None
        if step is None:
            context.say("Nothing to undo.", timeout=None)
            return
        context.changed(step, undone=True)
        try:
            left = state.undo_depth()
        except TriageError:
            left = 0
        more = f" ({left:,} more to undo)" if left else ""
        context.say(f"Undone: {self._restored(step)}{more}")

    def _restored(self, step: Step) -> str:
        """What the undo of ``step`` put back, as a toast says it."""
        articles = [a for key in step.keys[:1] for a in self.context.store.by_key(key)]
        one = len(step.keys) == 1 and bool(articles)
        if step.annotates:
            what = "the tags" if step.kind == "tag" else "the note"
            return f"{what} of {named(articles[0]) if one else plural(len(step.keys))} as before"
        state = action_for(step.flag, not step.value).state
        if one:
            return f"{named(articles[0])} is {state} again"
        return f"{plural(len(step.keys))} are {state} again"

    def _refused(self, error: WriteBackError) -> None:
        """Say why the undo cannot be done; drop the step if it was refused just before."""
        context = self.context
        state = context.state
        try:
            step = state.peek_undo()
            if step is not None and step.id == self._failed:
                state.discard_last_step()
                self._failed = None
                context.say(f"Dropped from undo: {step.describe()}", timeout=None)
                return
        except TriageError as state_error:
            context.failed(state_error)
            return
        self._failed = step.id if step is not None else None
        message = Content.assemble(
            feed_text(str(error)), "\n", Content.styled("Press u again to drop this step.", "bold")
        )
        context.warn(message, severity="error")
