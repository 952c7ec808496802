"""What ``bench_app.py`` reads off the reader's screen: the one place that knows its wording."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tmux_pane import Capture

TITLE_PREFIX = 16
"""Characters of a title that identify an article row on screen (rows cut titles short)."""


class AppScreen:
    """Everything the harness reads off the reader's screen: the one place that knows it.

    Today's app (``ui/status_header.py``, ``ui/filter_bar.py``) shows, in its first row,
    ``<feed>  1,000/1,000 shown  999 unread  [loading 40%]  sort: date``, and, when the
    filter is open, a bar below it that ends with ``<matches> of <total>``. Article rows
    show the start of their title. When that wording changes, change this class.
    """

    HEADER_ROWS = 1
    LOADING = re.compile(r"\bloading\b", re.IGNORECASE)
    NUMBER = re.compile(r"\d[\d,]*")
    FILTER_COUNT = re.compile(r"(\d[\d,]*) of (\d[\d,]*)")
    FILTER_ROWS = 3

    def __init__(self, total: int, titles: Iterable[str]) -> None:
        self.total = total
        self.prefixes = frozenset(t[:TITLE_PREFIX] for t in titles if len(t) >= TITLE_PREFIX)

    @staticmethod
    def _number(text: str) -> int:
        return int(text.replace(",", ""))

    def full_list(self, capture: Capture) -> bool:
        """The header counts the whole feed and no longer says it is loading."""
        header = " ".join(capture.lines[: self.HEADER_ROWS])
        numbers = {self._number(n) for n in self.NUMBER.findall(header)}
        return self.total in numbers and not self.LOADING.search(header)

    def filter_count(self, capture: Capture) -> int | None:
        """The filter bar's match count, or None when the bar is not shown."""
        for line in capture.lines[: self.FILTER_ROWS]:
            for match in self.FILTER_COUNT.finditer(line):
                if self._number(match[2]) == self.total:
                    return self._number(match[1])
        return None

    def filter_row(self, capture: Capture) -> str:
        """The row of the filter bar (what was typed is in it), or ''."""
        for line in capture.lines[: self.FILTER_ROWS]:
            if any(self._number(m[2]) == self.total for m in self.FILTER_COUNT.finditer(line)):
                return line
        return ""

    def shows_rows(self, capture: Capture) -> bool:
        """At least one article row (a known title start) is on screen."""
        prefixes, width = self.prefixes, TITLE_PREFIX
        for line in capture.lines[self.HEADER_ROWS :]:
            for start in range(len(line) - width + 1):
                if line[start : start + width] in prefixes:
                    return True
        return False

    def changed(self, before: Capture, now: Capture) -> bool:
        """Anything below the header differs (styles too, for styled captures)."""
        return before.body(self.HEADER_ROWS) != now.body(self.HEADER_ROWS)
