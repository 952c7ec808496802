"""Write an article's publish state into its file, in the file's terms, changing nothing else.

The publish action of the reader is the only place tui-reader writes into a feed. A
curator's files carry comments, a BOM, CRLF line ends, hand-chosen quoting, key order
and the opaque ``secured`` blob; a round trip through a YAML dumper (``frontmatter.dump``)
would rewrite all of it. So the edit is textual: only the bytes of one value change, or
the lines of one key are inserted, with the file's own line ending, when it is absent.

Which key is the file's dialect's (:mod:`.dialects`, documented in ``docs/formats.md``):
an existing ``draft`` is set to the opposite; the seed schema and Jekyll say
``published``; a Zola page keeps it under ``[extra]`` (the table is added at the end when
absent: Zola refuses unknown top-level keys in sections); a file of no known tool gets
``draft``, which every tool accepts or ignores (Hugo reads ``published`` as a date).
The result is parsed again and compared with the original: if anything but that value
would differ, or the loader would not read the new state back, nothing is written.

API (all errors are :class:`WriteBackError`, whose message is meant for the user, one
line, with the path's control characters made visible; whatever a file holds, no other
exception escapes the edit):

- ``sha256_hex(data)``: the content hash the UI keeps of what it saw.
- ``Expected``: what the caller last saw of a file. ``Expected(sha256=...)`` (from
  :func:`read_version` when the detail was opened) is the strong check;
  ``Expected.of_scan(size, mtime_ns)`` (what the loader recorded, for bulk actions on
  articles never opened) is the weak one.
- ``read_version(path) -> FileVersion``: the file's bytes, hash, size and mtime, read
  the way a write would read them (refusing links), for the UI to remember;
  ``check_expected(version, expected)`` compares.
- ``with_published(data, value) -> bytes``: the pure edit (no I/O, in
  :mod:`.published_edit`; re-exported here with :class:`WriteBackError`).
- ``write_published(path, value, expected) -> WriteResult``: the edit, written
  atomically; ``WriteResult.previous`` holds the old bytes, for undo.
- ``restore_bytes(path, data, expected_sha256)``: undo of a write: put ``data`` back,
  atomically, only if the file still holds the bytes that were written.

Writes are atomic: a temporary file in the same folder, written, fsynced, then
``os.replace``d over the article and the folder fsynced, so a crash leaves either the
old or the new file, never a mix. The file's mode (and owner, when running as root) is
kept. Symbolic links, hard-linked files (a replace would split them), read-only files
and read-only folders are refused, as is a file that changed since the caller saw it.
A temporary file left by a crash (``kill -9`` between create and replace) is removed by
the next write into its folder, once it is older than :data:`STALE_TEMP_SECONDS`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui_reader.data.published_edit import WriteBackError, with_published

_CHANGED = "changed on disk since it was loaded; reload it first"
_TEMP_SUFFIX = ".tmp"
# Our own temporary names only: ".<article name>.<8 characters of mkstemp>.tmp".
_TEMP_NAME = re.compile(r"\.(?P<article>.+)\.[a-z0-9_]{8}\.tmp")
STALE_TEMP_SECONDS = 15 * 60
"""A temporary file of ours this old is a crash's leftover: no write takes that long."""
_swept_folders: set[str] = set()


def sha256_hex(data: bytes) -> str:
    """The content hash used to notice that a file changed behind our back."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Expected:
    """What the caller last saw of a file.

    ``sha256`` (of the bytes read when the article was opened) is compared with the
    file's content; without it, ``size`` and ``mtime_ns`` (as the loader scanned them)
    are compared with the file's status. At least one of the two must be given.
    """

    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None

    @classmethod
    def of_scan(cls, size: int, mtime_ns: int) -> Expected:
        """The weak expectation: the size and mtime the loader recorded."""
        return cls(size=size, mtime_ns=mtime_ns)


@dataclass(frozen=True, slots=True)
class FileVersion:
    """One file's bytes as read, with their hash."""

    path: str
    data: bytes
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_published` did: the bytes before and the hashes on both sides.

    ``changed`` is False when the file already said so (nothing was written).
    """

    path: str
    previous: bytes
    previous_sha256: str
    new_sha256: str
    changed: bool


# -- files --------------------------------------------------------------------------


def read_version(path: str) -> FileVersion:
    """The file's bytes and hash, refusing what a write would refuse to follow."""
    data, status = _read_regular(path)
    return FileVersion(path, data, sha256_hex(data), status.st_size, status.st_mtime_ns)


def check_expected(version: FileVersion, expected: Expected) -> None:
    """Refuse (WriteBackError) when ``version`` is not what the caller saw."""
    if expected.sha256 is not None:
        if version.sha256 != expected.sha256:
            raise WriteBackError(_CHANGED, version.path)
        return
    if expected.size is None and expected.mtime_ns is None:
        raise ValueError("Expected needs a sha256 or a size and mtime")
    if (expected.size is not None and version.size != expected.size) or (
        expected.mtime_ns is not None and version.mtime_ns != expected.mtime_ns
    ):
        raise WriteBackError(_CHANGED, version.path)


def write_published(path: str, value: bool, expected: Expected) -> WriteResult:
    """Set ``published`` in the file at ``path``, atomically; refuse if it changed."""
    holder: list[bytes] = []

    def edit(data: bytes) -> bytes:
        holder.append(data)
        try:
            return with_published(data, value)
        except WriteBackError as error:
            raise WriteBackError(error.reason, path) from None

    new = _replace_checked(path, expected, edit)
    previous = holder[0]
    return WriteResult(path, previous, sha256_hex(previous), sha256_hex(new), new != previous)


def restore_bytes(path: str, data: bytes, expected_sha256: str) -> None:
    """Put ``data`` back into ``path`` (undo of a write), if it still holds what we wrote."""
    _replace_checked(path, Expected(sha256=expected_sha256), lambda _current: data)


def _read_regular(path: str) -> tuple[bytes, os.stat_result]:
    try:
        info = os.lstat(path)
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None
    if stat.S_ISLNK(info.st_mode):
        raise WriteBackError("is a symbolic link; tui-reader does not write through links", path)
    if not stat.S_ISREG(info.st_mode):
        raise WriteBackError("not a regular file", path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            return stream.read(), status
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None


def _check_writable(path: str, status: os.stat_result) -> None:
    if status.st_nlink > 1:
        raise WriteBackError(
            f"has {status.st_nlink} hard links; replacing it would split them", path
        )
    # Also refused when running as root (who could write anyway): the mode says
    # the owner meant the file to stay as it is.
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteBackError("is read-only; publish state cannot be written", path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError as error:
        raise WriteBackError(f"cannot read its folder: {error.strerror}", path) from None
    if not folder_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
        raise WriteBackError(
            "its folder is read-only; publish state cannot be written atomically", path
        )


def _replace_checked(path: str, expected: Expected, edit: Callable[[bytes], bytes]) -> bytes:
    """Read, check, edit and atomically replace ``path``; return the bytes written."""
    data, status = _read_regular(path)
    check_expected(
        FileVersion(path, data, sha256_hex(data), status.st_size, status.st_mtime_ns), expected
    )
    new = edit(data)
    if new == data:
        return new
    _check_writable(path, status)
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    if folder not in _swept_folders:
        _swept_folders.add(folder)
        remove_stale_temp_files(folder)
    try:
        # A hidden name: the loader skips dot files, so a temp file left by a crash
        # never shows up as an article.
        descriptor, temp_path = tempfile.mkstemp(
            prefix=f".{name}.", suffix=_TEMP_SUFFIX, dir=folder
        )
    except OSError as error:
        raise WriteBackError(f"cannot write in its folder: {error.strerror}", path) from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fchmod(stream.fileno(), stat.S_IMODE(status.st_mode))
            if os.geteuid() == 0:
                os.fchown(stream.fileno(), status.st_uid, status.st_gid)
            os.fsync(stream.fileno())
        # Last look before the replace: a change since the first read is refused too.
        latest, latest_status = _read_regular(path)
        if latest != data or latest_status.st_ino != status.st_ino:
            raise WriteBackError("changed on disk while it was being written; reload it", path)
        os.replace(temp_path, path)
    except BaseException as error:
        _remove_quietly(temp_path, error)
        if isinstance(error, OSError):
            raise WriteBackError(f"cannot write: {error.strerror}", path) from None
        raise
    _fsync_folder(folder, path)
    return new


def remove_stale_temp_files(folder: str, *, now: float | None = None) -> list[str]:
    """Remove our temporary files in ``folder`` left by a crash; return their paths.

    Only names of our own pattern, regular files (never links) owned by this user and
    older than :data:`STALE_TEMP_SECONDS`: a write under way in another instance is
    never touched. Problems are ignored: this is housekeeping, not the write.
    """
    moment = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        if _TEMP_NAME.fullmatch(entry.name) is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.geteuid()
                and moment - info.st_mtime > STALE_TEMP_SECONDS
            ):
                os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            continue
    return removed


def _remove_quietly(temp_path: str, cause: BaseException) -> None:
    try:
        os.unlink(temp_path)
    except FileNotFoundError:
        pass
    except OSError as error:
        # The original error matters more; keep this one attached to it.
        cause.add_note(f"also could not remove the temporary file {temp_path}: {error}")


class WrittenNotSynced(WriteBackError):
    """The file was replaced, but its folder could not be synced: the new bytes are in
    place (and undoable), only their survival of a power cut is not guaranteed."""


def _fsync_folder(folder: str, path: str) -> None:
    """Make the rename itself durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise WrittenNotSynced(f"written, but the folder cannot be synced: {error}", path) from None
    try:
        os.fsync(descriptor)
    except OSError as error:
        raise WrittenNotSynced(f"written, but the folder cannot be synced: {error}", path) from None
    finally:
        os.close(descriptor)


__all__ = [
    "STALE_TEMP_SECONDS",
    "Expected",
    "FileVersion",
    "WriteBackError",
    "WriteResult",
    "WrittenNotSynced",
    "check_expected",
    "read_version",
    "remove_stale_temp_files",
    "restore_bytes",
    "sha256_hex",
    "with_published",
    "write_published",
]
