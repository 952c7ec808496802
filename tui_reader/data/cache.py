"""The metadata cache: slim records of parsed files, keyed by path, size and mtime.

Stored as a pickle of primitives in the user cache directory, one file per feed folder,
written atomically. It is read with an unpickler that refuses every class and function,
so a tampered cache can at worst fail to load; it can never run code. (``marshal`` was
tried: it keeps no memo of repeated strings and loads 100k records ~6x slower.)
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import struct
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias

from tui_reader.data.records import Record

CACHE_FORMAT = 7
"""Bump when a Record's shape or meaning changes: older caches are then ignored."""

CachedFile: TypeAlias = tuple[int, int, Record | str]
"""(size, mtime_ns, record) of a file that loaded; (size, mtime_ns, reason) of one that did not."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tui-reader`` or the platform's equivalent."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tui-reader", appauthor=False))


class _PrimitivesUnpickler(pickle.Unpickler):
    """Loads str, int, float, bool, None, tuples, lists and dicts, and nothing else."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"the cache may not name {module}.{name}")


class FeedCache:
    """The cache file of one feed folder."""

    def __init__(self, root: str, directory: Path) -> None:
        self.root = os.path.realpath(root)
        digest = hashlib.sha256(self.root.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = directory / f"feed-{digest[:24]}.pickle"

    def load(self) -> dict[str, CachedFile]:
        """The cached files by relative path; empty when absent, stale or unreadable."""
        files: dict[str, CachedFile] = {}
        for part in self.parts():
            if part is None:
                return {}
            files.update(part)
        return files

    def parts(self) -> Iterator[dict[str, Any] | None]:
        """The cached files part by part (a few thousand each), so that a reader can
        drop each part once used; ``None`` last when the rest is unreadable (a reader of
        :meth:`load` then ignores the whole cache). Nothing for an absent or stale cache.

        The values are unchecked: anything a pickle of primitives can hold.
        """
        try:
            with open(self.path, "rb") as stream:
                if _read_part(stream) != (CACHE_FORMAT, self.root):
                    return
                while (part := _read_part(stream)) is not None:
                    if not isinstance(part, dict):
                        yield None
                        return
                    yield part
        except FileNotFoundError:
            return
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            # A corrupt or foreign cache only costs a re-parse; it is rewritten then.
            yield None

    def save(self, files: Mapping[str, CachedFile] | Iterable[tuple[str, CachedFile]]) -> None:
        """Replace the cache file atomically (the caller reports an OSError).

        Written in parts of ``PART_SIZE`` files, each its own pickle: the pickler's
        memo (which shares repeated strings) then stays small, where one pickle of
        100k records made a memo of ~2 million objects, the peak of a cold load. Given
        ``(relative path, entry)`` pairs from a generator, only one part's entries are
        made at a time.
        """
        pairs = iter(files.items() if isinstance(files, Mapping) else files)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                _write_part(stream, (CACHE_FORMAT, self.root))
                while part := dict(islice(pairs, PART_SIZE)):
                    _write_part(stream, part)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise


PART_SIZE = 5000
_LENGTH = struct.Struct("<Q")


def _write_part(stream: BinaryIO, value: object) -> None:
    data = pickle.dumps(value, protocol=5)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)


def _read_part(stream: BinaryIO) -> object:
    """The next part, or None at the end of the file."""
    header = stream.read(_LENGTH.size)
    if not header:
        return None
    if len(header) != _LENGTH.size:
        raise EOFError("truncated cache")
    (length,) = _LENGTH.unpack(header)
    if length > os.fstat(stream.fileno()).st_size:
        raise EOFError("corrupt cache: a part longer than the file")
    data = stream.read(length)
    if len(data) != length:
        raise EOFError("truncated cache")
    return _PrimitivesUnpickler(io.BytesIO(data)).load()
