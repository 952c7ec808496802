"""Load benchmark: cold load, warm load and peak RSS at 10k and 100k articles.

Each measurement runs in a fresh interpreter (as a user's start-up would), loads the
feed with ``load_feed`` and builds the ``Store``; "cold" starts with an empty cache
directory, "warm" with the cache the cold run wrote. Medians of several runs.

    python benchmarks/bench_load.py [--sizes 10000 100000] [--runs 3] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docs_section import replace_section  # noqa: E402
from make_feed import make_feed  # noqa: E402
from proc_tree import ProcessTree  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from tui_reader.data.session import load_feed
from tui_reader.data.store import Store
result = load_feed([sys.argv[1]], cache_dir=Path(sys.argv[2]))
store = Store(result.articles)
store.sorted_uids()
elapsed = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb, "articles": len(store),
                  "errors": len(result.errors)}))
"""

TARGETS = {"warm_100k": 1.0, "cold_100k": 20.0, "rss_100k": 250.0}


def measure(feed: Path, cache: Path) -> dict[str, float]:
    """One load in a fresh interpreter; ``tree_rss_mb``: the peak of the summed RSS of
    the process and its workers (sampled every 20 ms), as the user's machine pays it."""
    with tempfile.TemporaryFile(mode="w+") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(feed), str(cache)], stdout=out, text=True
        )
        tree = ProcessTree(process.pid)
        while process.poll() is None:
            tree.sample()
            time.sleep(0.02)
        if process.returncode != 0:
            raise SystemExit(f"the load failed ({process.returncode})")
        out.seek(0)
        result: dict[str, float] = json.loads(out.read())
    result["tree_rss_mb"] = max(tree.peak_rss / 2**20, result["rss_mb"])
    return result


def feed_of(size: int, root: Path) -> Path:
    feed = root / f"feed-{size}"
    marker = feed / ".complete"
    if not marker.exists():
        shutil.rmtree(feed, ignore_errors=True)
        make_feed(size, feed)
        marker.write_text("ok")
    return feed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--root", type=Path, default=Path(tempfile.gettempdir()) / "tui-reader-bench"
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        feed = feed_of(size, args.root)
        cold, warm, rss, tree_rss = [], [], [], []
        for _ in range(args.runs):
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=args.root))
            first = measure(feed, cache)
            second = measure(feed, cache)
            shutil.rmtree(cache)
            assert first["articles"] == second["articles"] == size, (first, second)
            cold.append(first["seconds"])
            warm.append(second["seconds"])
            rss.append(max(first["rss_mb"], second["rss_mb"]))
            tree_rss.append(max(first["tree_rss_mb"], second["tree_rss_mb"]))
        row = {
            "articles": size,
            "cold_s": statistics.median(cold),
            "warm_s": statistics.median(warm),
            "rss_mb": statistics.median(rss),
            "tree_rss_mb": statistics.median(tree_rss),
            "runs": args.runs,
        }
        print(json.dumps(row))
        rows.append(row)
    if args.write_docs:
        write_docs(rows)


def write_docs(rows: list[dict[str, float]]) -> None:
    lines = [
        "## Load",
        "",
        "`python benchmarks/bench_load.py --write-docs` (feeds from `benchmarks/make_feed.py`,",
        "60 % of files with a body; each run a fresh interpreter, load + store + default sort;",
        "cold = empty metadata cache, warm = cache written by the cold run; the OS page cache",
        "is warm in both, as it is when a user reopens a folder). Medians; this 2-core machine.",
        "",
        "| articles | cold load | warm load | peak RSS (loading process) "
        "| peak RSS (with its workers) | runs |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['articles']:,} | {row['cold_s']:.2f} s | {row['warm_s']:.2f} s "
            f"| {row['rss_mb']:.0f} MB | {row['tree_rss_mb']:.0f} MB | {row['runs']} |"
        )
    lines += [
        "",
        f"Targets at 100k: warm <= {TARGETS['warm_100k']} s, cold <= {TARGETS['cold_100k']} s, "
        f"RSS <= {TARGETS['rss_100k']:.0f} MB.",
        "",
    ]
    replace_section("## Load", "\n".join(lines))


if __name__ == "__main__":
    main()
