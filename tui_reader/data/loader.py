"""Read the article files a scan found: metadata for the list, everything when opened.

Metadata only on a scan: bodies are read when an article is opened (:func:`load_detail`).
Every per-file problem becomes a :class:`LoadError`; nothing here raises for a bad
file, and one bad file never stops the rest of the feed. Finding the files is
:mod:`.folder_scan`'s job, opening and decoding one :mod:`.file_reading`'s; loading a
whole feed, with the cache, is :class:`tui_reader.data.session.FeedSession`'s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tui_reader.data import coerce
from tui_reader.data.build import EXCERPT_KEYS, SUMMARY_KEYS, build_article, build_detail, first
from tui_reader.data.file_reading import (
    MAX_DOCUMENT_BYTES,
    FileProblem,
    decode,
    open_regular,
    read_up_to,
)
from tui_reader.data.folder_scan import FeedFile, inside
from tui_reader.data.frontmatter_limits import FrontMatterError
from tui_reader.data.frontmatter_parsing import parse_front_matter
from tui_reader.data.frontmatter_split import (
    Split,
    missing_opening_fence,
    normalise_text,
    split_document,
)
from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.records import Record, to_record
from tui_reader.data.stories.signature import story_signature

SCAN_KEYS = SUMMARY_KEYS | frozenset(EXCERPT_KEYS)
"""Built on a scan: what the list needs, and the excerpt for the story signature."""
HEAD_BYTES = 64 * 1024
"""Read this much first: enough for nearly every front matter and a title line."""
MAX_FRONT_MATTER_BYTES = 1024 * 1024
"""A front matter larger than this is refused rather than parsed."""
PARALLEL_THRESHOLD = 2000
"""Below this many files to parse, starting worker processes costs more than it saves."""
BATCH_SIZE = 2000


@dataclass(slots=True)
class LoadBatch:
    """Articles and errors loaded so far, for a UI that fills as the feed loads."""

    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    done: int = 0
    total: int = 0


@dataclass(slots=True)
class LoadResult:
    """A whole feed: what loaded and what did not."""

    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


def _read_head(path: str, via_link: bool) -> tuple[str, bool, Split]:
    """The start of a file, far enough to hold its whole front matter."""
    descriptor = open_regular(path, via_link)
    try:
        # Plain os.read calls: a buffered file object costs more than most reads here.
        data = read_up_to(descriptor, HEAD_BYTES)
        at_end = len(data) < HEAD_BYTES
        text = normalise_text(decode(data, final=at_end))
        split = split_document(text)
        if not split.closed and not at_end:
            data += read_up_to(descriptor, MAX_FRONT_MATTER_BYTES - len(data) + 1)
            at_end = len(data) <= MAX_FRONT_MATTER_BYTES
            if not at_end:
                raise FileProblem(f"front matter larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB")
            text = normalise_text(decode(data, final=True))
            split = split_document(text)
    finally:
        os.close(descriptor)
    if not split.closed:
        delimiter = {"yaml": "---", "toml": "+++", "json": "}"}[split.format]
        raise FileProblem(f"front matter has no closing '{delimiter}' line")
    _check_opening(split, text)
    return text, at_end, split


def _check_opening(split: Split, text: str) -> None:
    if split.format == "none":
        delimiter = missing_opening_fence(text)
        if delimiter is not None:
            raise FileProblem(f"front matter has no opening '{delimiter}' line")


def _problem(error: BaseException) -> str:
    if isinstance(error, FileProblem | FrontMatterError):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    if isinstance(error, RecursionError):
        return "front matter nests too deeply"
    # Anything else is a bug of ours meeting a file we did not foresee: report it for
    # this file, with its type, and keep loading the others.
    return f"unexpected {type(error).__name__}: {error}"


def load_file(item: FeedFile) -> Article | LoadError:
    """Load the metadata of one file."""
    try:
        text, at_end, split = _read_head(item.path, item.via_link)
        meta = parse_front_matter(split, SCAN_KEYS)
        body_head = text[split.body_start :]
        article = build_article(
            meta,
            body_head,
            path=item.path,
            rel_path=item.rel_path,
            front_matter=split.format,
            has_body=bool(body_head.strip()) or not at_end,
            size=item.size,
            mtime_ns=item.mtime_ns,
        )
        excerpt = coerce.text(first(meta, EXCERPT_KEYS))
        dated = article.published_at is not None
        article.story_signature = story_signature(article.title, excerpt, body_head, dated=dated)
        return article
    except Exception as error:  # noqa: BLE001 - reported per file, see _problem
        return LoadError(item.path, _problem(error))


def _feed_root(article: Article) -> str:
    """The folder the scan started from (``path`` is that folder joined with ``rel_path``)."""
    path, rel_path = article.path, article.rel_path
    if rel_path and path.endswith(rel_path) and path[: -len(rel_path)].endswith(os.sep):
        return path[: -len(rel_path)]
    return os.path.dirname(path)


def _open_article(article: Article) -> int:
    """Open the file the scan found, refusing a link swapped in since then.

    The scan followed only links that stay inside the feed folder; at read time a plain
    file is opened with O_NOFOLLOW, and a link is followed only if its target is still
    inside the folder (a file replaced by a link to ``/etc/passwd`` is refused).
    """
    try:
        return open_regular(article.path, via_link=False)
    except FileProblem as problem:
        if str(problem) != "is a symbolic link":
            raise
    target = os.path.realpath(article.path)
    if not inside(target, os.path.realpath(_feed_root(article))):
        raise FileProblem("symbolic link leads outside the feed folder")
    return open_regular(target, via_link=False)


def load_detail(article: Article) -> ArticleDetail | LoadError:
    """Read one article's file again, whole: excerpt, images, related, body."""
    try:
        descriptor = _open_article(article)
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES)
        text = normalise_text(decode(data, final=len(data) < MAX_DOCUMENT_BYTES))
        split = split_document(text)
        if not split.closed:
            raise FileProblem("front matter has no closing line")
        _check_opening(split, text)
        meta = parse_front_matter(split)
        return build_detail(article, meta, text[split.body_start :])
    except Exception as error:  # noqa: BLE001 - reported to the caller, see _problem
        return LoadError(article.path, _problem(error))


def _parse_chunk(chunk: Sequence[FeedFile]) -> list[Record | str]:
    """Worker-process side of a cold load: records travel cheaper than objects, and
    only the outcomes travel back (the caller holds the files, in the same order)."""
    outcomes: list[Record | str] = []
    for item in chunk:
        loaded = load_file(item)
        outcomes.append(loaded.reason if isinstance(loaded, LoadError) else to_record(loaded))
    return outcomes


def parse_all(
    items: Sequence[FeedFile], workers: int
) -> Iterator[list[tuple[FeedFile, Record | str]]]:
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        for start in range(0, len(items), BATCH_SIZE):
            chunk = items[start : start + BATCH_SIZE]
            yield list(zip(chunk, _parse_chunk(chunk), strict=True))
        return
    chunk_size = 500
    chunks = [items[start : start + chunk_size] for start in range(0, len(items), chunk_size)]
    # Imported here: only a cold load of many files needs worker processes.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    # "spawn": forking a process that runs threads (the TUI loads in a thread) can
    # deadlock; spawned workers import only the data layer.
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for outcomes in pool.map(_parse_chunk, chunks):
                yield list(zip(chunks[done], outcomes, strict=True))
                done += 1
    except (BrokenProcessPool, OSError, RuntimeError):
        # Workers could not start or died (no /dev/shm, a memory limit, a main module
        # that cannot be re-imported): finish in this process, slower but complete.
        for chunk in chunks[done:]:
            yield list(zip(chunk, _parse_chunk(chunk), strict=True))
