"""Loading one path given on the command line: a folder through its metadata cache
(cached files first, the rest parsed in worker processes), or a single file.

What a load scanned is kept on the :class:`FeedRoot`, the watch's first snapshot.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter

from tui_reader.data.cache import CachedFile, FeedCache
from tui_reader.data.feed_roots import FeedRoot, scanned_file
from tui_reader.data.folder_scan import FeedFile, ScannedFile, scan
from tui_reader.data.gc_pause import gc_paused
from tui_reader.data.loader import LoadBatch, load_file, parse_all
from tui_reader.data.model import Article, LoadError
from tui_reader.data.records import Record, from_record, to_record

PARSED_BATCH_SECONDS = 1.0
"""While files are parsed, what was parsed is handed over about this often: each batch
costs the app a trip to its UI thread and counts over the growing feed (in chunks of
500, a cold start at 100k took twice as long as the CLI's)."""


def load_single(root: FeedRoot) -> LoadBatch:
    """The one file ``root`` names (raises OSError when it cannot be looked at)."""
    info = os.stat(root.path)
    path = root.path
    if os.path.islink(path):
        # Named on the command line: the link is the reader's choice. Its target is
        # what is read (now and when opened), inside the target's own folder.
        path = os.path.realpath(path)
    item = FeedFile(path, os.path.basename(path), info.st_size, info.st_mtime_ns, True)
    root.files = {item.path: item}
    loaded = load_file(item)
    if isinstance(loaded, LoadError):
        return LoadBatch(errors=[loaded], done=1, total=1)
    return LoadBatch(articles=[loaded], done=1, total=1)


def load_folder(root: FeedRoot, workers: int) -> Iterator[LoadBatch]:
    """The folder's articles and errors in batches: every cached file at once, then
    what is parsed, about once a second; the cache written when something changed."""
    cache = root.cache
    misses: list[FeedFile] = []
    with gc_paused():
        items, scan_errors = scan(root.path)
        files = root.files = dict(zip(map(itemgetter(0), items), items, strict=True))  # by path
        root.problems = set(scan_errors)
        total = len(items)
        batch = LoadBatch(errors=list(scan_errors), total=total)
        hits, errors = batch.articles, batch.errors
        made, stale = from_cache(cache, items) if cache else ([None] * total, False)
        known_errors: dict[str, CachedFile] = {}
        add_article, miss = hits.append, misses.append
        for item, found in zip(items, made, strict=True):  # in the scan's order
            if found is None:
                miss(item)  # not cached, changed, or an unusable record: parse it
            elif isinstance(found, str):
                errors.append(LoadError(item.path, found))
                known_errors[item.rel_path] = (item.size, item.mtime_ns, found)
            else:
                add_article(found)
                if not item.via_link:
                    files[item.path] = found  # stands in for its FeedFile (see ScannedFile)
        batch.done = len(hits) + len(known_errors)
        del made
    # Every cached file in one batch: they are all ready now, and each batch costs
    # the app a trip to its UI thread and, while the feed grows, a refresh of the
    # list (100k articles in batches of 2,000 took ~10 s to show; in one, ~0.1 s).
    yield batch
    batch = LoadBatch(done=batch.done, total=total)
    parsed: list[Article] = []
    shown = -PARSED_BATCH_SECONDS  # the first results are shown at once
    for results in parse_all(misses, workers):
        for item, outcome in results:
            if isinstance(outcome, str):
                known_errors[item.rel_path] = (item.size, item.mtime_ns, outcome)
            if not _add_outcome(batch, item, outcome, files):  # pragma: no cover - just made
                batch.errors.append(LoadError(item.path, "unexpected: an unusable record"))
        if time.monotonic() - shown >= PARSED_BATCH_SECONDS:
            shown = time.monotonic()
            parsed.extend(batch.articles)
            yield batch
            batch = LoadBatch(done=batch.done, total=total)
    if batch.articles or batch.errors:
        parsed.extend(batch.articles)
        yield batch
    if cache is not None and (misses or stale):
        # Records are not kept beside the Articles (they are about as big): the
        # cache is written from the Articles, a part at a time, when something changed.
        fresh = ((a.rel_path, (a.size, a.mtime_ns, to_record(a))) for a in (*hits, *parsed))
        error = save_cache(cache, chain(fresh, known_errors.items()))
        if error is not None:
            yield LoadBatch(errors=[error], done=batch.done, total=total)


def from_cache(cache: FeedCache, items: list[FeedFile]) -> tuple[list[Article | str | None], bool]:
    """For each of the scanned ``items``, in order: its Article made from the cache, the
    reason it failed to load when the cache holds that, or None (not cached, changed
    since, or an unusable record: parse it); and whether the cache holds files that are
    gone.

    Read part by part, each part dropped once used: the records and the Articles made
    of them (about as big) are never all in memory at once (~40 MB less at 100k). The
    loop runs once per cached file on every warm start (~2 µs each: locals only).
    """
    position = dict(zip(map(itemgetter(1), items), range(len(items)), strict=True)).get
    made: list[Article | str | None] = [None] * len(items)
    stale = False
    for part in cache.parts():
        if part is None:
            stale = True  # the rest is unreadable: its files are parsed, the cache rewritten
            break
        for rel_path, entry in part.items():
            index = position(rel_path)
            if index is None:
                stale = True  # a file that is gone
                continue
            # The scan's strings, not the cache's copies: the Article shares them.
            path, rel_path, size, mtime_ns, _ = items[index]
            if (
                type(entry) is not tuple
                or len(entry) != 3
                or entry[0] != size
                or entry[1] != mtime_ns
            ):
                continue  # changed since it was cached, or not an entry
            outcome = entry[2]
            if type(outcome) is str:
                made[index] = outcome
            else:
                made[index] = from_record(outcome, path, rel_path, size, mtime_ns)
    return made, stale


def _add_outcome(
    batch: LoadBatch, item: FeedFile, outcome: Record | str, files: dict[str, ScannedFile]
) -> bool:
    """Add one file's outcome; False (nothing added) when it is not a usable record. The
    Article made stands in for ``item`` in ``files``."""
    if isinstance(outcome, str):
        batch.errors.append(LoadError(item.path, outcome))
    else:
        article = from_record(outcome, item.path, item.rel_path, item.size, item.mtime_ns)
        if article is None:
            return False
        batch.articles.append(article)
        files[item.path] = scanned_file(item, article)
    batch.done += 1
    return True


def save_cache(
    cache: FeedCache, entries: dict[str, CachedFile] | Iterable[tuple[str, CachedFile]]
) -> LoadError | None:
    """Write the cache; the one-line error when that failed."""
    try:
        cache.save(entries)
    except OSError as error:
        return LoadError(str(cache.path), f"cannot write cache: {error.strerror}")
    return None


def update_cache(
    cache: FeedCache, updates: dict[str, CachedFile], gone: list[str]
) -> LoadError | None:
    """Change some entries of the cache (files changed, files gone)."""
    entries = cache.load()
    entries.update(updates)
    for rel_path in gone:
        entries.pop(rel_path, None)
    return save_cache(cache, entries)
