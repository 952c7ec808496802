"""Story detection: which articles report the same event (see docs/stories.md).

Two articles are linked when they share a canonical URL, or when they are within a few
days of each other and the IDF-weighted cosine of their signatures (a few hashed words
each, :mod:`.signature`) reaches the threshold, or a lower one when one names the other
among its ``related`` entries. A story is a connected group of linked articles.

A full build looks at the articles in date order with an inverted index of the words of
the last few days only (each article is compared with the reports of its window,
through the words they share, never with the whole feed); articles with no date are
then compared with every article through the words they use. An update after a change
places only the new, changed and orphaned articles (the members of a story that lost a
member may no longer be linked): an index of just the days around them, the rest of
the stories kept as they are.

The builder keeps what updates need between builds, packed (about 150 bytes an article
beside the signatures, which the articles hold): the story label of each uid, the
number of articles using each word, the article holding each URL, the days.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.stories.canonical_url import canonical_url
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import NO_DAY, day_of, signature_day, signature_words
from tui_reader.data.stories.story_index import StoryIndex, first_report_key, lead_key, story_id_of
from tui_reader.data.stories.story_params import DEFAULT_PARAMS, StoryParams

Articles = Mapping[int, Article]
_UNKNOWN = -1.0
"""A norm not computed yet."""


def story_day(article: Article) -> int:
    """The day an article is compared on: its date, else the one its first lines give."""
    if article.published_at is not None:
        return day_of(article.published_at)
    return signature_day(article.story_signature)


def url_hash(url: str) -> int:
    """A 64-bit hash of the canonical form of ``url`` (stable, for packed maps)."""
    digest = hashlib.blake2b(canonical_url(url).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "little", signed=True)


def url_hashes(article: Article) -> set[int]:
    return {url_hash(url) for url in article.urls}


class StoryBuilder:
    """Stories of a store, built once and then brought up to date change by change."""

    def __init__(self, store: Store, params: StoryParams = DEFAULT_PARAMS) -> None:
        self.store = store
        self.params = params
        self._reset()

    def _reset(self) -> None:
        self.generation = -1
        self._labels = array("i")
        self._members: dict[int, list[int]] = {}
        """Label -> uids, for stories of two articles or more (a label is one of them)."""
        self._ordered: dict[int, tuple[int, ...]] = {}
        self._ids: dict[int, str] = {}
        self._signatures: list[bytes | None] = []
        self._days = array("i")
        self._norms = array("d")
        self._by_day: dict[int, array[int]] = {}
        self._undated: set[int] = set()
        self._counts = PackedMap()
        """Word hash -> how many articles use it."""
        self._total = 0
        self._urls = PackedMap()
        """Canonical URL hash -> an article with that URL (checked when used)."""
        self._touched: set[int] = set()

    # -- state ------------------------------------------------------------------------

    def index(self) -> StoryIndex:
        """The stories as built so far (a copy the builder never changes)."""
        return StoryIndex(
            self.store,
            self.generation,
            array("i", self._labels),
            dict(self._ordered),
            dict(self._ids),
        )

    @property
    def nbytes(self) -> int:
        """Bytes the builder keeps between updates (signatures excluded: the articles hold them)."""
        arrays = (len(self._labels) + len(self._days)) * 4 + len(self._norms) * 8
        days = sum(64 + 4 * len(uids) for uids in self._by_day.values())
        stories = sum(64 + 8 * len(uids) for uids in self._members.values()) * 2
        pointers = 8 * len(self._signatures)
        return arrays + days + stories + pointers + self._counts.nbytes + self._urls.nbytes

    def _grow(self, size: int) -> None:
        missing = size - len(self._labels)
        if missing > 0:
            self._labels.extend([-1] * missing)
            self._days.extend([NO_DAY] * missing)
            self._norms.extend([_UNKNOWN] * missing)
            self._signatures.extend([None] * missing)

    # -- a whole feed -----------------------------------------------------------------

    def build(self, articles: Articles, generation: int) -> None:
        """Cluster every article of ``articles`` (uid -> article) from scratch."""
        self._reset()
        self._grow(max(articles, default=-1) + 1)
        counts: Counter[int] = Counter()
        for uid, article in articles.items():
            self._take(uid, article)
            counts.update(signature_words(article.story_signature))
        self._total = len(articles)
        cap = self.params.common_cap(self._total)
        weights = self._weights_by_count(self._total, cap)
        get = counts.get

        def matchable(uid: int) -> list[tuple[int, float]]:
            found = []
            for word in signature_words(self._signatures[uid] or b""):
                count = get(word, 0)
                if 2 <= count <= cap:
                    found.append((word, weights[count]))
            return found

        for uid, article in articles.items():
            self._norms[uid] = self._norm(article.story_signature, get, weights, cap)
        self._link_dated(sorted(uid for uid in articles if uid not in self._undated), matchable)
        if self._undated:
            self._link_undated(list(articles), matchable)
        self._counts = PackedMap(counts)
        holders: dict[int, int] = {}
        for uid, article in articles.items():
            for known in url_hashes(article):
                holder = holders.setdefault(known, uid)
                if holder != uid:
                    self._union(uid, holder)
        self._urls = PackedMap(holders)
        self._link_related(list(articles), articles, cited_by=False)
        self._finish(articles, generation)

    def _take(self, uid: int, article: Article) -> None:
        """Record one article's day and signature (it starts as a story of its own)."""
        self._labels[uid] = uid
        self._signatures[uid] = article.story_signature
        day = story_day(article)
        self._days[uid] = day
        if day == NO_DAY:
            self._undated.add(uid)
        else:
            known = self._by_day.get(day)
            if known is None:
                self._by_day[day] = array("i", [uid])
            else:
                known.append(uid)

    @staticmethod
    def _weights_by_count(total: int, cap: int) -> list[float]:
        """IDF squared by the number of articles using a word (0: too common to count)."""
        return [0.0] + [math.log((total + 1) / count) ** 2 for count in range(1, cap + 1)]

    @staticmethod
    def _norm(
        signature: bytes, count_of: Callable[[int, int], int], weights: list[float], cap: int
    ) -> float:
        total = 0.0
        for word in signature_words(signature):
            count = count_of(word, 0)
            if 1 <= count <= cap:
                total += weights[count]
        return math.sqrt(total)

    def _link_dated(
        self, uids: list[int], matchable: Callable[[int], list[tuple[int, float]]]
    ) -> None:
        """Link dated articles, in date order, with those of the days just before."""
        days = self._days
        uids.sort(key=days.__getitem__)
        window = self.params.window_days
        threshold = self.params.threshold
        norms = self._norms
        postings: dict[int, list[int]] = {}
        oldest = 0
        for uid in uids:
            day = days[uid]
            while days[uids[oldest]] < day - window:
                for word, _ in matchable(uids[oldest]):
                    leaving = postings[word]
                    del leaving[0]  # articles enter and leave in the same order
                    if not leaving:
                        del postings[word]
                oldest += 1
            scores: dict[int, float] = {}
            get = scores.get
            for word, weight in matchable(uid):
                posting = postings.get(word)
                if posting is None:
                    postings[word] = [uid]
                    continue
                for other in posting:
                    scores[other] = get(other, 0.0) + weight
                posting.append(uid)
            bar = threshold * norms[uid]
            for other, dot in scores.items():
                if dot >= bar * norms[other]:
                    self._union(uid, other)

    def _link_undated(
        self, uids: list[int], matchable: Callable[[int], list[tuple[int, float]]]
    ) -> None:
        """Link each article with no date to any article it is like, whatever its day."""
        undated = self._undated
        wanted: dict[int, list[int]] = {}
        for uid in undated:
            for word, _ in matchable(uid):
                wanted.setdefault(word, [])
        for uid in uids:
            for word, _ in matchable(uid):
                posting = wanted.get(word)
                if posting is not None:
                    posting.append(uid)
        threshold = self.params.threshold
        norms = self._norms
        for uid in undated:
            scores: dict[int, float] = {}
            get = scores.get
            for word, weight in matchable(uid):
                for other in wanted[word]:
                    if other != uid:
                        scores[other] = get(other, 0.0) + weight
            bar = threshold * norms[uid]
            for other, dot in scores.items():
                if dot >= bar * norms[other]:
                    self._union(uid, other)

    # -- an update --------------------------------------------------------------------

    def update(
        self,
        articles: Articles,
        changed: Iterable[int],
        generation: int,
        also_place: Iterable[int] = (),
    ) -> None:
        """Bring the stories up to ``articles`` after the uids ``changed`` were added,
        replaced or removed (``also_place``: known articles to link again, unchanged)."""
        self._grow(max(articles, default=-1) + 1)
        pending: set[int] = set(also_place)
        for uid in changed:
            if uid < len(self._labels) and self._labels[uid] >= 0:
                pending |= self._dissolve(self._labels[uid])
                self._forget(uid)
            pending.discard(uid)
            article = articles.get(uid)
            if article is not None:
                self._take(uid, article)
                self._total += 1
                for word in signature_words(article.story_signature):
                    self._counts.add(word, 1)
                pending.add(uid)
        pending = {uid for uid in pending if uid in articles}
        self._place(pending, articles)
        self._finish(articles, generation)

    def _forget(self, uid: int) -> None:
        """Take a removed (or about to be re-read) article out of every count."""
        signature = self._signatures[uid]
        if signature is not None:
            for word in signature_words(signature):
                self._counts.add(word, -1)
            self._total -= 1
        day = self._days[uid]
        if day == NO_DAY:
            self._undated.discard(uid)
        else:
            known = self._by_day.get(day)
            if known is not None and uid in known:
                known.remove(uid)
                if not known:
                    del self._by_day[day]
        self._labels[uid] = -1
        self._signatures[uid] = None
        self._days[uid] = NO_DAY

    def _dissolve(self, label: int) -> set[int]:
        """Undo a story (a member changed): its members are to be placed again."""
        members = self._members.pop(label, None)
        self._ordered.pop(label, None)
        self._ids.pop(label, None)
        if members is None:
            return set()
        for uid in members:
            self._labels[uid] = uid
        return set(members)

    def _place(self, pending: set[int], articles: Articles) -> None:
        """Link the ``pending`` articles with what they are like among the articles of
        their days (every article, for one with no date)."""
        if not pending:
            return
        params = self.params
        cap = params.common_cap(self._total)
        weights = self._weights_by_count(self._total, cap)
        counts = self._counts.get
        days = self._days
        window = params.window_days
        pool: set[int] = set()
        pending_days = {days[uid] for uid in pending}
        if NO_DAY in pending_days:
            pool.update(articles)
        else:
            for day in pending_days:
                for near in range(day - window, day + window + 1):
                    pool.update(self._by_day.get(near, ()))
            pool |= self._undated
        words_of: dict[int, list[tuple[int, float]]] = {}
        postings: dict[int, list[int]] = {}
        for uid in pending:
            found = []
            for word in signature_words(self._signatures[uid] or b""):
                count = counts(word, 0)
                if 2 <= count <= cap:
                    found.append((word, weights[count]))
                    postings.setdefault(word, [])
            words_of[uid] = found
            self._norms[uid] = self._norm(self._signatures[uid] or b"", counts, weights, cap)
        for uid in pool:
            for word in signature_words(self._signatures[uid] or b""):
                posting = postings.get(word)
                if posting is not None:
                    posting.append(uid)
        norm_of = self._norm_of
        for uid in pending:
            day = days[uid]
            scores: dict[int, float] = {}
            get = scores.get
            for word, weight in words_of[uid]:
                for other in postings[word]:
                    other_day = days[other]
                    if other != uid and (
                        day == NO_DAY or other_day == NO_DAY or abs(other_day - day) <= window
                    ):
                        scores[other] = get(other, 0.0) + weight
            bar = params.threshold * norm_of(uid)
            for other, dot in scores.items():
                if dot >= bar * norm_of(other):
                    self._union(uid, other)
        self._link_urls(pending, articles)
        self._link_related(list(pending), articles, cited_by=True)

    # -- links that are not words -----------------------------------------------------

    def _link_urls(self, uids: Iterable[int], articles: Articles) -> None:
        """Articles with the same canonical URL are one story."""
        urls = self._urls
        for uid in uids:
            for known in url_hashes(articles[uid]):
                holder = urls.get(known, -1)
                if holder != uid and self._holds(holder, known, articles):
                    self._union(uid, holder)
                else:
                    urls.set(known, uid)

    def _link_related(self, uids: list[int], articles: Articles, *, cited_by: bool) -> None:
        """A related entry naming another article of the feed: one story if the two are
        alike enough (``related_threshold``). ``cited_by``: the entries of other articles
        naming these too (an update; a full build sees every entry from its side)."""
        urls = self._urls
        for uid in uids:
            article = articles[uid]
            targets = {urls.get(url_hash(url), -1) for url in article.related_urls}
            if cited_by:
                # KeyError, RuntimeError: the store changed meanwhile (the next update sees it).
                with contextlib.suppress(KeyError, RuntimeError):
                    targets.update(citing.uid for citing in self.store.cited_by(article))
            for other in targets:
                if other != uid and self._holds_any(other, articles):
                    self._link_if_related(uid, other)

    def _holds(self, holder: int, known: int, articles: Articles) -> bool:
        article = articles.get(holder)
        return article is not None and self._labels[holder] >= 0 and known in url_hashes(article)

    def _holds_any(self, uid: int, articles: Articles) -> bool:
        return uid in articles and 0 <= uid < len(self._labels) and self._labels[uid] >= 0

    def _link_if_related(self, uid: int, other: int) -> None:
        days = self._days
        day, other_day = days[uid], days[other]
        window = self.params.window_days
        if day != NO_DAY and other_day != NO_DAY and abs(day - other_day) > window:
            return
        if self.similarity(uid, other) >= self.params.related_threshold:
            self._union(uid, other)

    def similarity(self, uid: int, other: int) -> float:
        """The weighted cosine of two articles' signatures (0 when either has none)."""
        first = self._signatures[uid] or b""
        second = self._signatures[other] or b""
        shared = set(signature_words(first)).intersection(signature_words(second))
        if not shared or not self._norm_of(uid) or not self._norm_of(other):
            return 0.0
        cap = self.params.common_cap(self._total)
        weights = self._weights_by_count(self._total, cap)
        dot = 0.0
        for word in shared:
            count = self._counts.get(word)
            if 2 <= count <= cap:
                dot += weights[count]
        return dot / (self._norm_of(uid) * self._norm_of(other))

    def _norm_of(self, uid: int) -> float:
        """The norm of an article's signature, computed when first needed after a
        restore (the word counts have changed little since it was cached)."""
        norm = self._norms[uid]
        if norm == _UNKNOWN:
            cap = self.params.common_cap(self._total)
            weights = self._weights_by_count(self._total, cap)
            norm = self._norm(self._signatures[uid] or b"", self._counts.get, weights, cap)
            self._norms[uid] = norm
        return norm

    # -- stories ----------------------------------------------------------------------

    def _union(self, first: int, second: int) -> None:
        labels = self._labels
        one, two = labels[first], labels[second]
        if one == two:
            return
        members_one = self._members.pop(one, None) or [one]
        members_two = self._members.pop(two, None) or [two]
        if len(members_one) < len(members_two):
            one, two = two, one
            members_one, members_two = members_two, members_one
        for uid in members_two:
            labels[uid] = one
        members_one.extend(members_two)
        self._members[one] = members_one
        for label in (one, two):
            self._ordered.pop(label, None)
            self._ids.pop(label, None)
        self._touched.add(one)

    def _finish(self, articles: Articles, generation: int) -> None:
        """Order the members of every story that changed, best first, and name it."""
        for label in self._touched:
            members = self._members.get(label)
            if members is None:
                continue
            chosen = [articles[uid] for uid in members if uid in articles]
            ordered = sorted(chosen, key=lead_key)
            self._ordered[label] = tuple(article.uid for article in ordered)
            self._ids[label] = story_id_of(min(chosen, key=first_report_key))
        self._touched.clear()
        self.generation = generation

    # -- the story cache --------------------------------------------------------------

    def restore(
        self,
        articles: Articles,
        known: Iterable[int],
        stories: Iterable[list[int]],
        counts: PackedMap,
        total: int,
        urls: PackedMap,
    ) -> None:
        r"""Take stories computed before (the story cache): ``known`` are the uids whose
        files are as they were then, ``stories`` their stories (every member known),
        ``counts``/``total`` the word counts then, ``urls`` canonical URL hash -> uid.
        The caller then :meth:`update`\ s with
        the other articles."""
        self._reset()
        self._grow(max(articles, default=-1) + 1)
        known = [uid for uid in known if uid in articles]
        for uid in known:
            self._take(uid, articles[uid])
        self._counts = counts
        self._total = total
        for members in stories:
            for uid in members[1:]:
                self._union(members[0], uid)
        self._urls = urls

    def stories(self) -> Iterable[tuple[int, ...]]:
        """The members of every story of two or more articles."""
        return self._ordered.values()

    @property
    def urls(self) -> PackedMap:
        """Canonical URL hash -> an article with that URL (for the story cache)."""
        return self._urls

    @property
    def counts(self) -> tuple[PackedMap, int]:
        """How many articles use each word, and how many articles there are."""
        return self._counts, self._total
