"""What a change made elsewhere repaints on the reader screen: files changed on disk (the
watch, or the app's own publish), new stories, more bodies indexed, and triage steps
(the reader's, an undo's or another instance's).

Whatever the change, the question is the same: does the list's query depend on it (then
the list is run again, the cursor kept on its article), or do only some rows and the
article shown need repainting. :class:`ChangeFollower` decides and does it, through the
screen's public side (:class:`ListOwner`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from textual.app import App

from tui_reader.data.changes import FeedChanges, StoreUpdate
from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.triage import Step
from tui_reader.ui.feed_indexes import FeedIndexes
from tui_reader.ui.live_feed import LiveFeed
from tui_reader.ui.panes import Panes
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.scheduler import Scheduler, TimerScheduler
from tui_reader.ui.shown_list import ShownList

NOTE_SECONDS = 60.0
"""How long the header says what the watch last changed ("14:04 1 changed")."""


class ListOwner(Protocol):
    """The reader screen as the follower sees it: its panes, and the list's question."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def one_per_story(self) -> bool: ...
    @property
    def panes(self) -> Panes: ...
    def refilter(self, keep_cursor: bool = False) -> None: ...
    def refresh_status(self) -> None: ...

    scheduler: Scheduler | None


class ChangeFollower:
    """Repaints ``owner``'s list (``shown``) and article after a change to its feed's
    session, its indexes or its triage state."""

    def __init__(
        self,
        owner: ListOwner,
        session: FeedSession,
        live: LiveFeed,
        indexes: FeedIndexes,
        shown: ShownList,
    ) -> None:
        self.owner = owner
        self.session = session
        self.live = live
        self.indexes = indexes
        self.shown = shown

    def _refilter(self) -> None:
        self.owner.refilter(keep_cursor=True)

    def prepare_indexes(self, sort: SortKey) -> None:
        """Build the indexes the list will want (in LiveFeed's worker thread, once the
        store has settled), the list in ``sort`` first; repaint for new stories."""
        before = self.indexes.prepare(sort)
        if before is not None:
            self.owner.app.call_from_thread(self.stories_changed, before)

    def indexes_prepared(self) -> None:
        """The prepare worker is done: a list waiting for the search index runs now."""
        if self.shown.waiting is not None:
            self.owner.refilter(keep_cursor=self.shown.waiting)

    def bodies_indexed(self) -> None:
        """More bodies are in the full-text index: a body search is answered again."""
        self.owner.refresh_status()
        parsed = self.shown.result.parsed
        if parsed is not None and parsed.body_terms():
            self._refilter()  # answer over what is indexed now

    def stories_changed(self, before: StoryIndex) -> None:
        """New stories: the rows of one a story, and the reports of the shown article
        (shown again only if its story changed: a reader in the middle of it stays)."""
        self.indexes.keep_story_error()
        owner = self.owner
        if owner.one_per_story or self.indexes.matcher.uses_stories(self.shown.result.parsed):
            self._refilter()
        reader = owner.panes.reader
        shown = reader.shown_uid
        store = self.session.store
        if shown is not None and shown in store and self.indexes.story_moved(before, shown):
            reader.show(shown)

    def feed_changed(self, changes: FeedChanges, update: StoreUpdate) -> None:
        """The watch (or the app's own write) changed the store by ``update``."""
        panes = self.owner.panes
        if not changes:
            notify_literal(panes.app, "Rescanned: no changes.")
            return
        article_list = panes.article_list
        shown = panes.reader.shown_uid
        note = self.shown.note = f"{datetime.now():%H:%M} {changes.summary()}"
        scheduler = self.owner.scheduler or TimerScheduler(panes.article_list)
        scheduler.call_later(NOTE_SECONDS, lambda: self._fade_note(note))
        self._refilter()
        for uid in update.replaced:
            article_list.refresh_article(uid)
        if shown is not None:
            # The article on display may be edited or deleted, and its related, cited-by
            # and similar articles may have come or gone: show what is there now.
            store = self.session.store
            panes.reader.show(shown if shown in store else article_list.cursor_uid)

    def _fade_note(self, note: str) -> None:
        """The header stops saying ``note`` (unless a newer change replaced it)."""
        if self.shown.note == note:
            self.shown.note = ""
            self.owner.refresh_status()

    def triage_changed(self, step: Step | None, *, undone: bool) -> None:
        """The triage state changed by ``step`` (or its undo; None: another instance)."""
        owner = self.owner
        detail_pane = owner.panes.reader.detail_pane
        if step is None:
            self._refilter()  # another instance: anything may differ
            detail_pane.refresh_yours()
            return
        articles = [a for key in step.keys for a in self.session.store.by_key(key)]
        parsed = self.shown.result.parsed
        if step.annotates:
            if parsed is not None and parsed.depends_on_annotations:
                self._refilter()
            detail_pane.refresh_yours()
        elif step.flag is None:
            # Publish wrote into the files: read them again, like any outside change.
            self.live.apply(self.session.reread(articles))
        elif parsed is not None and parsed.depends_on(step.flag):
            self._refilter()
        else:
            for article in articles:
                owner.panes.article_list.refresh_article(article.uid)
            owner.refresh_status()
        article_list = owner.panes.article_list
        if undone and articles and article_list.index_of(articles[0].uid) >= 0:
            owner.panes.go_to(articles[0].uid)  # to what the undo restored
