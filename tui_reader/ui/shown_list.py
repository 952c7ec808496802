"""The list as the reader sees it: the answer to the list's question on the list, the
count (or what is wrong with the query) beside the filter, why the list is empty when it
is (with the key that leaves that state), and the header's status line.

The screen holds the question (its reactives make a :class:`ListQuery`) and binds the
header to the :class:`~tui_reader.ui.status_header.FeedStatus` it gets from here;
:class:`ShownList` runs the question over the matcher and keeps the result shown.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from tui_reader.data.folder_scan import ARTICLE_SUFFIXES
from tui_reader.data.session import FeedSession
from tui_reader.data.triage import TriageView
from tui_reader.query import IndexNotReady, Matcher, MatchResult
from tui_reader.query.views import View
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.filter_bar import FilterBar
from tui_reader.ui.list_query import ListQuery
from tui_reader.ui.live_feed import LiveFeed
from tui_reader.ui.safe_text import feed_text
from tui_reader.ui.sort_order import order_phrase
from tui_reader.ui.status_header import FeedStatus

INDEX_AT_ONCE = 2000
"""Up to this many articles, a query that needs the search index builds it at once (a
few milliseconds); over, the list waits for the prepare worker to build it, and says so:
at 100,000 articles a build takes about a second, far too long for the UI thread."""


class ShownList:
    """The result shown of one feed's list, and what is said about it; ``key_for`` names
    the key that runs a command now."""

    def __init__(
        self,
        session: FeedSession,
        live: LiveFeed,
        matcher: Matcher,
        triage: TriageView,
        key_for: Callable[[str], str],
    ) -> None:
        self.session = session
        self.live = live
        self.matcher = matcher
        self.triage = triage
        self.key_for = key_for
        self.result = MatchResult("", ())
        """The answer shown on the list."""
        self.note = ""
        """What the live watch last changed ("12:04 2 new, 1 changed")."""
        self.waiting: bool | None = None
        """The list waits for the search index (built in a worker), to be run again
        keeping the cursor (True) or not (False); None: it does not wait."""

    def show(
        self,
        question: ListQuery,
        article_list: ArticleList,
        filter_bar: FilterBar,
        *,
        keep_cursor: bool,
    ) -> bool:
        """Run ``question`` and show its answer on ``article_list`` and ``filter_bar``;
        False while it waits for the search index (the list stays as it was); a query
        that cannot run shows no rows and says why, on the list and on the bar."""
        at_once = len(self.session.store) <= INDEX_AT_ONCE
        try:
            result, error = question.run(self.matcher, self.triage, build_index=at_once)
        except IndexNotReady:
            # The list stays as it was until the worker has built the index.
            self.waiting = keep_cursor
            filter_bar.show_indexing()
            self.live.want_index()
            return False
        self.waiting = None
        if result is None:
            # No rows of a query the reader did not type (the one before the bad term):
            # the list says the query is invalid, the bar says why (the term is in sight
            # in the input; the list names it too).
            assert error is not None
            filter_bar.show_error(f"invalid: {error.message}")
            self.result = MatchResult(question.text, ())
            invalid = self.invalid_message(f"{error.term}: {error.message}")
            article_list.show_result(self.result, keep_cursor=keep_cursor, empty=invalid)
            return True
        self.result = result
        empty = self.empty_message(question.text, question.view) if not result.uids else None
        article_list.show_result(result, keep_cursor=keep_cursor, empty=empty)
        if error is not None:
            filter_bar.show_error(error.message, incomplete=True)
        else:
            filter_bar.show_count(len(result.uids), len(self.session.store), result.body_progress)
        return True

    def status(self, question: ListQuery, selected: int) -> FeedStatus:
        """The header's status: the list shown as ``question`` asks, ``selected`` rows."""
        progress = self.live.progress
        return FeedStatus(
            feed_name=self.session.name,
            shown=len(self.result.uids),
            total=len(self.session.store),
            unread=self.matcher.unread_count(self.triage),
            loaded_files=progress.done,
            files=progress.total,
            loading=progress.loading,
            errors=len(self.session.errors),
            sort=order_phrase(question.sort, question.reverse),
            view=question.view.label if question.view is not None else "",
            selected=selected,
            note=self.note,
            poll_seconds=self.live.poll_seconds,
            bodies_indexed=self.live.bodies.indexed,
            bodies_total=self.live.bodies.total,
        )

    def invalid_message(self, problem: str) -> Content:
        """Why a query that cannot run shows no rows, and the keys that leave it."""
        key = self.key_for
        return feed_text(
            f"Invalid query: {problem}. {key('filter')} edits it, {key('clear_filter')} clears it."
        )

    def empty_message(self, query_text: str, view: View | None) -> Content:
        """Why the list is empty, and the key that leaves this state."""
        key = self.key_for
        session = self.session
        if self.live.progress.loading:
            return Content("Loading the feed…")
        if not len(session.store):
            errors = (
                f" {len(session.errors):,} files could not be read: {key('errors')} lists them."
                if session.errors
                else ""
            )
            return feed_text(
                f"No articles in {session.name or 'this folder'}. tui-reader reads "
                f"{', '.join(ARTICLE_SUFFIXES)} files with front matter.{errors} "
                f"{key('quit')} quits."
            )
        if query_text:
            where = f" in view {view.label}" if view not in (None, View.ALL) else ""
            return feed_text(
                f"Nothing matches “{query_text}”{where}. {key('clear_filter')} clears "
                f"the filter, {key('filter')} edits it."
            )
        show_all = f"{key('view_all')} shows all articles."
        messages = {
            View.UNREAD: f"Nothing unread here: all caught up. {show_all}",
            View.STARRED: f"No starred articles yet: {key('star')} stars one. {show_all}",
            View.ARCHIVED: f"Nothing archived: {key('archive')} archives one. {show_all}",
            View.ALL: f"Every article is archived. {key('view_archived')} shows them.",
        }
        return Content(messages.get(view, "Nothing to show.") if view else "")
