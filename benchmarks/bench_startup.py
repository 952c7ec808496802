"""Start-up benchmark: from launching ``python -m tui_reader`` to the first painted frame.

Each run is a fresh interpreter that runs the real app headless on the sample feed
(warm metadata cache, as on every start but the first) and reports, as wall-clock
times since the parent started the process:

* ``imports``: ``tui_reader.app`` imported (Textual and everything the app pulls in);
* ``mounted``: the app's ``on_mount`` has run and the first frame was composed;
* ``loaded``: the feed's loading worker finished and the list was refreshed.

Medians of several runs. ``--importtime`` also prints the heaviest imports, from
``python -X importtime`` (cumulative microseconds, one run).

    python benchmarks/bench_startup.py [--runs 7] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = """
import asyncio, json, sys, time
started = float(sys.argv[1])
def since() -> float:
    return time.time() - started
from tui_reader.app import ReaderApp
from tui_reader.resources import sample_feed_dir
marks = {"imports": since()}
app = ReaderApp([str(sample_feed_dir())])
async def pilot(pilot) -> None:
    await pilot.pause()  # the first refresh after on_mount
    marks["mounted"] = since()
    await app.workers.wait_for_complete()
    await pilot.pause()
    marks["loaded"] = since()
    app.exit()
app.run(headless=True, auto_pilot=pilot, size=(80, 24))
print(json.dumps(marks))
"""


def one_run(cache_home: str) -> dict[str, float]:
    env = {**os.environ, "XDG_CACHE_HOME": cache_home}
    started = time.time()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, repr(started)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    marks: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return marks


def heaviest_imports(limit: int = 15) -> list[tuple[int, str]]:
    """The imports with the largest cumulative time (µs) when importing the app."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tui_reader.app"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[tuple[int, str]] = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (
            part.strip() for part in line.removeprefix("import time:").split("|")
        )
        rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache_home:
        one_run(cache_home)  # fills the cache: the runs below are warm starts
        runs = [one_run(cache_home) for _ in range(args.runs)]
    for mark in ("imports", "mounted", "loaded"):
        values = [run[mark] for run in runs]
        print(
            f"{mark:8} median {statistics.median(values):.3f} s"
            f"  (min {min(values):.3f}, max {max(values):.3f}, {len(values)} runs)"
        )
    if args.importtime:
        print("\nheaviest imports (cumulative ms):")
        for micros, name in heaviest_imports():
            print(f"{micros / 1000:8.1f}  {name.strip()}")


if __name__ == "__main__":
    main()
