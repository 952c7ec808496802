"""Triage flags and the read-only view of them that the query engine and the list use.

A flag is a bit of an article's ``bits``; a view answers by article key. Besides single
lookups, a view gives the set of keys carrying a flag and a ``generation`` that moves
whenever a flag changes, with the keys that changed since an earlier generation, so the
engine can keep per-flag bitsets up to date without walking the whole feed.

The view also holds the reader's own tags and notes on articles (schema version 3): they
change with triage, on the same generation, so ``tag:``, ``note:`` and ``has:`` follow
them the way ``is:`` follows the flags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from enum import Enum

from tui_reader.data.change_log import ChangeLog


class Flag(Enum):
    """A triage flag and its bit in the ``bits`` column."""

    READ = 1
    STARRED = 2
    ARCHIVED = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TriageFlags:
    """The flags of one article, with the reader's tags and note (``--list --json``)."""

    read: bool = False
    starred: bool = False
    archived: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of_bits(cls, bits: int) -> TriageFlags:
        # Made once for each combination: ``--list --json`` asks for every article.
        return _FLAGS_OF_BITS[bits & _ALL_BITS]


def _flags(bits: int) -> TriageFlags:
    return TriageFlags(
        read=bool(bits & Flag.READ.value),
        starred=bool(bits & Flag.STARRED.value),
        archived=bool(bits & Flag.ARCHIVED.value),
    )


_ALL_BITS = sum(flag.value for flag in Flag)
_FLAGS_OF_BITS = tuple(_flags(bits) for bits in range(_ALL_BITS + 1))


@dataclass(frozen=True, slots=True)
class TriageCounts:
    """How many articles are read, starred, archived (the overview)."""

    read: int = 0
    starred: int = 0
    archived: int = 0


_MASKS = tuple((flag, flag.value) for flag in Flag)


class TriageView:
    """Read-only triage flags by article key.

    Subclasses keep ``_bits`` (key -> flag bits, zero bits absent) and ``_keys`` (flag ->
    keys with it) in step through :meth:`_set_bits`, and bump ``generation`` on change.
    """

    def __init__(
        self,
        bits: Mapping[str, int] | None = None,
        tags: Mapping[str, Iterable[str]] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        self._bits: dict[str, int] = {}
        self._keys: dict[Flag, set[str]] = {flag: set() for flag in Flag}
        self._tags: dict[str, tuple[str, ...]] = {}
        self._tag_keys: dict[str, set[str]] = {}
        self._notes: dict[str, str] = {}
        self._log: ChangeLog[str] = ChangeLog()
        self._replace_all(dict(bits or {}), tags or {}, notes or {})

    # -- questions ------------------------------------------------------------------

    def has(self, flag: Flag, key: str) -> bool:
        """Whether ``key`` has ``flag``."""
        return bool(self._bits.get(key, 0) & flag.value)

    def is_read(self, key: str) -> bool:
        return self.has(Flag.READ, key)

    def is_starred(self, key: str) -> bool:
        return self.has(Flag.STARRED, key)

    def is_archived(self, key: str) -> bool:
        return self.has(Flag.ARCHIVED, key)

    def flags(self, key: str) -> TriageFlags:
        """The flags of ``key``, with its tags and note."""
        bits = TriageFlags.of_bits(self._bits.get(key, 0))
        tags, note = self._tags.get(key, ()), self._notes.get(key, "")
        return replace(bits, tags=tags, note=note) if tags or note else bits

    def keys_with(self, flag: Flag) -> Set[str]:
        """Every key carrying ``flag`` (a live view: do not keep it across changes)."""
        return self._keys[flag]

    def counts(self, keys: Iterable[str] | None = None) -> TriageCounts:
        """Counts over ``keys`` (distinct article keys), or over every key flagged."""
        if keys is None:
            return TriageCounts(*(len(self._keys[flag]) for flag in Flag))
        chosen = set(keys)
        return TriageCounts(*(len(self._keys[flag] & chosen) for flag in Flag))

    # -- the reader's tags and notes --------------------------------------------------

    def tags(self, key: str) -> tuple[str, ...]:
        """The reader's tags on ``key``, sorted (not the file's topics)."""
        return self._tags.get(key, ())

    def note(self, key: str) -> str:
        """The reader's note on ``key`` (empty: none)."""
        return self._notes.get(key, "")

    def keys_with_tag(self, tag: str) -> Set[str]:
        """Every key the reader tagged ``tag`` (a live view, like :meth:`keys_with`)."""
        return self._tag_keys.get(tag, _NO_KEYS)

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use and on how many keys, most used first, then by name."""
        counted = {tag: len(keys) for tag, keys in self._tag_keys.items() if keys}
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    def keys_with_tags(self) -> Set[str]:
        """Every key with at least one tag of the reader's."""
        return self._tags.keys()

    def keys_with_note(self) -> Set[str]:
        """Every key with a note."""
        return self._notes.keys()

    def changed_since(self, generation: int) -> Set[str] | None:
        """The keys whose flags, tags or note changed after ``generation``; None when
        not known (a wholesale reload, or too long ago): then everything may have
        changed."""
        return self._log.since(generation)

    @property
    def generation(self) -> int:
        """Moves whenever a flag, a tag or a note changes."""
        return self._log.generation

    # -- bookkeeping for subclasses -------------------------------------------------

    def _set_bits(self, changes: Mapping[str, int]) -> None:
        """Set the bits of some keys (one change of the generation)."""
        for key, bits in changes.items():
            for flag in Flag:
                if bits & flag.value:
                    self._keys[flag].add(key)
                else:
                    self._keys[flag].discard(key)
            if bits:
                self._bits[key] = bits
            else:
                self._bits.pop(key, None)
        if changes:
            self._log.record(changes)

    def _set_annotations(
        self,
        tags: Mapping[str, Iterable[str]] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        """Set the tags and/or the note of some keys (one change of the generation)."""
        for key, chosen in (tags or {}).items():
            for tag in self._tags.pop(key, ()):
                self._tag_keys[tag].discard(key)
            ordered = tuple(sorted(set(chosen)))
            if ordered:
                self._tags[key] = ordered
                for tag in ordered:
                    self._tag_keys.setdefault(tag, set()).add(key)
        for key, note in (notes or {}).items():
            if note:
                self._notes[key] = note
            else:
                self._notes.pop(key, None)
        changed = {*(tags or {}), *(notes or {})}
        if changed:
            self._log.record(changed)

    def _replace_all(
        self,
        bits: dict[str, int],
        tags: Mapping[str, Iterable[str]] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        """Replace every flag, tag and note (a reload from the database)."""
        self._bits = {key: value for key, value in bits.items() if value}
        # ``flag.value`` read once per flag, not per key (an Enum attribute is slow).
        self._keys = {
            flag: {key for key, value in self._bits.items() if value & mask}
            for flag, mask in _MASKS
        }
        self._tags = {}
        self._tag_keys = {}
        for key, chosen in (tags or {}).items():
            ordered = tuple(sorted(set(chosen)))
            if ordered:
                self._tags[key] = ordered
                for tag in ordered:
                    self._tag_keys.setdefault(tag, set()).add(key)
        self._notes = {key: note for key, note in (notes or {}).items() if note}
        self._log.record(None)


class NoTriage(TriageView):
    """The view before any triage: nothing read, starred or archived."""


class FixedTriage(TriageView):
    """Flags, tags and notes read once (``--list``), by key."""

    def __init__(
        self,
        flags: Mapping[str, TriageFlags],
        tags: Mapping[str, Iterable[str]] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        read, starred, archived = Flag.READ.value, Flag.STARRED.value, Flag.ARCHIVED.value
        super().__init__(
            {
                key: (read if f.read else 0)
                | (starred if f.starred else 0)
                | (archived if f.archived else 0)
                for key, f in flags.items()
            },
            tags if tags is not None else {key: f.tags for key, f in flags.items() if f.tags},
            notes if notes is not None else {key: f.note for key, f in flags.items() if f.note},
        )

    @classmethod
    def copy_of(cls, view: TriageView, keys: Set[str]) -> FixedTriage:
        """A snapshot of ``view``'s flags, tags and notes of ``keys`` (a state read once,
        then closed)."""
        snapshot = cls({})
        if keys >= view._bits.keys() | view._tags.keys() | view._notes.keys():
            # The usual case: copied in C, not key by key.
            snapshot._bits = dict(view._bits)
            snapshot._keys = {flag: set(found) for flag, found in view._keys.items()}
            snapshot._tags = dict(view._tags)
            snapshot._tag_keys = {tag: set(found) for tag, found in view._tag_keys.items()}
            snapshot._notes = dict(view._notes)
        else:
            snapshot._replace_all(
                {key: bits for key, bits in view._bits.items() if key in keys},
                {key: tags for key, tags in view._tags.items() if key in keys},
                {key: note for key, note in view._notes.items() if key in keys},
            )
        return snapshot


_NO_KEYS: frozenset[str] = frozenset()
