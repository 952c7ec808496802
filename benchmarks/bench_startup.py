"""Start-up benchmark: from launching ``python -m tui_reader`` to the first painted frame.

Each run is a fresh interpreter that runs the real app headless on the sample feed
(warm metadata cache, as on every start but the first) and reports, as wall-clock
times since the parent started the process:

* ``imports``: ``tui_reader.app`` imported (Textual and everything the app pulls in);
* ``mounted``: the app's ``on_mount`` has run and the first frame was composed;
* ``loaded``: the feed's loading worker finished and the list was refreshed.

Medians of several runs. ``--importtime`` also prints the heaviest imports, from
``python -X importtime`` (cumulative microseconds, one run).

``--terminal`` measures warm starts of the installed app where the user sits instead,
with ``bench_app.py``'s harness (tmux at 120x36, the screen polled every 10 ms, a triage
state holding actions, warm metadata cache): launch to first rows, to the full list, to
idle (screen and CPU quiet), and the peak RSS of the app's process tree up to then. Given
several ``--checkout``s, their sessions alternate in every round (an A/B comparison in
one run, for load-path work); a ratio is the median of per-round ratios against the first.

    python benchmarks/bench_startup.py [--runs 7] [--importtime]
    python benchmarks/bench_startup.py --terminal [--sizes 100000] [--runs 5]
        [--checkout DIR ...]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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


def terminal_runs(checkouts: list[Path], sizes: list[int], runs: int, root: Path) -> None:
    """Warm starts of each checkout's installed app in tmux, alternating (see above)."""
    from app_screen import AppScreen
    from bench_app import HEIGHT, WIDTH, Feed, Results, Session, app_feed, launch, start_up
    from installed import describe_state, install, prepare_state
    from tmux_pane import Tmux

    installs = [install(checkout, root) for checkout in checkouts]
    feeds: dict[tuple[int, int], Feed] = {}
    for index, installed in enumerate(installs):
        for size in sizes:
            path = app_feed(size, root)
            cache = installed.home / f"cache-{size}"
            state = installed.home / f"state-{size}.db"
            print(f"preparing {size:,} for {installed.describe()} ...", file=sys.stderr)
            prepare_state(installed, path, cache, state)
            total = installed.count(path, cache, state)
            listing = installed.run("--list", "--format", "tsv", "--cache-dir", cache, "--", path)
            titles = [line.split("\t", 1)[0] for line in listing.stdout.splitlines()]
            summary = describe_state(installed, path, cache, state)
            feeds[index, size] = Feed(
                size, path, cache, state, total, AppScreen(total, titles), {}, summary
            )
    results = [Results() for _ in installs]
    with Tmux(WIDTH, HEIGHT) as tmux:
        for round_number in range(runs):
            order = list(enumerate(installs))
            if round_number % 2:
                order.reverse()
            for size in sizes:
                for index, installed in order:
                    feed = feeds[index, size]
                    session: Session = launch(tmux, installed, feed, f"start-{index}", feed.cache)
                    try:
                        if start_up(session, feed, 180.0, results[index], "warm"):
                            idle = session.settle()
                            results[index].add(size, "idle", idle - session.pane.started)
                    finally:
                        results[index].add(size, "peak_rss", float(session.tree.peak_rss))
                        session.close()
                    got = results[index].samples.get(size, {})
                    print(
                        f"  round {round_number + 1} {size:,} {checkouts[index].name}: "
                        + ", ".join(f"{k} {v[-1]:.2f}" for k, v in got.items() if k != "peak_rss")
                        + f", peak {got.get('peak_rss', [0])[-1] / 2**20:.0f} MB",
                        file=sys.stderr,
                        flush=True,
                    )
    first = checkouts[0].name
    print(f"| size | checkout | first rows | full list | idle | peak RSS | full list / {first} |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        base = results[0].samples.get(size, {}).get("warm_full_list", [])
        for index, installed in enumerate(installs):
            got = results[index].samples.get(size, {})
            cells = []
            for metric in ("warm_first_rows", "warm_full_list", "idle"):
                values = got.get(metric, [])
                cells.append(f"{statistics.median(values):.2f} s" if values else "—")
            rss = got.get("peak_rss", [])
            cells.append(f"{statistics.median(rss) / 2**20:.0f} MB" if rss else "—")
            mine = got.get("warm_full_list", [])
            ratios = [a / b for a, b in zip(mine, base, strict=False)]
            cells.append(f"{statistics.median(ratios):.2f}" if ratios else "—")
            print(f"| {size:,} | {installed.describe()} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--terminal", action="store_true", help="the installed app in tmux")
    parser.add_argument("--checkout", type=Path, action="append", help="with --terminal")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="with --terminal")
    parser.add_argument("--root", type=Path, default=Path("/tmp") / "tui-reader-bench")
    args = parser.parse_args()
    if args.terminal:
        checkouts = args.checkout or [Path(__file__).resolve().parent.parent]
        terminal_runs(checkouts, args.sizes, args.runs, args.root)
        return
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
