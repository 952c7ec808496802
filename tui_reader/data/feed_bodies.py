"""The bodies' indexes of one feed: one per folder given, one per file given alone."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from tui_reader.data.body_index import BodyIndex, BodyProgress
from tui_reader.data.folder_scan import FeedFile, ScannedFile

PROGRESS_AFTER = 1.0
"""A command line says how far the index is once updating it takes this long."""


class FeedBodies:
    """The body indexes of everything a feed was loaded from: one per folder, and one
    per article file given on its own (named after that file)."""

    def __init__(self, paths: Sequence[str], directory: Path | None = None) -> None:
        self.indexes: list[tuple[BodyIndex, list[FeedFile] | None]] = []
        for path in paths:
            if os.path.isdir(path):
                self.indexes.append((BodyIndex(path, directory), None))
            elif os.path.exists(path):
                info = os.stat(path)
                item = FeedFile(path, os.path.basename(path), info.st_size, info.st_mtime_ns, True)
                index = BodyIndex(os.path.dirname(path), directory, name=path)
                self.indexes.append((index, [item]))

    def update(
        self,
        *,
        progress: Callable[[BodyProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        scanned: Mapping[str, Sequence[ScannedFile]] | None = None,
    ) -> BodyProgress:
        """Update every index (see ``BodyIndex.update``); ``progress`` sees the sum.

        ``scanned``: the files of each folder (by the path it was given as) as a scan
        already found them, so the folder is not scanned a second time.
        """
        done: list[BodyProgress] = [index.progress() for index, _files in self.indexes]

        for at, (index, given) in enumerate(self.indexes):
            if cancelled is not None and cancelled():
                break
            files = given if given is not None or scanned is None else scanned.get(index.root)

            def report(state: BodyProgress, at: int = at) -> None:
                done[at] = state
                if progress is not None:
                    progress(_sum(done))

            index.update(files, progress=report, cancelled=cancelled)
        return _sum(done)

    def progress(self) -> BodyProgress:
        """How far the indexes are, together."""
        return _sum([index.progress() for index, _files in self.indexes])

    def close(self) -> None:
        for index, _files in self.indexes:
            index.close()


def update_reporting(bodies: FeedBodies, stream: TextIO) -> BodyProgress:
    """``bodies.update()`` for a command line: once it has taken ``PROGRESS_AFTER``
    seconds, a progress line on ``stream`` (rewritten in place, ended when done)."""
    after = PROGRESS_AFTER
    started = time.monotonic()
    shown = False

    def report(state: BodyProgress) -> None:
        nonlocal shown
        if time.monotonic() - started >= after and not state.complete:
            stream.write(f"\rindexing bodies: {state.indexed:,} of {state.total:,} files")
            stream.flush()
            shown = True

    state = bodies.update(progress=report)
    if shown:
        stream.write(f"\rindexing bodies: {state.indexed:,} of {state.total:,} files, done\n")
        stream.flush()
    return state


def _sum(states: Sequence[BodyProgress]) -> BodyProgress:
    return BodyProgress(sum(s.indexed for s in states), sum(s.total for s in states))
