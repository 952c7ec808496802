"""Find article files in folders and read them, tolerating anything a file holds.

Metadata only: bodies are read when an article is opened (:func:`load_detail`).
Every per-file problem becomes a :class:`LoadError`; nothing here raises for a bad
file, and one bad file never stops the rest of the feed. Loading a whole feed, with
the cache, is :class:`tui_reader.data.session.FeedSession`'s job.
"""

from __future__ import annotations

import codecs
import errno
import operator
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from tui_reader.data import coerce
from tui_reader.data.build import EXCERPT_KEYS, SUMMARY_KEYS, build_article, build_detail, first
from tui_reader.data.frontmatter_parsing import (
    FrontMatterError,
    Split,
    missing_opening_fence,
    normalise_text,
    parse_front_matter,
    split_document,
)
from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.records import Record, to_record
from tui_reader.data.stories.signature import story_signature

ARTICLE_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
SCAN_KEYS = SUMMARY_KEYS | frozenset(EXCERPT_KEYS)
"""Built on a scan: what the list needs, and the excerpt for the story signature."""
HEAD_BYTES = 64 * 1024
"""Read this much first: enough for nearly every front matter and a title line."""
MAX_FRONT_MATTER_BYTES = 1024 * 1024
"""A front matter larger than this is refused rather than parsed."""
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""An opened article reads at most this much of its file."""
PARALLEL_THRESHOLD = 2000
"""Below this many files to parse, starting worker processes costs more than it saves."""
BATCH_SIZE = 2000
MAX_STRAY_NULS = 64
"""Up to this many NUL bytes are dropped from any text; more, in more than 10 % of a
file, make it binary."""

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileProblem(Exception):
    """A per-file problem; becomes a LoadError with this message."""


class FeedFile(NamedTuple):
    """One candidate article file found by :func:`scan`.

    A NamedTuple: a scan makes one per file, and it is ~3x cheaper to create than a
    frozen dataclass.
    """

    path: str
    rel_path: str
    size: int
    mtime_ns: int
    via_link: bool = False


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


def is_article_name(name: str) -> bool:
    """Whether a file name has one of the article suffixes."""
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan(root: str) -> tuple[list[FeedFile], list[LoadError]]:
    """All article files below the folder ``root``, sorted by relative path.

    Hidden entries (``.git``) are skipped. Symbolic links are followed only when they
    stay inside the folder; loops and links that leave it are reported.

    Every warm start pays this loop once per file (then one ``lstat``): it asks the
    directory entry's type first (no system call) and builds each FeedFile directly.
    """
    real_root = os.path.realpath(root)
    # Paths below ``root`` start with it: slicing is ~10x cheaper than os.path.relpath.
    prefix = len(os.path.join(root, ""))
    files: list[FeedFile] = []
    add_file = files.append
    errors: list[LoadError] = []
    pending = [root]
    suffixes = ARTICLE_SUFFIXES
    is_regular = stat.S_ISREG
    new_file = tuple.__new__  # FeedFile(...) without its Python-level __new__
    while pending:
        folder = pending.pop()
        try:
            entries = os.scandir(folder)
        except OSError as error:
            errors.append(LoadError(folder, f"cannot read folder: {error.strerror}"))
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    if entry.is_file(follow_symlinks=False):
                        if not name.lower().endswith(suffixes):
                            continue
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                        continue
                    elif entry.is_symlink():
                        _scan_link(entry, root, real_root, files, errors)
                        continue
                    elif not is_article_name(name):
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if not is_regular(info.st_mode):
                        errors.append(LoadError(entry.path, "not a regular file"))
                        continue
                    path = entry.path
                    add_file(
                        new_file(
                            FeedFile, (path, path[prefix:], info.st_size, info.st_mtime_ns, False)
                        )
                    )
                except OSError as error:
                    errors.append(LoadError(entry.path, f"cannot read: {error.strerror}"))
    files.sort(key=_REL_PATH)
    return files, errors


_REL_PATH = operator.itemgetter(1)
"""A FeedFile's ``rel_path`` (the sort key of a scan), in C."""


def _scan_link(
    entry: os.DirEntry[str],
    root: str,
    real_root: str,
    files: list[FeedFile],
    errors: list[LoadError],
) -> None:
    try:
        target = os.stat(entry.path)
    except OSError as error:
        reason = "symbolic link loop" if error.errno == errno.ELOOP else "broken symbolic link"
        errors.append(LoadError(entry.path, reason))
        return
    is_dir = stat.S_ISDIR(target.st_mode)
    if not (is_dir or is_article_name(entry.name)):
        return
    if not _inside(os.path.realpath(entry.path), real_root):
        errors.append(LoadError(entry.path, "symbolic link leads outside the feed folder"))
        return
    if is_dir:
        return  # Its target is inside the folder, so the scan reaches it directly.
    if not stat.S_ISREG(target.st_mode):
        errors.append(LoadError(entry.path, "not a regular file"))
        return
    rel_path = os.path.relpath(entry.path, root)
    files.append(FeedFile(entry.path, rel_path, target.st_size, target.st_mtime_ns, True))


def _open_regular(path: str, via_link: bool) -> int:
    """Open without blocking (a FIFO would hang a plain open) and check it is a file."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS | (0 if via_link else _NO_FOLLOW))
    except OSError as error:
        if error.errno == errno.ELOOP:  # ELOOP: O_NOFOLLOW met a link swapped in after the scan
            raise FileProblem("is a symbolic link") from None
        raise FileProblem(f"cannot open: {error.strerror}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise FileProblem("not a regular file")
    return descriptor


def _read_up_to(descriptor: int, size: int) -> bytes:
    """``size`` bytes, or fewer at the end of the file (as ``BufferedReader.read``)."""
    data = os.read(descriptor, size)
    if len(data) == size or not data:
        return data
    parts = [data]
    while size > (got := sum(map(len, parts))) and (more := os.read(descriptor, size - got)):
        parts.append(more)
    return b"".join(parts)


def _decode_utf8(data: bytes, final: bool) -> str:
    """UTF-8 ``data``; unless ``final``, a character cut short at the end is left out
    (what an incremental decoder does, without making one per file)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if final or error.start < len(data) - 3:
            raise  # an error before the last character: the same either way
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)


def _decode(data: bytes, final: bool) -> str:
    try:
        text = _decode_utf8(data, final)
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    if "\x00" in text:
        # A stray NUL in a scraped article costs that byte, not the article; a file
        # made of NULs (UTF-16, an image that happens to decode) is not text.
        nuls = text.count("\x00")
        if nuls > MAX_STRAY_NULS and nuls * 10 > len(text):
            raise FileProblem("binary file (many NUL bytes: not UTF-8 text)")
        text = text.replace("\x00", "")
    return text


def _read_head(path: str, via_link: bool) -> tuple[str, bool, Split]:
    """The start of a file, far enough to hold its whole front matter."""
    descriptor = _open_regular(path, via_link)
    try:
        # Plain os.read calls: a buffered file object costs more than most reads here.
        data = _read_up_to(descriptor, HEAD_BYTES)
        at_end = len(data) < HEAD_BYTES
        text = normalise_text(_decode(data, final=at_end))
        split = split_document(text)
        if not split.closed and not at_end:
            data += _read_up_to(descriptor, MAX_FRONT_MATTER_BYTES - len(data) + 1)
            at_end = len(data) <= MAX_FRONT_MATTER_BYTES
            if not at_end:
                raise FileProblem(f"front matter larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB")
            text = normalise_text(_decode(data, final=True))
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
        return _open_regular(article.path, via_link=False)
    except FileProblem as problem:
        if str(problem) != "is a symbolic link":
            raise
    target = os.path.realpath(article.path)
    if not _inside(target, os.path.realpath(_feed_root(article))):
        raise FileProblem("symbolic link leads outside the feed folder")
    return _open_regular(target, via_link=False)


def load_detail(article: Article) -> ArticleDetail | LoadError:
    """Read one article's file again, whole: excerpt, images, related, body."""
    try:
        descriptor = _open_article(article)
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES)
        text = normalise_text(_decode(data, final=len(data) < MAX_DOCUMENT_BYTES))
        split = split_document(text)
        if not split.closed:
            raise FileProblem("front matter has no closing line")
        _check_opening(split, text)
        meta = parse_front_matter(split)
        return build_detail(article, meta, text[split.body_start :])
    except Exception as error:  # noqa: BLE001 - reported to the caller, see _problem
        return LoadError(article.path, _problem(error))


def read_document(path: str, via_link: bool, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of a file, read as the loader reads (no FIFO hang, no following a link
    swapped in after the scan, at most ``limit`` bytes, UTF-8 without NUL bytes).

    Raises :class:`FileProblem` (or OSError) with a message for the user.
    """
    descriptor = _open_regular(path, via_link)
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit)
    return normalise_text(_decode(data, final=len(data) < limit))


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
