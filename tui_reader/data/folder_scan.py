"""Find the article files in a folder, as a list of what to read.

Scanning asks only the directory entries and one ``lstat`` a file: it is what every
warm start pays once per file, and what the watch repeats to see what changed, so it
is kept apart from reading a file (:mod:`.file_reading`) and from parsing one
(:mod:`.loader`). It decides which names are articles and which symbolic links may be
followed: only those that stay inside the folder.
"""

from __future__ import annotations

import errno
import operator
import os
import stat
from typing import NamedTuple, TypeAlias

from tui_reader.data.model import Article, LoadError

ARTICLE_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")


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


ScannedFile: TypeAlias = FeedFile | Article
"""A file as last scanned. The Article loaded from a file stands in for its FeedFile
(same path, rel_path, size and mtime_ns) once it is made: a snapshot of FeedFiles beside
the feed's Articles cost ~90 bytes a file (~9 MB at 100k). Only a file scanned through
a symbolic link keeps its FeedFile, which says so (``via_link``)."""


def feed_file(item: ScannedFile) -> FeedFile:
    """``item`` as the scan made it."""
    if type(item) is FeedFile:
        return item
    return FeedFile(item.path, item.rel_path, item.size, item.mtime_ns)


def is_article_name(name: str) -> bool:
    """Whether a file name has one of the article suffixes."""
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
    if not inside(os.path.realpath(entry.path), real_root):
        errors.append(LoadError(entry.path, "symbolic link leads outside the feed folder"))
        return
    if is_dir:
        return  # Its target is inside the folder, so the scan reaches it directly.
    if not stat.S_ISREG(target.st_mode):
        errors.append(LoadError(entry.path, "not a regular file"))
        return
    rel_path = os.path.relpath(entry.path, root)
    files.append(FeedFile(entry.path, rel_path, target.st_size, target.st_mtime_ns, True))
