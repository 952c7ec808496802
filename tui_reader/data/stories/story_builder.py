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
member may no longer be linked): a dated one through an index of just the days around
it, one with no date through the postings of the whole feed (:mod:`.feed_postings`,
built by the first update that needs them), the rest of the stories kept as they are.

The builder keeps what updates need between builds, packed (about 70 bytes an article
beside the signatures, which the articles hold, and ~90 more once the feed's postings
are built): the story label of each uid (:mod:`.story_members`), the number of articles
using each word (:mod:`.word_weights`), the article holding each URL, the days. The
walks that compare articles by their words are :mod:`.word_links`; the links that are
not words (URLs, ``related`` entries) are here.
"""

from __future__ import annotations

import contextlib
import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping

from tui_reader.data.model import Article
from tui_reader.data.store import Store
from tui_reader.data.stories.canonical_url import canonical_url
from tui_reader.data.stories.feed_postings import FeedPostings, scan_postings
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import NO_DAY, day_of, signature_day, signature_words
from tui_reader.data.stories.story_index import StoryIndex
from tui_reader.data.stories.story_members import UNPLACED, StoryMembers
from tui_reader.data.stories.story_params import DEFAULT_PARAMS, StoryParams
from tui_reader.data.stories.word_links import link_dated, link_pending, link_undated
from tui_reader.data.stories.word_weights import WordWeights

Articles = Mapping[int, Article]


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


def _words_of(found: dict[int, list[tuple[int, float]]]) -> set[int]:
    return {word for matched in found.values() for word, _ in matched}


class StoryBuilder:
    """Stories of a store, built once and then brought up to date change by change."""

    def __init__(self, store: Store, params: StoryParams = DEFAULT_PARAMS) -> None:
        self.store = store
        self.params = params
        self._reset()

    def _reset(self) -> None:
        self.generation = -1
        self._stories = StoryMembers()
        self._words = WordWeights(self.params)
        self._days = array("i")
        self._by_day: dict[int, array[int]] = {}
        self._undated: set[int] = set()
        self._urls = PackedMap()
        """Canonical URL hash -> an article with that URL (checked when used)."""
        self._postings: FeedPostings | None = None
        """Word -> uids over the whole feed, once an update placed an undated article."""

    # -- state ------------------------------------------------------------------------

    def index(self) -> StoryIndex:
        """The stories as built so far (a copy the builder never changes)."""
        return self._stories.index(self.store, self.generation)

    @property
    def nbytes(self) -> int:
        """Bytes the builder keeps between updates (signatures excluded: the articles hold them)."""
        days = len(self._days) * 4 + sum(64 + 4 * len(uids) for uids in self._by_day.values())
        postings = self._postings.nbytes if self._postings is not None else 0
        return days + self._stories.nbytes + self._words.nbytes + self._urls.nbytes + postings

    def _grow(self, size: int) -> None:
        self._stories.grow(size)
        self._words.grow(size)
        missing = size - len(self._days)
        if missing > 0:
            self._days.extend([NO_DAY] * missing)

    # -- a whole feed -----------------------------------------------------------------

    def build(self, articles: Articles, generation: int) -> None:
        """Cluster every article of ``articles`` (uid -> article) from scratch."""
        self._reset()
        self._grow(max(articles, default=-1) + 1)
        counts: Counter[int] = Counter()
        for uid, article in articles.items():
            self._take(uid, article)
            counts.update(signature_words(article.story_signature))
        words = self._words
        words.total = len(articles)
        cap, weights = words.table()
        get = counts.get
        matchable = words.matchable(get, cap, weights)
        for uid in articles:
            words.set_norm(uid, get, weights, cap)
        params, union = self.params, self._stories.union
        dated = sorted(uid for uid in articles if uid not in self._undated)
        link_dated(
            dated, self._days, words.norms, matchable, params.window_days, params.threshold, union
        )
        if self._undated:
            link_undated(
                self._undated, list(articles), words.norms, matchable, params.threshold, union
            )
        words.counts = PackedMap(counts)
        holders: dict[int, int] = {}
        for uid, article in articles.items():
            for known in url_hashes(article):
                holder = holders.setdefault(known, uid)
                if holder != uid:
                    union(uid, holder)
        self._urls = PackedMap(holders)
        self._link_related(list(articles), articles, cited_by=False)
        self._finish(articles, generation)

    def _take(self, uid: int, article: Article) -> None:
        """Record one article's day and signature (it starts as a story of its own)."""
        self._stories.place(uid)
        self._words.signatures[uid] = article.story_signature
        if self._postings is not None:
            self._postings.add(uid, article.story_signature)
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
            label = self._stories.label(uid)
            if label != UNPLACED:
                pending |= self._stories.dissolve(label)
                self._forget(uid)
            pending.discard(uid)
            article = articles.get(uid)
            if article is not None:
                self._take(uid, article)
                self._words.count_in(article.story_signature)
                pending.add(uid)
        pending = {uid for uid in pending if uid in articles}
        self._place(pending, articles)
        self._finish(articles, generation)

    def _forget(self, uid: int) -> None:
        """Take a removed (or about to be re-read) article out of every count."""
        signature = self._words.signatures[uid]
        if self._postings is not None and signature is not None:
            self._postings.remove(uid, signature)
        self._words.forget(uid)
        day = self._days[uid]
        if day == NO_DAY:
            self._undated.discard(uid)
        else:
            known = self._by_day.get(day)
            if known is not None and uid in known:
                known.remove(uid)
                if not known:
                    del self._by_day[day]
        self._stories.unplace(uid)
        self._days[uid] = NO_DAY

    def _place(self, pending: set[int], articles: Articles) -> None:
        """Link the ``pending`` articles with what they are like among the articles of
        their days (every article, for one with no date: through the feed's postings)."""
        if not pending:
            return
        days, words, window = self._days, self._words, self.params.window_days
        found = words.place(pending)
        dated = {uid: matched for uid, matched in found.items() if days[uid] != NO_DAY}
        undated = {uid: matched for uid, matched in found.items() if days[uid] == NO_DAY}
        if dated:
            pool: set[int] = set(self._undated)
            for day in {days[uid] for uid in dated}:
                for near in range(day - window, day + window + 1):
                    pool.update(self._by_day.get(near, ()))
            postings = scan_postings(pool, _words_of(dated), words.signatures)
            self._link_pending(dated, postings)
        if undated:
            self._link_pending(undated, self._feed_postings().find(_words_of(undated)))
        self._link_urls(pending, articles)
        self._link_related(list(pending), articles, cited_by=True)

    def _link_pending(
        self, found: dict[int, list[tuple[int, float]]], postings: dict[int, list[int]]
    ) -> None:
        params = self.params
        link_pending(
            found,
            postings,
            self._days,
            self._words,
            params.window_days,
            params.threshold,
            self._stories.union,
        )

    def prepare_updates(self) -> None:
        """Build ahead what an update placing an article with no date needs (the feed's
        postings, ~0.75 s at 100,000 articles), so that update stays quick: the app's
        prepare worker calls it; the command line never does."""
        if self.generation >= 0:
            self._feed_postings()

    def _feed_postings(self) -> FeedPostings:
        """The postings of the whole feed, built when first needed (see
        :mod:`.feed_postings`): twice the common cap, as the counts drift until the next
        full build."""
        if self._postings is None:
            words = self._words
            most = 2 * self.params.common_cap(words.total)
            self._postings = FeedPostings(words.signatures, words.counts, most)
        return self._postings

    # -- links that are not words -----------------------------------------------------

    def _link_urls(self, uids: Iterable[int], articles: Articles) -> None:
        """Articles with the same canonical URL are one story."""
        urls = self._urls
        for uid in uids:
            for known in url_hashes(articles[uid]):
                holder = urls.get(known, -1)
                if holder != uid and self._holds(holder, known, articles):
                    self._stories.union(uid, holder)
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
        return (
            article is not None
            and self._stories.label(holder) != UNPLACED
            and known in url_hashes(article)
        )

    def _holds_any(self, uid: int, articles: Articles) -> bool:
        return uid in articles and self._stories.label(uid) != UNPLACED

    def _link_if_related(self, uid: int, other: int) -> None:
        days = self._days
        day, other_day = days[uid], days[other]
        window = self.params.window_days
        if day != NO_DAY and other_day != NO_DAY and abs(day - other_day) > window:
            return
        if self.similarity(uid, other) >= self.params.related_threshold:
            self._stories.union(uid, other)

    def similarity(self, uid: int, other: int) -> float:
        """The weighted cosine of two articles' signatures (0 when either has none)."""
        return self._words.similarity(uid, other)

    def _finish(self, articles: Articles, generation: int) -> None:
        """Order and name the stories that changed; the stories are of ``generation``."""
        self._stories.finish(articles)
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
        self._words.counts = counts
        self._words.total = total
        for members in stories:
            for uid in members[1:]:
                self._stories.union(members[0], uid)
        self._urls = urls

    def stories(self) -> Iterable[tuple[int, ...]]:
        """The members of every story of two or more articles."""
        return self._stories.stories()

    @property
    def urls(self) -> PackedMap:
        """Canonical URL hash -> an article with that URL (for the story cache)."""
        return self._urls

    @property
    def counts(self) -> tuple[PackedMap, int]:
        """How many articles use each word, and how many articles there are."""
        return self._words.counts, self._words.total
