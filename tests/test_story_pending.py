"""An update's walk over the pending articles links exactly what it would link with every
norm computed first: it skips computing the norm of an article that shares too little
with a pending one to link whatever that norm is (docs/stories.md, "Updates")."""

from __future__ import annotations

from array import array
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from story_support import VOCABULARY

from tui_reader.data.stories.feed_postings import scan_postings
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import NO_DAY, signature_words, story_signature
from tui_reader.data.stories.story_params import StoryParams
from tui_reader.data.stories.word_links import link_pending
from tui_reader.data.stories.word_weights import WordWeights

titles = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=10).map(" ".join)


def links(titles: list[str], pending: int, threshold: float, *, norms_first: bool) -> set[tuple]:
    signatures = [story_signature(title, "", "", dated=True) for title in titles]
    counts: Counter[int] = Counter()
    for one in signatures:
        counts.update(signature_words(one))
    words = WordWeights(StoryParams(threshold=threshold, common_floor=len(titles)))
    words.grow(len(signatures))
    words.signatures[:] = signatures
    words.counts = PackedMap(counts)
    words.total = len(signatures)
    if norms_first:
        for uid in range(len(signatures)):
            words.norm_of(uid)
    found = words.place(range(pending))
    wanted = {word for matched in found.values() for word, _ in matched}
    postings = scan_postings(range(len(signatures)), wanted, words.signatures)
    linked: set[tuple] = set()
    days = array("i", [NO_DAY] * len(signatures))
    link_pending(found, postings, days, words, 3, threshold, lambda a, b: linked.add((a, b)))
    return linked


@settings(max_examples=150, deadline=None)
@given(
    feed=st.lists(titles, min_size=2, max_size=14),
    pending=st.integers(1, 4),
    threshold=st.floats(0.05, 0.95),
)
def test_skipping_norms_links_what_computing_every_norm_links(
    feed: list[str], pending: int, threshold: float
) -> None:
    pending = min(pending, len(feed))
    lazily = links(feed, pending, threshold, norms_first=False)
    assert lazily == links(feed, pending, threshold, norms_first=True)


def test_two_alike_reports_are_linked_with_the_other_norm_unknown() -> None:
    feed = ["alder bridge girder kessel", "alder bridge girder marsh", "ferry strike crews"]
    assert links(feed, 1, 0.3, norms_first=False) == {(0, 1)}
