"""The indexes the reader derives from its feed's store: the matcher (the query engine's
index), the similar articles and the stories, built ahead of need.

Each index checks the store's generation itself (nothing invalidates it by hand);
:meth:`FeedIndexes.prepare` builds them all in the screen's prepare worker, from
snapshots, so that the UI thread finds them ready.
"""

from __future__ import annotations

from tui_reader.data.session import FeedSession
from tui_reader.data.store import SortKey
from tui_reader.data.stories.feed_stories import FeedStories, story_cache_for
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.triage import TriageView
from tui_reader.query import Matcher
from tui_reader.ui.similar import SimilarArticles


class FeedIndexes:
    """The matcher, the similar articles and the stories of one session's store."""

    def __init__(self, session: FeedSession, triage: TriageView | None = None) -> None:
        self.session = session
        self.triage = triage
        """The triage state whose flag bitsets the matcher's index gets ahead of need."""
        self.stories = FeedStories(session.store, story_cache_for(session))
        self.matcher = Matcher(session.store, session.bodies, stories=self.stories)
        self.similar = SimilarArticles(session.store)

    def prepare(self, sort: SortKey) -> StoryIndex | None:
        """Build every index now (in a worker thread: each piece builds from a snapshot
        and is used only if the store has not moved on meanwhile). Returns the stories
        as they were when the stories changed, else None."""
        self.session.store.prepare(sort)
        self.matcher.prepare(self.triage)
        self.similar.prepare()
        before = self.stories.current
        self.stories.prepare()
        self.matcher.prepare_stories()
        self.stories.prepare_updates()  # last: nothing on screen waits for it
        return before if self.stories.current is not before else None

    def keep_story_error(self) -> None:
        """A story cache that could not be read or written becomes a load error (listed
        by the errors screen): on the UI thread, after :meth:`prepare`."""
        if self.stories.error is not None:
            self.session.errors.append(self.stories.error)
            self.stories.error = None

    def story_moved(self, before: StoryIndex, uid: int) -> bool:
        """Whether the story of ``uid`` has other reports now than in ``before``."""
        return before.members(uid) != self.stories.current.members(uid)
