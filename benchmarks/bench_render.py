"""Rendering benchmark: the article list must cost the same at 1k and 100k articles.

Builds a Store of in-memory Articles (no files), runs the app headless at 160x48 and
measures, as medians of CPU time over several rounds:

- 100 cursor moves (``j`` key presses, each repainting two rows);
- a list refilter: showing a new precomputed filter result and repainting the list;
- for reference, the query itself (``Matcher.run``), which is the query engine's cost
  and grows with the feed (issue 3), and the time until the first screen is shown.

    python benchmarks/bench_render.py [--sizes 1000 100000] [--rounds 5] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui_reader.app import ReaderApp  # noqa: E402
from tui_reader.data.model import Article, Provider  # noqa: E402
from tui_reader.data.store import Store  # noqa: E402
from tui_reader.query import Matcher  # noqa: E402
from tui_reader.ui.reader_screen import ReaderScreen  # noqa: E402

WORDS = [
    "city",
    "council",
    "transit",
    "heat",
    "pump",
    "satellite",
    "methane",
    "union",
    "police",
    "privacy",
    "data",
    "open",
    "source",
    "model",
    "license",
    "rail",
    "fare",
    "bike",
    "library",
    "school",
    "port",
    "shore",
    "power",
    "storm",
]
PROVIDERS = [
    Provider(name, f"{name.lower().replace(' ', '')}.example")
    for name in (
        "Harbor Ledger",
        "Circuit Weekly",
        "The Civic Wire",
        "Open Science Press",
        "Metro Transit",
    )
]
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def make_store(count: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        articles.append(
            Article(
                key=f"https://bench.example/{n}",
                path=f"/nonexistent/{n}.md",
                rel_path=f"{n}.md",
                title=title,
                provider=rng.choice(PROVIDERS),
                published_at=NOW - timedelta(minutes=rng.randint(0, 5_000_000)),
                web_url=f"https://bench.example/{n}",
                quality=rng.randint(0, 100),
                heat=rng.randint(0, 100),
                topics=(rng.choice(WORDS),),
            )
        )
    return Store(articles)


async def session(store: Store) -> dict[str, float]:
    """One app run: a warm-up, then 100 cursor moves and a refilter, in CPU time."""
    app = ReaderApp([], store=store, clock=lambda: NOW)
    started = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        first_screen = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        articles = screen.article_list
        result = Matcher(store).run("heat")
        start = time.perf_counter()
        Matcher(store).run("rail fare")
        query = time.perf_counter() - start
        for _ in range(20):  # warm-up: caches, first renders
            await pilot.press("j")
        # CPU time, not wall time: Pilot sleeps after each key until the app is idle,
        # which would measure the harness rather than the app.
        start = time.process_time()
        for _ in range(100):
            await pilot.press("j")
        await pilot.pause()
        moves = time.process_time() - start
        start = time.process_time()
        articles.show_result(result)
        await pilot.pause()
        refilter = time.process_time() - start
    return {"first_screen": first_screen, "moves": moves, "refilter": refilter, "query": query}


def measure(sizes: list[int], rounds: int) -> dict[int, dict[str, float]]:
    """Medians per size; sizes alternate within each round so that load from other
    processes on the machine weighs on both alike."""
    stores = {size: make_store(size) for size in sizes}
    samples: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    for _ in range(rounds):
        for size in sizes:
            samples[size].append(asyncio.run(session(stores[size])))
    return {
        size: {name: statistics.median(run[name] for run in runs) for name in runs[0]}
        for size, runs in samples.items()
    }


def report(results: dict[int, dict[str, float]]) -> str:
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    lines = [
        "## Rendering",
        "",
        "`python benchmarks/bench_render.py --write-docs`: the app headless at 160x48 on an",
        "in-memory store; medians of CPU time (Pilot sleeps while waiting for the app to be",
        "idle, so wall time would measure the harness). Cursor moves and refilter (key",
        "handling, messages, and repainting) are the list's own cost (a",
        "Line-API view: only visible rows are rendered); the query column is the engine's",
        "`Matcher.run` (issue 3), listed for reference, and grows with the feed.",
        "",
        "| articles | 100 cursor moves | list refilter | first screen | query (reference) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        row = results[size]
        lines.append(
            f"| {size:,} | {row['moves'] * 1000:.0f} ms | {row['refilter'] * 1000:.1f} ms "
            f"| {row['first_screen'] * 1000:.0f} ms | {row['query'] * 1000:.1f} ms |"
        )
    lines += [
        "",
        f"Ratio {sizes[-1]:,} / {sizes[0]:,}: cursor moves "
        f"{large['moves'] / small['moves']:.2f}, refilter "
        f"{large['refilter'] / small['refilter']:.2f} (target <= 1.2). Measured on "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end of the run "
        "(absolute times vary with that load; the ratio is the point).",
        "",
    ]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from docs_section import replace_section

    replace_section("## Rendering", section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results = measure(args.sizes, args.rounds)
    section = report(results)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
