"""The metadata cache: slim records of parsed files, keyed by path, size and mtime.

Stored with ``marshal`` (primitives only: loading it cannot run code, unlike pickle)
in the user cache directory, one file per feed folder, written atomically.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import TypeAlias

from tui_reader.data.records import Record

CACHE_FORMAT = 3
"""Bump when a Record's shape or meaning changes: older caches are then ignored."""

CachedFile: TypeAlias = tuple[int, int, Record | str]
"""(size, mtime_ns, record) of a file that loaded; (size, mtime_ns, reason) of one that did not."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tui-reader`` or the platform's equivalent."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tui-reader", appauthor=False))


class FeedCache:
    """The cache file of one feed folder."""

    def __init__(self, root: str, directory: Path) -> None:
        self.root = os.path.realpath(root)
        digest = hashlib.sha256(self.root.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = directory / f"feed-{digest[:24]}.marshal"

    def load(self) -> dict[str, CachedFile]:
        """The cached files by relative path; empty when absent, stale or unreadable."""
        try:
            with open(self.path, "rb") as stream:
                data = marshal.load(stream)  # noqa: S302 - our own file, primitives only
        except FileNotFoundError:
            return {}
        except (OSError, EOFError, ValueError, TypeError):
            # A corrupt or foreign cache only costs a re-parse; it is rewritten below.
            return {}
        if (
            not isinstance(data, tuple)
            or len(data) != 3
            or data[0] != CACHE_FORMAT
            or data[1] != self.root
            or not isinstance(data[2], dict)
        ):
            return {}
        files: dict[str, CachedFile] = data[2]
        return files

    def save(self, files: dict[str, CachedFile]) -> None:
        """Replace the cache file atomically (the caller reports an OSError)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                marshal.dump((CACHE_FORMAT, self.root, files), stream)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise
