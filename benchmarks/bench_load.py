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
from tui_reader.data.session import FeedSession
session = FeedSession([sys.argv[1]], cache_dir=Path(sys.argv[2]))
session.load_all()
store = session.store
store.sorted_uids()
elapsed = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb, "articles": len(store),
                  "errors": len(session.errors)}))
"""

STAGES_CHILD = """
import gc, json, sys, time
from pathlib import Path
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
marks = []
last = [time.perf_counter()]
def mark(stage):
    now = time.perf_counter()
    marks.append((stage, now - last[0], rss_mb()))
    last[0] = time.perf_counter()
mark("interpreter")
import tui_reader.app
mark("imports (the app, Textual)")
from tui_reader.data.cache import FeedCache
from tui_reader.data.folder_scan import scan
from tui_reader.data.folder_load import from_cache
from tui_reader.data.store import SortKey, Store
feed, cache_dir = sys.argv[1], Path(sys.argv[2])
gc.disable()  # as the session's load does (gc_paused)
items, _ = scan(feed)
files = {item.path: item for item in items}
mark("scan (one stat per file) + the watch's snapshot")
articles = list(from_cache(FeedCache(feed, cache_dir), items)[0])
mark("cache read part by part, records -> Articles")
store = Store(articles)
del articles
mark("store insert (by uid, key, URL)")
gc.enable()
store.prepare(SortKey.DATE)
mark("store orders and cited-by (prepare)")
from tui_reader.query import Matcher
matcher = Matcher(store)  # kept: what is measured must stay alive
matcher.run("heat", SortKey.DATE)
mark("search index (first query)")
from tui_reader.ui.similar import SimilarArticles
similar = SimilarArticles(store)
similar.prepare()
mark("similar-articles index")
print(json.dumps(marks))
del matcher, similar
"""
"""What ``--stages`` runs: the warm path stage by stage, then the app's indexes."""

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


def stages(feed: Path, size: int, root: Path) -> None:
    """Print where a warm load of ``feed`` spends its time and memory (one run)."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=root))
    try:
        measure(feed, cache)  # fills the cache
        output = subprocess.run(
            [sys.executable, "-c", STAGES_CHILD, str(feed), str(cache)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(cache)
    print(f"| {size:,} articles: stage | time | RSS after |")
    print("|---|---:|---:|")
    for stage, seconds, rss in json.loads(output):
        print(f"| {stage} | {seconds * 1000:.0f} ms | {rss:.0f} MB |")


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
    parser.add_argument(
        "--stages",
        action="store_true",
        help="time and RSS after each stage of a warm load, then of the app's indexes",
    )
    args = parser.parse_args()
    if args.stages:
        for size in args.sizes:
            stages(feed_of(size, args.root), size, args.root)
        return
    rows = []
    for size in args.sizes:
        feed = feed_of(size, args.root)
        cold, warm, cold_rss, warm_rss, tree_rss = [], [], [], [], []
        for _ in range(args.runs):
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=args.root))
            first = measure(feed, cache)
            second = measure(feed, cache)
            shutil.rmtree(cache)
            assert first["articles"] == second["articles"] == size, (first, second)
            cold.append(first["seconds"])
            warm.append(second["seconds"])
            cold_rss.append(first["rss_mb"])
            warm_rss.append(second["rss_mb"])
            tree_rss.append(first["tree_rss_mb"])
        row = {
            "articles": size,
            "cold_s": statistics.median(cold),
            "warm_s": statistics.median(warm),
            "cold_rss_mb": statistics.median(cold_rss),
            "cold_tree_rss_mb": statistics.median(tree_rss),
            "warm_rss_mb": statistics.median(warm_rss),
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
        "60 % of files with a body; each run a fresh interpreter, a FeedSession's load + the",
        "default sort;",
        "cold = empty metadata cache, warm = cache written by the cold run; the OS page cache",
        "is warm in both, as it is when a user reopens a folder). Medians; this 2-core machine.",
        "",
        "| articles | cold load | warm load | peak RSS cold (the process / with its workers) "
        "| peak RSS warm | runs |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['articles']:,} | {row['cold_s']:.2f} s | {row['warm_s']:.2f} s "
            f"| {row['cold_rss_mb']:.0f} / {row['cold_tree_rss_mb']:.0f} MB "
            f"| {row['warm_rss_mb']:.0f} MB | {row['runs']} |"
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
