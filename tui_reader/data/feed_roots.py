"""The paths a feed was opened with, as loading and the watch see them: each one's
last scan, and where a path a notification names belongs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tui_reader.data.cache import FeedCache
from tui_reader.data.folder_scan import FeedFile, ScannedFile, inside, is_article_name, scan
from tui_reader.data.model import Article, LoadError

NETWORK_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"}
)
"""Where inotify sees only this machine's own changes: polled instead."""


@dataclass(slots=True)
class FeedRoot:
    """One path given: a folder (scanned) or a single file."""

    path: str
    is_folder: bool
    cache: FeedCache | None
    files: dict[str, ScannedFile] = field(default_factory=dict)
    """The last scan, by path: what the next poll compares with."""
    problems: set[LoadError] = field(default_factory=set)
    """Scan errors already reported, so that a lasting one is not repeated every poll."""

    def rescan(self) -> tuple[dict[str, FeedFile], list[LoadError]]:
        """What is there now, by path, and the errors met on the way."""
        if self.is_folder:
            items, errors = scan(self.path)
            return {item.path: item for item in items}, errors
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return {}, []
        except OSError as error:
            return {}, [LoadError(self.path, f"cannot read: {error.strerror}")]
        name = os.path.basename(self.path)
        item = FeedFile(self.path, name, info.st_size, info.st_mtime_ns, True)
        return {item.path: item}, []

    def mapped(self, path: str) -> str | None:
        """``path`` (absolute, as a notification names it) as the scan of this folder
        names it, or None when it is not inside."""
        for base in (os.path.abspath(self.path), os.path.realpath(self.path)):
            if inside(path, base):
                relative = path[len(base.rstrip(os.sep)) + 1 :]
                return os.path.join(self.path, relative) if relative else self.path
        return None

    def plain_article_path(self, path: str) -> bool:
        """A path the scan would take as an article file, judged from its name alone (a
        folder, a hidden part or a link needs a look at the whole folder)."""
        relative = path[len(self.path.rstrip(os.sep)) + 1 :]
        parts = relative.split(os.sep)
        if any(part.startswith(".") for part in parts) or not is_article_name(parts[-1]):
            return False
        return not os.path.islink(path)


def stamp(item: ScannedFile) -> tuple[int, int]:
    """What tells that a file changed since it was scanned."""
    return item.size, item.mtime_ns


def scanned_file(item: FeedFile, article: Article) -> ScannedFile:
    """What the snapshot keeps of ``item`` once ``article`` is loaded from it."""
    return item if item.via_link else article


def notifies(folder: str) -> bool:
    """Whether inotify can be trusted for ``folder`` (Linux, a local file system)."""
    if not os.path.exists("/proc/self/mounts"):
        return False
    try:
        import watchfiles  # noqa: F401  (present: notifications can be used)
    except ImportError:
        return False
    real = os.path.realpath(folder)
    best, fstype = "", ""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) >= 3:
                    point = fields[1].replace("\\040", " ")
                    if inside(real, point) and len(point) > len(best):
                        best, fstype = point, fields[2]
    except OSError:
        return False
    return fstype not in NETWORK_FILE_SYSTEMS
