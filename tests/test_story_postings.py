"""The feed's postings (word -> articles using it), which place articles with no date,
answer what reading every signature answers: after articles are added, changed and
removed, for words too common to be indexed, and whatever counts they were built from."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from story_support import VOCABULARY

from tui_reader.data.stories.feed_postings import FeedPostings, scan_postings
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.signature import signature_words, story_signature

titles = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)


def signature(title: str) -> bytes:
    return story_signature(title, "", "", dated=True)


def every_word() -> list[int]:
    return sorted({word for name in VOCABULARY for word in signature_words(signature(name))})


def counted(signatures: list[bytes | None], skew: int) -> PackedMap:
    """The word counts of ``signatures``, off by ``skew`` (the builder's counts can run
    high: files removed while the app was closed are still counted)."""
    counts: Counter[int] = Counter()
    for one in signatures:
        counts.update(signature_words(one or b""))
    return PackedMap({word: count + skew for word, count in counts.items()})


def assert_finds_what_a_scan_finds(postings: FeedPostings, signatures: list[bytes | None]) -> None:
    words = every_word()
    found = postings.find(words)
    expected = scan_postings(range(len(signatures)), words, signatures)
    assert {word: sorted(uids) for word, uids in found.items()} == expected


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(titles, max_size=12),
    changes=st.lists(
        st.tuples(st.sampled_from(("add", "change", "remove")), st.integers(0, 30), titles),
        max_size=25,
    ),
    most=st.integers(1, 6),
    skew=st.sampled_from((0, 2, -1)),
)
def test_the_postings_answer_what_a_scan_of_every_signature_answers(
    first: list[str],
    changes: list[tuple[str, int, str]],
    most: int,
    skew: int,
) -> None:
    signatures: list[bytes | None] = [signature(title) for title in first]
    postings = FeedPostings(signatures, counted(signatures, skew), most)
    assert_finds_what_a_scan_finds(postings, signatures)
    for verb, pick, title in changes:
        if verb == "add":
            signatures.append(signature(title))
            postings.add(len(signatures) - 1, signatures[-1] or b"")
            continue
        present = [uid for uid, one in enumerate(signatures) if one is not None]
        if not present:
            continue
        uid = present[pick % len(present)]
        postings.remove(uid, signatures[uid] or b"")
        signatures[uid] = signature(title) if verb == "change" else None
        if verb == "change":
            postings.add(uid, signatures[uid] or b"")
        assert_finds_what_a_scan_finds(postings, signatures)
    assert_finds_what_a_scan_finds(postings, signatures)


def test_a_word_too_common_when_built_is_still_found_once_it_is_rare() -> None:
    signatures: list[bytes | None] = [signature("ferry strike") for _ in range(5)]
    signatures.append(signature("alder bridge"))
    postings = FeedPostings(signatures, counted(signatures, 0), 2)
    for uid in range(1, 5):
        postings.remove(uid, signatures[uid] or b"")
        signatures[uid] = None
    (ferry,) = signature_words(signature("ferry"))
    assert postings.find([ferry]) == {ferry: [0]}
    assert postings.nbytes > 0
