"""What the engine derives once per store: folded text and bitsets, by date position.

Articles are numbered by their position in the date order (newest first), so that
"ties broken by date" is simply ascending position, and ``after:``/``before:`` are
ranges of positions.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Sequence, Set
from itertools import repeat

from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.store import SortKey, Store
from tui_reader.data.tokens import fold
from tui_reader.data.triage import Flag, TriageView
from tui_reader.query import bitset
from tui_reader.query.atoms import TextField
from tui_reader.query.body_positions import BodyPositions
from tui_reader.query.field_postings import FieldPostings
from tui_reader.query.positions import PositionsByUid, page_key, snapshot
from tui_reader.query.vocabulary import Vocabulary

# Longest text whose substring bitset is cached (a 3-character word and its word-start form).
SHORT_SUBSTRING = 4
# 100,000 articles make a 12.5 kB bitset: the cache stays below ~13 MB.
_SHORT_CACHE_SIZE = 1024
# Above this many changed keys, rebuilding a flag's bitset costs less than patching it.
_INCREMENTAL_KEYS = 2048
# Bitsets of the reader's tags kept at once (the flags' are always kept).
_KEY_BITS_CACHE_SIZE = 256


class SearchIndex:
    """Folded titles, the vocabulary, field postings and triage bitsets of one store's
    articles."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.generation, self.uids, articles = snapshot(store)
        """The store's generation this index was built from, and its date order."""
        self.size = len(self.uids)
        self.all = bitset.full(self.size)
        self.articles = articles
        # The raw-text operators ('exact, ^prefix, suffix$) scan the folded titles;
        # provider names and domains repeat, so they are tested once per distinct value.
        # Both get a leading space, so that " word" finds a word start, the first too.
        self.titles = [" " + fold(a.title) for a in articles]
        self.vocabulary = Vocabulary(articles, self.titles)
        self.fields = FieldPostings(articles)
        """What each value of a front-matter field selects (``provider:``, ``after:``…)."""
        self._char_bits: dict[str, int] = {}
        self._short_bits: dict[str, int] = {}
        self._orders: dict[SortKey, list[int]] = {}
        self._position_of: PositionsByUid | None = None
        self._position_of_path: dict[str, int] | None = None
        self._urls: dict[str, int] | None = None
        self._folded_urls: list[str] | None = None  # built by the first url: substring
        self._flag_bits: dict[Hashable, tuple[TriageView, int, int]] = {}
        self._folded_notes: tuple[TriageView, int, dict[str, str]] | None = None
        self._body_positions: BodyPositions | None = None

    def prepare(self, bodies: FeedBodies | None = None, triage: TriageView | None = None) -> None:
        """Do now what the first keystrokes would otherwise pay for (call off the UI
        thread): the one-letter words, the provider and domain values, given the
        feed's body indexes the map from their documents to positions and, given the
        triage state, the bitset of each flag (the header's unread count, the views)."""
        self.vocabulary.prepare(self.vocabulary.first_characters())
        for text_field in (TextField.PROVIDER, TextField.DOMAIN):
            self.fields.values(text_field)
        if bodies is not None:
            self.body_positions(bodies)
        if triage is not None:
            for flag in Flag:
                # The generation first, then a copy of the live set (one C-level copy,
                # safe while the UI thread triages): a change made meanwhile is patched
                # in from the keys changed since, when the bitset is next asked for.
                generation = triage.generation
                bits = self._bits_of_keys(frozenset(triage.keys_with(flag)))
                self._flag_bits[flag] = (triage, generation, bits)

    def forget_queries(self) -> None:
        """Drop what earlier queries left in caches (what ``prepare`` built stays)."""
        self.vocabulary.forget()
        if self._body_positions is not None:
            self._body_positions.forget()

    def body_positions(self, bodies: FeedBodies) -> BodyPositions:
        """``body:`` hits of ``bodies`` as positions of this index (made on first use)."""
        if self._body_positions is None or self._body_positions.bodies is not bodies:
            self._body_positions = BodyPositions(self, bodies)
        return self._body_positions

    # -- text ---------------------------------------------------------------------

    def contains(self, text: str, candidates: int) -> int:
        """The candidates whose title, provider name or domain contains ``text``."""
        return self._test(candidates, operator.contains, text) | self._values_test(
            candidates, operator.contains, text
        )

    def char_bits(self, char: str) -> int:
        """Articles whose title, provider name or domain contains ``char`` (cached)."""
        bits = self._char_bits.get(char)
        if bits is None:
            flags = bytes(map(operator.contains, self.titles, repeat(char)))
            bits = bitset.from_flags(flags, self.size)
            bits |= self._values_test(self.all, operator.contains, char)
            self._char_bits[char] = bits
        return bits

    def short_substring_bits(self, text: str) -> int:
        """Articles whose title, provider or domain contains ``text`` of at most 4
        characters (cached).

        One scan of every title, then a bitset: short words (and their word-start forms)
        recur from query to query, and a 2-3 character word matches so many articles
        that scanning only the survivors of a prefilter is no cheaper.
        """
        if len(text) > SHORT_SUBSTRING:
            raise ValueError(f"{text!r} is longer than {SHORT_SUBSTRING} characters")
        bits = self._short_bits.get(text)
        if bits is None:
            if len(self._short_bits) >= _SHORT_CACHE_SIZE:
                self._short_bits.clear()
            bits = self._short_bits[text] = self.contains(text, self._may_contain(text))
        return bits

    def _may_contain(self, text: str) -> int:
        """A cheap superset of the articles containing ``text``, from cached bitsets."""
        narrowed = self.chars_prefilter(text, self.all)
        # Typing extends words: the bitsets of the shorter pieces are usually known.
        for piece in (text[:-1], text[1:]):
            known = self._short_bits.get(piece)
            if known is not None:
                narrowed &= known
        # Gathering a dense subset costs more than scanning everything.
        return narrowed if narrowed.bit_count() * 2 < self.size else self.all

    def chars_prefilter(self, text: str, candidates: int, *, allow_missing: int = 0) -> int:
        """Candidates containing every character of ``text`` (or all but one)."""
        chars = sorted({char for char in text if char != " "}, key=self.char_bits_count)
        if not chars:
            return candidates
        sets = [self.char_bits(char) for char in chars]
        every = candidates
        for bits in sets:
            every &= bits
        if allow_missing <= 0 or len(sets) < 2:
            return every
        # Union of "all but one": prefix and suffix intersections, O(len(chars)) big-int ops.
        prefix = [candidates]
        for bits in sets:
            prefix.append(prefix[-1] & bits)
        suffix = [self.all]
        for bits in reversed(sets):
            suffix.append(suffix[-1] & bits)
        suffix.reverse()
        result = every
        for skipped in range(len(sets)):
            result |= prefix[skipped] & suffix[skipped + 1]
        return result

    def char_bits_count(self, char: str) -> int:
        return self.char_bits(char).bit_count()

    def starts_or_ends(self, text: str, candidates: int, *, prefix: bool) -> int:
        """Candidates whose title, provider name or domain starts (ends) with ``text``."""
        test = str.startswith if prefix else str.endswith
        wanted = " " + text if prefix else text
        return self._test(candidates, test, wanted) | self._values_test(candidates, test, wanted)

    def _test(self, candidates: int, test: Callable[[str, str], bool], text: str) -> int:
        """The candidates whose folded title passes ``test(title, text)``."""
        return self.scan(candidates, test, self.titles, text)

    def scan(
        self,
        candidates: int,
        test: Callable[[str, str], bool],
        column: Sequence[str],
        text: str,
    ) -> int:
        """The candidates whose entry of ``column`` (one per position) passes ``test``."""
        if not candidates:
            return 0
        if candidates == self.all:
            flags = bytes(map(test, column, repeat(text)))
            return bitset.from_flags(flags, self.size)
        chosen = bitset.positions(candidates, self.size)
        hits = [
            position
            for position, hit in zip(
                chosen, map(test, self.subset(column, chosen), repeat(text)), strict=True
            )
            if hit
        ]
        return bitset.from_positions(hits, self.size)

    def _values_test(self, candidates: int, test: Callable[[str, str], bool], text: str) -> int:
        """The candidates whose provider name or domain passes ``test(" " + value, text)``."""
        chosen = [
            posting
            for text_field in (TextField.PROVIDER, TextField.DOMAIN)
            for value, posting in self.fields.values(text_field).items()
            if test(" " + value, text)
        ]
        return self.fields.union(chosen) & candidates

    @staticmethod
    def subset(column: Sequence[str], chosen: list[int]) -> list[str]:
        """``column`` at the ``chosen`` positions, gathered in C."""
        if not chosen:
            return []
        if len(chosen) == 1:
            return [column[chosen[0]]]
        return list(operator.itemgetter(*chosen)(column))

    # -- triage -------------------------------------------------------------------

    def flag_bits(self, flag: Flag, triage: TriageView) -> int:
        """Articles whose key carries ``flag`` in ``triage``."""
        return self.key_bits(flag, triage.keys_with(flag), triage)

    def key_bits(self, name: Hashable, keys: Set[str], triage: TriageView) -> int:
        """Articles whose key is in ``keys``, a live set of ``triage`` (the keys with a
        flag, a tag of the reader's, a note) that ``name`` stands for.

        Kept per name and brought up to date from the keys that changed since, so a
        triage action costs work in the keys it touched, not in the feed.
        """
        cached = self._flag_bits.get(name)
        if cached is not None and cached[0] is triage:
            _, generation, bits = cached
            if generation == triage.generation:
                return bits
            changed = triage.changed_since(generation)
            if changed is not None and len(changed) <= _INCREMENTAL_KEYS:
                for key in changed:
                    has = key in keys
                    for position in self._positions_of_key(key):
                        bits = bits | (1 << position) if has else bits & ~(1 << position)
                self._flag_bits[name] = (triage, triage.generation, bits)
                return bits
        if len(self._flag_bits) >= _KEY_BITS_CACHE_SIZE:
            self._flag_bits = {k: v for k, v in self._flag_bits.items() if isinstance(k, Flag)}
        bits = self._bits_of_keys(keys)
        self._flag_bits[name] = (triage, triage.generation, bits)
        return bits

    def _bits_of_keys(self, keys: Iterable[str]) -> int:
        positions = [p for key in keys for p in self._positions_of_key(key)]
        return bitset.from_positions(positions, self.size)

    def note_bits(self, text: str, triage: TriageView) -> int:
        """Articles whose note (the reader's) contains the folded ``text``.

        Notes are written by hand, so they are few: they are folded once per triage
        generation and scanned, which costs in the notes, not in the feed.
        """
        folded = self._folded_notes
        if folded is None or folded[0] is not triage or folded[1] != triage.generation:
            notes = {key: fold(triage.note(key)) for key in triage.keys_with_note()}
            folded = self._folded_notes = (triage, triage.generation, notes)
        positions = [
            p
            for key, note in folded[2].items()
            if text in note
            for p in self._positions_of_key(key)
        ]
        return bitset.from_positions(positions, self.size)

    def _positions_of_key(self, key: str) -> Iterable[int]:
        by_uid = self._positions_by_uid()
        for uid in self.store.uids_of_key(key):
            position = by_uid.get(uid)
            if position is not None:
                yield position

    # -- order --------------------------------------------------------------------

    def order(self, key: SortKey) -> list[int]:
        """Positions in the order of ``key`` (cached)."""
        order = self._orders.get(key)
        if order is None:
            by_uid = self._positions_by_uid()
            order = [by_uid[uid] for uid in self.store.sorted_uids(key)]
            self._orders[key] = order
        return order

    def position_of(self, uid: int) -> int | None:
        """The date position of ``uid`` (None when the index does not know it)."""
        return self._positions_by_uid().get(uid)

    def position_of_path(self, path: str) -> int | None:
        """The date position of the article loaded from ``path`` (built on first use)."""
        if self._position_of_path is None:
            self._position_of_path = {a.path: p for p, a in enumerate(self.articles)}
        return self._position_of_path.get(path)

    # -- URLs ---------------------------------------------------------------------

    def url_bits(self, url: str) -> int:
        """Articles known by ``url`` (original or web URL), compared as the same page."""
        if self._urls is None:
            grouped: dict[str, list[int]] = {}
            for position, article in enumerate(self.articles):
                for known in article.urls:
                    grouped.setdefault(page_key(known), []).append(position)
            self._urls = {
                key: bitset.from_positions(found, self.size) for key, found in grouped.items()
            }
        return self._urls.get(page_key(url), 0)

    def url_contains(self, text: str, candidates: int) -> int:
        """Candidates whose URL contains ``text`` (case-insensitively)."""
        if self._folded_urls is None:
            self._folded_urls = [" ".join(a.urls).lower() for a in self.articles]
        return self.scan(candidates, operator.contains, self._folded_urls, text.lower())

    def _positions_by_uid(self) -> PositionsByUid:
        if self._position_of is None:
            self._position_of = PositionsByUid(self.uids)
        return self._position_of
