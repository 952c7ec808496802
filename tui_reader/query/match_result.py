"""What a query run hands the list and the CLI: uids in display order and what to show
for each row (highlights, body lines, the story's other reports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tui_reader.data.body_index import BodyProgress, Snippet
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.query.parsed_query import Query
from tui_reader.query.results import Highlight


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The articles a query selects, in display order, with what to highlight.

    For a query with ``body:`` terms, ``body_progress`` says how much of the feed the
    body index covered when it answered, and ``snippets`` hold a line of each hit.
    """

    query: str
    uids: Sequence[int]
    highlights: Mapping[int, Highlight] = field(default_factory=dict)
    parsed: Query | None = None
    body_progress: BodyProgress | None = None
    snippets: Mapping[int, Snippet] = field(default_factory=dict)
    stories: StoryIndex | None = None
    """The stories of a result of one row a story (``one_per_story``), else None."""

    def other_reports(self, uid: int) -> int:
        """How many other reports the story of the row ``uid`` has (0 unless one row a story)."""
        return self.stories.size(uid) - 1 if self.stories is not None else 0

    def highlight(self, uid: int) -> Highlight | None:
        """The spans to highlight in the row of ``uid``, if any."""
        return self.highlights.get(uid)

    def snippet(self, uid: int) -> Snippet | None:
        """The body line around the first ``body:`` hit of ``uid``, if any."""
        return self.snippets.get(uid)
