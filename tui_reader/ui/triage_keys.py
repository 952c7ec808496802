"""Triage, plugged into the reader: read, star, archive, publish, your tags and notes, undo,
selection, dwell.

:class:`TriageKeys` is a container around the reader's panes: its bindings are in the
key chain whenever a pane has focus, and it sees the list's cursor messages as they
bubble past, so it needs no hook in the screen. It changes the triage state and says
what it did with :class:`TriageKeys.Changed`; the screen decides what to repaint.
Without a state (a feed of single files with no folder, a read-only preview) every
triage command is disabled.

The actions are thin: each command is a helper given one :class:`TriageContext` (the
state, the feed, the list, the selection): :class:`FlagCommands`,
:class:`PublishCommand`, :class:`TagsAndNotes`, :class:`UndoCommand`,
:class:`UnreadMoves`, :class:`ReadDwell` and :class:`RowSelection`. Every action says
what it did, naming the article (or how many), and how to undo it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Container
from textual.message import Message

from tui_reader.data.session import FeedSession
from tui_reader.data.triage import Step, TriageError, TriageState, plural
from tui_reader.query.views import View
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.command_table import TRIAGE, bindings
from tui_reader.ui.read_dwell import ReadDwell
from tui_reader.ui.scheduler import Scheduler, TimerScheduler
from tui_reader.ui.triage_context import TriageContext
from tui_reader.ui.triage_flags import FlagCommands
from tui_reader.ui.triage_notes import TagsAndNotes
from tui_reader.ui.triage_publish import PublishCommand
from tui_reader.ui.triage_undo import UndoCommand
from tui_reader.ui.unread_moves import UnreadMoves

REFRESH_SECONDS = 2.0
"""How often the state is checked for another instance's changes (cheap when none)."""


class TriageKeys(Container):
    """The triage commands over the panes it contains."""

    COMMANDS_GROUP = TRIAGE
    BINDINGS: ClassVar[list[BindingType]] = bindings(TRIAGE)

    DEFAULT_CSS = """
    TriageKeys { height: 1fr; }
    """

    class Changed(Message):
        """The state changed by ``step`` (or by its undo); ``step`` None: by someone else."""

        def __init__(self, step: Step | None, *, undone: bool = False) -> None:
            super().__init__()
            self.step = step
            self.undone = undone

    class Selection(Message):
        """How many articles are selected for a bulk action."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class ViewChosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self,
        session: FeedSession,
        state: TriageState | None,
        *,
        read_dwell: float,
        scheduler: Scheduler | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.state = state
        self.context = TriageContext(
            self,
            session,
            state,
            changed=lambda step, undone: self.post_message(self.Changed(step, undone=undone)),
            selected=lambda count: self.post_message(self.Selection(count)),
        )
        self.selection = self.context.selection
        self.dwell = ReadDwell(self.context, scheduler or TimerScheduler(self), read_dwell)
        self.flags = FlagCommands(self.context, self.dwell)
        self.publisher = PublishCommand(self.context)
        self.annotations = TagsAndNotes(self.context)
        self.undoer = UndoCommand(self.context)
        self.moves = UnreadMoves(self.context)

    def on_mount(self) -> None:
        self.article_list.marked = self.marked
        if self.state is not None:
            self.set_interval(REFRESH_SECONDS, self.poll_state)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def marked(self) -> set[int]:
        """Rows selected for a bulk action (by uid)."""
        return self.selection.marked

    @property
    def commands_available(self) -> bool:
        """Whether there is a state to triage (else the commands are not offered)."""
        return self.state is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a state there is nothing to triage: the keys fall through.
        if action == "clear_selection":
            # Nothing selected: Escape goes on (to clear the filter).
            return self.state is not None and self.selection.active
        return self.state is not None

    # -- following the cursor ---------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _cursor_moved(self, event: ArticleList.Highlighted) -> None:
        # Any cursor move starts the wait again: passing over a row never marks it.
        self.dwell.restart(event.uid)
        self.selection.follow_cursor()

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        self.dwell.opened(event.uid)

    # -- flags, publish, tags and notes, undo -----------------------------------------

    def action_toggle_flag(self, name: str) -> None:
        self.flags.toggle(name)

    def action_read_all_shown(self) -> None:
        self.flags.read_rows(range(len(self.article_list.uids)), "shown article")

    def action_read_above(self) -> None:
        self.flags.read_rows(range(self.article_list.cursor, -1, -1), "article", where="above")

    def action_read_below(self) -> None:
        rows = range(self.article_list.cursor, len(self.article_list.uids))
        self.flags.read_rows(rows, "article", where="below")

    def action_toggle_publish(self) -> None:
        self.publisher.toggle()

    def action_edit_tags(self) -> None:
        """Ask which tags to add (``word``) or remove (``-word``) on the targets."""
        self.annotations.edit_tags()

    def action_edit_note(self) -> None:
        """Open the note of the article under the cursor (or being read)."""
        self.annotations.edit_note()

    def action_undo(self) -> None:
        self.undoer.undo()

    # -- moving -----------------------------------------------------------------------

    def action_next_unread(self, direction: int) -> None:
        self.moves.next_unread(direction)

    def action_read_and_next(self) -> None:
        self.moves.read_and_next()

    # -- selection and views ----------------------------------------------------------

    def action_toggle_mark(self) -> None:
        uid = self.article_list.cursor_uid
        if uid is None:
            self.app.bell()
            return
        self.selection.toggle(uid)
        self.article_list.move_cursor(self.article_list.cursor + 1)

    def action_select_range(self) -> None:
        article_list = self.article_list
        uid = article_list.cursor_uid
        if self.selection.ranging:
            self.selection.end_range()
            self.context.say(f"Range done: {plural(len(self.marked))} selected.")
            return
        if uid is None:
            self.app.bell()
            return
        self.selection.start_range(uid, article_list.cursor)
        self.context.say(
            "Selecting a range: j/k stretch it, m s a p act on it, "
            f"{self.context.key_for('select_range')} ends it, Esc clears."
        )

    def action_clear_selection(self) -> None:
        count = len(self.marked)
        self.selection.clear()
        self.context.say(f"Selection cleared ({plural(count)}).")

    def action_view(self, name: str) -> None:
        self.post_message(self.ViewChosen(View(name)))

    # -- keeping in line with the state -----------------------------------------------

    def poll_state(self) -> None:
        """Pick up what another instance on this feed changed."""
        if self.state is None:
            return
        try:
            changed = self.state.refresh()
        except TriageError as error:
            self.context.failed(error)
            return
        if changed:
            self.post_message(self.Changed(None))
