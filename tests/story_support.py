"""Helpers for the story tests: the labelled truth table, partitions by relative path."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from tui_reader.data.stories.feed_stories import FeedStories

FIXTURE = Path(__file__).parent / "fixtures" / "stories.json"


def truth() -> dict[str, list[str]]:
    """The labelled stories of the sample feed, by name."""
    stories: dict[str, list[str]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["stories"]
    return stories


def near_misses() -> list[tuple[str, str]]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))["near_misses"]
    return [(one, other) for one, other, _why in rows]


def partition(stories: FeedStories) -> set[frozenset[str]]:
    """The stories of two or more articles, as sets of relative paths."""
    store = stories.store
    return {
        frozenset(store[uid].rel_path for uid in members)
        for members in stories.current.multi_member_stories()
    }


def pairs(groups: object) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for group in groups  # type: ignore[attr-defined]
        for pair in itertools.combinations(sorted(group), 2)
    }


def precision_recall(found: set[frozenset[str]], expected: list[list[str]]) -> tuple[float, float]:
    """Pairwise precision and recall (every pair of articles put in one story)."""
    found_pairs, true_pairs = pairs(found), pairs(expected)
    hits = len(found_pairs & true_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    return precision, hits / len(true_pairs)


VOCABULARY = (
    *("alder", "bridge", "girder", "ferry", "strike", "council", "harbour", "lease"),
    *("satellite", "orbit", "library", "fork", "rebate", "hospital", "breach", "heatwave"),
    *("phone", "school", "crews", "detour", "kessel", "marsh", "vasquez"),
)
"""Words of the sample feed's stories, for signatures made up by property tests."""
