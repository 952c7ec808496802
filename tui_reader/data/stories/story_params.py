"""The numbers that decide when two reports are one story (tuned: docs/stories.md)."""

from __future__ import annotations

from dataclasses import astuple, dataclass


@dataclass(frozen=True, slots=True)
class StoryParams:
    """How story detection compares articles.

    Two articles are one story when they have the same canonical URL, or when they were
    published within ``window_days`` of each other (an article with no date is compared
    with every day) and the cosine of their signatures, words weighted by IDF (how rare
    each word is in the feed), reaches ``threshold``. A ``related`` entry naming the
    other article lowers that bar to ``related_threshold``: evidence, not proof (a
    follow-up is related, and different). A word used by more than ``common_fraction``
    of the articles (and at least ``common_floor`` of them) says nothing about which
    event an article reports, and is not compared.
    """

    window_days: int = 3
    threshold: float = 0.3
    related_threshold: float = 0.2
    common_fraction: float = 0.005
    common_floor: int = 20

    def common_cap(self, articles: int) -> int:
        """The most articles a word may be in and still be compared."""
        return max(self.common_floor, int(articles * self.common_fraction))

    def fingerprint(self) -> tuple[int | float, ...]:
        """What the story cache is valid for (other numbers: cluster again)."""
        return astuple(self)


DEFAULT_PARAMS = StoryParams()
