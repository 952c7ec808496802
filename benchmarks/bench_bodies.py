"""Body search benchmark: the FTS5 index of 100,000 article files, beside ``grep``.

Measures, on a feed from ``make_feed.py`` (60 % of the files carry a Markdown body):

- cold build: an empty cache directory, every file read and indexed
  (``FeedBodies.update``, what the app runs in the background after loading);
- warm update: nothing changed (what every start costs once the index exists);
- incremental: 100 files rewritten, then updated;
- ``body:`` queries as the list runs them: ``Matcher.run`` + ``len()`` + the first 50
  uids + the snippets of the first 20 rows (a screen), for words of every frequency,
  prefixes and phrases; beside ``grep -rliF`` over the same folder for the words
  (a peer that needs no index, in the same run);
- the size of the index on disk.

    python benchmarks/bench_bodies.py [--size 100000] [--feed DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing
sys.path.insert(0, str(HERE))

from bench_query import percentile  # noqa: E402

from tui_reader.data.body_index import RANKED_HITS  # noqa: E402
from tui_reader.data.feed_bodies import FeedBodies  # noqa: E402
from tui_reader.data.folder_scan import scan  # noqa: E402
from tui_reader.data.session import load_feed  # noqa: E402
from tui_reader.data.store import Store  # noqa: E402
from tui_reader.query import Matcher  # noqa: E402

WINDOW = 50
SNIPPETS = 20
ROUNDS = 3
TARGET_COLD_S, TARGET_WARM_S, TARGET_QUERY_P95_MS = 60.0, 2.0, 50.0
# Words of every frequency in make_feed's bodies, prefixes, and phrases of its quotes.
QUERIES = [
    "body:kestrel",
    "body:reykjavik",
    "body:zurich",
    "body:whistleblower",
    "body:desalination",
    "body:ridership",
    "body:wind",
    "body:court",
    "body:the",
    "body:surveil*",
    "body:desal*",
    "body:kraków",
    'body:"court ruling"',
    'body:"we will see them in court"',
    'body:"the public deserves answers"',
    'body:"this is not the end of the fight"',
    'body:"heat pump rebates"',
    "body:moratorium",
    "zephyr body:wind",
    "body:tariffs !body:court",
]
GREP_WORDS = ["kestrel", "reykjavik", "whistleblower", "court"]


def feed_folder(size: int, feed: Path | None) -> Path:
    if feed is not None:
        return feed
    from make_feed import make_feed  # type: ignore[import-not-found]

    root = Path(tempfile.gettempdir()) / f"tui-reader-bench-feed-{size}"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        make_feed(size, root)
        (root / ".complete").touch()
    return root


def timed(action: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - started, result


def size_on_disk(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.glob("bodies-*"))


def show_body_result(matcher: Matcher, text: str) -> int:
    """What the list does for a ``body:`` query; returns the number of matches."""
    result = matcher.run(text)
    count = len(result.uids)
    for at, uid in enumerate(result.uids[:WINDOW]):
        result.highlight(uid)
        if at < SNIPPETS:
            result.snippet(uid)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--feed", type=Path, help="an existing feed folder to use instead")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    folder = feed_folder(args.size, args.feed)
    store = Store(load_feed([str(folder)]).articles)
    files, _errors = scan(str(folder))
    text_bytes = sum(item.size for item in files)
    load_before = os.getloadavg()[0]
    cache = Path(tempfile.mkdtemp(prefix="tui-reader-bench-bodies-"))
    try:
        bodies = FeedBodies([str(folder)], cache)
        cpu_started = time.process_time()
        cold, _ = timed(bodies.update)
        cold_cpu = time.process_time() - cpu_started
        warm, _ = timed(bodies.update)
        for item in files[:: max(1, len(files) // 100)][:100]:
            os.utime(item.path, ns=(item.mtime_ns + 1_000_000_000, item.mtime_ns + 1_000_000_000))
        incremental, _ = timed(bodies.update)
        index_bytes = size_on_disk(cache)
        matcher = Matcher(store, bodies)
        matcher.prepare()
        show_body_result(matcher, QUERIES[0])  # the first body query maps document ids
        rounds: dict[str, list[float]] = {text: [] for text in QUERIES}
        counts: dict[str, int] = {}
        for _round in range(ROUNDS):
            for text in QUERIES:
                matcher.reset_refinement()  # each query as if typed first
                elapsed, count = timed(lambda text=text: show_body_result(matcher, text))
                rounds[text].append(elapsed * 1000)
                counts[text] = int(count)  # type: ignore[call-overload]
        times = {text: statistics.median(values) for text, values in rounds.items()}
        grep = shutil.which("grep")
        grep_times = {}
        if grep:
            for word in GREP_WORDS:
                elapsed, _ = timed(
                    lambda word=word: subprocess.run(
                        [grep, "-rliF", word, str(folder)], capture_output=True, check=False
                    )
                )
                grep_times[word] = elapsed * 1000
        bodies.close()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    load_after = os.getloadavg()[0]
    values = list(times.values())
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    rows = ["| query | hits | median time (ms) |", "|---|---:|---:|"]
    rows += [f"| `{text}` | {counts[text]:,} | {times[text]:.1f} |" for text in QUERIES]
    meets = cold <= TARGET_COLD_S and warm <= TARGET_WARM_S and p95 <= TARGET_QUERY_P95_MS
    lines = [
        f"`python benchmarks/bench_bodies.py` — {len(files):,} files "
        f"({text_bytes / 1e6:,.0f} MB, from make_feed.py, 60 % with a body), "
        f"on {datetime.now(UTC):%Y-%m-%d}, load average {load_before:.1f} before and "
        f"{load_after:.1f} after (2 cores shared with other jobs); query times are the"
        f" median of {ROUNDS} rounds, each query run as if it were the first.",
        "",
        "| what | measured | target |",
        "|---|---:|---:|",
        f"| cold build (every file read and indexed) | {cold:.1f} s ({cold_cpu:.1f} s CPU) "
        f"| <= {TARGET_COLD_S:.0f} s |",
        f"| warm update, nothing changed | {warm:.2f} s | <= {TARGET_WARM_S:.0f} s |",
        f"| update after 100 files changed | {incremental:.2f} s | |",
        f"| `body:` query p50 / p95 ({len(QUERIES)} queries) | {p50:.1f} / {p95:.1f} ms "
        f"| p95 <= {TARGET_QUERY_P95_MS:.0f} ms |",
        f"| index on disk | {index_bytes / 1e6:.0f} MB | |",
        "",
        "Targets: " + ("met." if meets else "NOT all met (see above)."),
        "",
        *rows,
        "",
        "A query here = `Matcher.run` + `len()` + the first 50 uids and their highlights"
        " + the snippets of the first 20 rows (each cut from its file, read again). Up to"
        f" {RANKED_HITS:,} hits are ordered by BM25, more come newest first (`body:the`"
        " matches every body: the worst case). The warm update is one scan of the folder"
        " (a stat per file) and one read of the index's file list; the app can hand it the"
        " scan it made to load.",
    ]
    if grep_times:
        cells = ", ".join(f"`{word}` {ms:,.0f} ms" for word, ms in grep_times.items())
        lines += ["", f"Peer, same run: `grep -rliF WORD` over the folder (no index): {cells}."]
    print("\n".join(lines))
    if args.write_docs:
        from docs_section import replace_section

        replace_section("## Body search", "\n".join(["## Body search", "", *lines]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
