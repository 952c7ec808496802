"""What a digest holds: its entries (an article, and what the reader added to it), in
groups under headings, and the query it was made from."""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.data.model import Article


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One article of a digest: what the file says, and what the reader added."""

    article: Article
    excerpt: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    story: tuple[int, str] | None = None
    """For ``--group story``: where the article's story comes among those of the digest
    (the order of their first report) and its heading (its best report's title)."""


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """A heading (empty when the digest is not grouped) and its articles, in order."""

    name: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """What a digest holds: the query it was made from, how it is grouped, the groups."""

    query: str
    group_by: str
    groups: tuple[DigestGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.groups)
