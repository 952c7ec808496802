"""Triage benchmark: cost of one committed action, of bulk steps and undo, of lookups.

Runs in a temporary folder (the state database on the same disk as the system temp
folder, ``synchronous=FULL``, so each action pays its fsync). Medians where repeated.

    python benchmarks/bench_triage.py [--keys 100000] [--actions 300]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tui_reader.data.triage import PublishTarget, TriageState
from tui_reader.data.writeback import Expected, read_version


def timed(action: object) -> float:
    assert callable(action)
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        feed = base / "feed"
        feed.mkdir()
        state = TriageState(feed, base / "triage.sqlite3")
        single = [timed(lambda i=i: state.set_read(f"one-{i}")) for i in range(args.actions)]
        undo = [timed(state.undo) for _ in range(args.actions // 3)]
        keys = [f"https://example.org/{i}" for i in range(args.keys)]
        bulk = timed(lambda: state.set_read(keys))
        bulk_undo = timed(state.undo)
        state.set_starred(keys[::3])
        lookups = timed(lambda: sum(state.is_read(k) or state.is_starred(k) for k in keys))
        refresh_idle = statistics.median(timed(state.refresh) for _ in range(100))
        other = TriageState(feed, base / "triage.sqlite3")
        other.set_read("from-other")
        refresh_changed = timed(state.refresh)
        article = feed / "a.md"
        article.write_bytes(b"---\ntitle: A\npublished: false\n---\nbody\n")
        publish = []
        for value in (True, False) * 10:
            target = PublishTarget("a", str(article), Expected(read_version(str(article)).sha256))
            publish.append(timed(lambda t=target, v=value: state.publish([t], v)))
        other.close()
        state.close()
    ms = 1000
    print(f"one action (commit, synchronous=FULL): median {statistics.median(single) * ms:.2f} ms")
    print(f"undo of one action: median {statistics.median(undo) * ms:.2f} ms")
    print(f"bulk mark {args.keys} read: {bulk * ms:.0f} ms; its undo: {bulk_undo * ms:.0f} ms")
    print(f"{args.keys} is_read+is_starred lookups: {lookups * ms:.1f} ms")
    print(f"refresh, nothing changed: {refresh_idle * ms:.3f} ms")
    rows = args.keys // 3
    print(f"refresh after another instance wrote ({rows} rows): {refresh_changed * ms:.1f} ms")
    median_publish = statistics.median(publish) * ms
    print(f"publish one file (atomic write + undo record): median {median_publish:.2f} ms")


if __name__ == "__main__":
    main()
