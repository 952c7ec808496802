"""Memory and CPU time of a process and all its descendants, read from /proc (Linux).

The app may parse a big feed in worker processes, so its memory is the sum over the
whole tree. This kernel has no ``/proc/PID/task/TID/children``, so the tree is found from
every process's parent id; that scan costs a few ms, so it runs at most every
``RESCAN`` seconds while the members' ``statm`` is read at every sample.
"""

from __future__ import annotations

import os
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
RESCAN = 0.25


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return text[text.rfind(")") + 2 :].split()


class ProcessTree:
    """``root`` and its descendants; peak of the summed resident memory seen so far."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.members: set[int] = {root}
        self.peak_rss = 0
        self._scanned = 0.0

    def _rescan(self) -> None:
        parents: dict[int, int] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                fields = _stat_fields(int(name))
                if fields is not None:
                    parents[int(name)] = int(fields[1])
        members = {self.root} if self.root in parents else set()
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in members and pid not in members:
                    members.add(pid)
                    grew = True
        self.members = members
        self._scanned = time.perf_counter()

    def sample(self) -> int:
        """Summed RSS (bytes) now; updates ``peak_rss``."""
        if time.perf_counter() - self._scanned >= RESCAN:
            self._rescan()
        total = 0
        for pid in self.members:
            try:
                with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                    total += int(handle.read().split()[1]) * PAGE
            except (OSError, IndexError, ValueError):
                continue
        self.peak_rss = max(self.peak_rss, total)
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU time of the members (and of their waited-for children)."""
        ticks = 0
        for pid in self.members:
            fields = _stat_fields(pid)
            if fields is not None:
                # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name.
                ticks += sum(int(value) for value in fields[11:15])
        return ticks / TICK
