"""The stories of a feed, kept between runs: a warm start does not cluster again.

One file per set of feed paths, beside the metadata cache, written atomically. It holds
no pickle and no text, only packed arrays behind a fixed header: the identity of every
article clustered (a hash of its path, size and modification time), the stories of two
or more of them (as indexes into that list), and the word counts updates need. A file
that is short, foreign, of another format or made with other story parameters is
ignored (the stories are computed again), never trusted.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui_reader.data.model import Article
from tui_reader.data.stories.packed_map import PackedMap
from tui_reader.data.stories.story_params import StoryParams

STORY_CACHE_FORMAT = 1
_MAGIC = b"TRSTORY\0"
_HEADER = struct.Struct("<8sIIqqqqqqq")
"""magic, format, params crc, articles counted, then the byte lengths of the identities,
the stories, the word keys, the word counts, the URL keys and the URL holders."""


def identity(article: Article) -> int:
    """Which file version an article was read from: path, size and modification time."""
    text = f"{article.path}\0{article.size}\0{article.mtime_ns}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little", signed=True)


@dataclass(frozen=True, slots=True)
class CachedStories:
    """What a story cache file holds."""

    identities: array[int]
    """The identity of every article clustered."""
    stories: list[list[int]]
    """Stories of two or more articles, as indexes into ``identities``."""
    counts: PackedMap
    total: int
    urls: PackedMap
    """Canonical URL hash -> the index (into ``identities``) of an article with it."""


class StoryCache:
    """The story cache file of the feed at ``paths``."""

    def __init__(self, paths: Sequence[str], directory: Path, params: StoryParams) -> None:
        roots = "\0".join(sorted(os.path.realpath(path) for path in paths))
        digest = hashlib.sha256(roots.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = directory / f"stories-{digest[:24]}.bin"
        self._params = zlib.crc32(repr(params.fingerprint()).encode())

    def load(self) -> CachedStories | None:
        """The cached stories; None when absent, stale or unreadable."""
        try:
            with open(self.path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, version, params, total, *lengths = _HEADER.unpack_from(data)
        if (magic, version, params) != (_MAGIC, STORY_CACHE_FORMAT, self._params):
            return None
        if total < 0 or any(length < 0 for length in lengths):
            return None
        if _HEADER.size + sum(lengths) != len(data):
            return None
        blobs = []
        at = _HEADER.size
        for length in lengths:
            blobs.append(data[at : at + length])
            at += length
        identities_bytes, stories_bytes, keys, values, url_keys, url_values = blobs
        if len(identities_bytes) % 8 or len(stories_bytes) % 4:
            return None
        identities = array("q")
        identities.frombytes(identities_bytes)
        flat = array("i")
        flat.frombytes(stories_bytes)
        stories = _unflatten(flat, len(identities))
        counts = PackedMap.from_bytes(keys, values)
        urls = PackedMap.from_bytes(url_keys, url_values)
        if stories is None or counts is None or urls is None:
            return None
        if any(not 0 <= index < len(identities) for _, index in urls.items()):
            return None
        return CachedStories(identities, stories, counts, total, urls)

    def save(self, cached: CachedStories) -> None:
        """Replace the file atomically (the caller reports an OSError)."""
        flat = array("i")
        for story in cached.stories:
            flat.append(len(story))
            flat.extend(story)
        keys, values = cached.counts.to_bytes()
        url_keys, url_values = cached.urls.to_bytes()
        blobs = (cached.identities.tobytes(), flat.tobytes(), keys, values, url_keys, url_values)
        header = _HEADER.pack(
            _MAGIC, STORY_CACHE_FORMAT, self._params, cached.total, *map(len, blobs)
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-stories-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(header)
                for blob in blobs:
                    stream.write(blob)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise


def _unflatten(flat: array[int], size: int) -> list[list[int]] | None:
    """``[n, i1..in, n, …]`` back into lists; None when it does not parse."""
    stories: list[list[int]] = []
    at = 0
    while at < len(flat):
        count = flat[at]
        story = list(flat[at + 1 : at + 1 + count])
        if count < 2 or len(story) != count or not all(0 <= i < size for i in story):
            return None
        stories.append(story)
        at += 1 + count
    return stories
