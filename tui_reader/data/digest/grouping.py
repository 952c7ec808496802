"""How a digest's entries are grouped: one table of groupings, by ``--group`` name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tui_reader.data.digest.model import DigestEntry, DigestGroup
from tui_reader.data.sanitize import fold

GroupKey = tuple[int, Any, str]
"""How a group sorts (rank, then a value) and its heading."""
Grouping = Callable[[DigestEntry], GroupKey]


def _by_provider(entry: DigestEntry) -> GroupKey:
    name = entry.article.provider.name or entry.article.provider.domain
    return (0, fold(name), name) if name else (1, "", "No provider")


def _by_topic(entry: DigestEntry) -> GroupKey:
    # An article is listed once, under its first topic (the file's own order).
    topics = entry.article.topics
    return (0, fold(topics[0]), topics[0]) if topics else (1, "", "No topic")


def _by_day(entry: DigestEntry) -> GroupKey:
    moment = entry.article.published_at
    if moment is None:
        return (1, 0, "Date unknown")
    day = moment.date()
    return (0, -day.toordinal(), day.isoformat())  # newest day first


def _by_story(entry: DigestEntry) -> GroupKey:
    if entry.story is None:  # no stories known: each article is its own
        return (1, entry.article.uid, entry.article.title)
    rank, heading = entry.story
    return (0, rank, heading)


GROUPINGS: dict[str, Grouping] = {
    "provider": _by_provider,
    "topic": _by_topic,
    "day": _by_day,
    "story": _by_story,
}
"""``--group`` by name: each maps an entry to its group. Providers and topics come in
name order, days newest first, stories in the order of their first report in the query's
order; inside a group the articles keep the order they came in (the query's). The CLI's
``--group`` choices follow from this table."""


def group_entries(entries: Sequence[DigestEntry], group_by: str = "") -> tuple[DigestGroup, ...]:
    """``entries`` in groups (one unnamed group when ``group_by`` is empty)."""
    if not group_by:
        return (DigestGroup("", tuple(entries)),) if entries else ()
    grouping = GROUPINGS[group_by]
    grouped: dict[tuple[int, Any], tuple[str, list[DigestEntry]]] = {}
    for entry in entries:
        rank, value, name = grouping(entry)
        found = grouped.setdefault((rank, value), (name, []))
        found[1].append(entry)
    return tuple(
        DigestGroup(name, tuple(members))
        for _, (name, members) in sorted(grouped.items(), key=lambda item: item[0])
    )
