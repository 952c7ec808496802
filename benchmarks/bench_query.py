"""Query benchmark: ``Matcher.run`` at 100,000 articles, side by side with ``fzf --filter``.

Each timed query does what the list does: run the query, take ``len()`` of the result,
the first 50 uids and their highlight spans. Queries are every prefix (1 to 20
characters) of a few realistic searches, timed two ways:

- cold: each query alone (the matcher's per-word cache is emptied first);
- typing: the prefixes in order, as keystrokes arrive (refinement from earlier words).

``fzf --filter`` runs once per query over the same ``title provider`` lines (its time
includes start-up and reading the lines, as a pipe would).

    python benchmarks/bench_query.py [--size 100000] [--feed DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from tui_reader.data.model import Article, Provider  # noqa: E402
from tui_reader.data.session import load_feed  # noqa: E402
from tui_reader.data.store import SortKey, Store  # noqa: E402
from tui_reader.query import Matcher  # noqa: E402

WINDOW = 50
SEARCHES = [
    "comon dreams",
    "amzn surveil",
    "climate pledge",
    "rent cap chicago",
    "federal regulators",
    "zephyr wind farm",
    "heat pump rebates",
    "privacy advocates",
    "sao paulo",
    "minimum wage hike",
]
BUCKETS = [(1, 2), (3, 5), (6, 10), (11, 20)]
TARGET_P50_MS, TARGET_P95_MS = 10.0, 30.0
# Where the time goes (kept with the table: it is why the targets are or are not met).
ANALYSIS = [
    "Before this round (engine of commit 023856c), all 1–20, p50 / p95 ms: cold 77.3 /",
    "181.6, typing 6.2 / 104.0, fzf 163.6 / 405.1 in its own run; re-run under load",
    "(average ~3) at the start of this round: cold 100.9 / 272.0, typing 14.7 / 230.5,",
    "fzf 521.7 / 997.1. Compare with fzf of the same run: the machine's load varies.",
    "Where the time goes: a word of 1–3 characters is pure bitset work once the substring",
    "bitsets of it and of its word-start form are cached for the store; the first query",
    "using a given 1–4 character string pays one scan of the search strings that hold its",
    "characters and shorter pieces (up to 10–40 ms here at 100,000 articles), later ones",
    "nothing. The cold column keeps these index caches",
    "(as it keeps the per-character bitsets); it only empties the per-word refinement",
    "cache. Words of 4+ characters are still scored with rapidfuzz `partial_ratio` over",
    "every article that passes the prefilter, because the count shown must be exact and",
    "the match set is defined by that score. The prefilter is sound and tighter than",
    "before: all characters but one, plus a bound derived from partial_ratio's definition",
    "(a word of m characters that reaches the cutoff shares at least k of its bigrams",
    "verbatim with the text: k = 1 for m = 5–6, 2 for 7–9, 3 for 10–12…), intersected over",
    "all fuzzy words of the query before any is scored, most selective first. It changes",
    "no result (identical counts, order and highlights for every benchmark query, cold",
    "and typing, plus operator and typo queries, at 100,000 articles, against the",
    "previous engine). Still, 4–6 character words keep 30,000–95,000 candidates (4",
    "characters at cutoff 75 match up to 68 % of titles: `como` 67,663) and",
    "partial_ratio costs ~1–2 µs per 100-character string, so such queries stay at",
    "50–250 ms. Meeting the target needs a match definition that bitsets can count",
    "(bigram or skip-bigram coverage over an index built once per store), with",
    "partial_ratio only ranking the visible window. That changes what matches (for",
    "`advo`, 10,292 articles match today but only 5,562 share 2 of its 3 bigrams), so it",
    "is a product decision, not an optimisation. numpy (for rapidfuzz `cdist` with",
    "`workers=2`) was not added: at best 2x on the scoring on this shared 2-core machine,",
    "still far from the target. Runs vary a lot here: other jobs share the 2 cores (load",
    "average 2–3 during these runs; compare the fzf column with earlier runs).",
]


def queries() -> list[str]:
    """Every prefix of 1..20 characters of each search (no trailing spaces)."""
    found = []
    for search in SEARCHES:
        for length in range(1, min(20, len(search)) + 1):
            prefix = search[:length]
            if not prefix.endswith(" "):
                found.append(prefix)
    return found


# -- the feed ---------------------------------------------------------------------------


def synthetic_store(size: int, seed: int = 0) -> Store:
    """A store of ``size`` articles with headline-like titles, built in memory."""
    rng = random.Random(seed)
    subjects = "Senators|Regulators|Nurses|Tenant groups|Privacy advocates|Farmers|The EPA|Amazon|"
    subjects += "Helix Motors|Zephyr Wind|Federal regulators|Gig workers|Mayor of São Paulo|Voters"
    verbs = "push for|fight|back|block|delay|approve|probe|warn of|rally against|sue over|unveil"
    things = "rent cap|climate pledge|minimum wage hike|surveillance program|heat pump rebates|"
    things += "wind farm|data privacy rules|chip plant|merger|strike|tariffs|subway expansion"
    places = "Chicago|Zürich|Bogotá|Montréal|Lagos|Seattle|Denver|Kraków|Tokyo|London|Reykjavík"
    providers = [
        Provider(f"{a} {b}", f"{a}{b}.com".lower())
        for a in ("Pacific", "Harbor", "Metro", "Valley", "Union", "Summit", "Coastal", "Prairie")
        for b in ("Press", "Ledger", "Bulletin", "Gazette", "Times", "Courier", "Herald", "Post")
    ]
    providers.append(Provider("Common Dreams", "commondreams.org"))
    start = datetime(2019, 1, 1, tzinfo=UTC)
    pick = [s.split("|") for s in (subjects, verbs, things, places)]
    articles = []
    for index in range(size):
        title = f"{rng.choice(pick[0])} {rng.choice(pick[1])} {rng.choice(pick[2])}"
        title += f" in {rng.choice(pick[3])} amid {rng.choice(pick[2])}"
        articles.append(
            Article(
                key=f"k{index}",
                path=f"/feed/{index}.md",
                rel_path=f"{index}.md",
                title=title,
                provider=rng.choice(providers),
                published_at=start + timedelta(minutes=rng.randrange(3_000_000)),
                quality=rng.randrange(101),
            )
        )
    return Store(articles)


def make_store(size: int, feed: Path | None) -> tuple[Store, str]:
    if feed is not None:
        return Store(load_feed([str(feed)]).articles), f"{feed} (loaded)"
    sys.path.insert(0, str(HERE))
    try:
        from make_feed import make_feed  # type: ignore[import-not-found]
    except ImportError:
        return synthetic_store(size), "synthetic titles built in memory (make_feed.py absent)"
    root = Path(tempfile.gettempdir()) / f"tui-reader-bench-feed-{size}"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        make_feed(size, root)
        (root / ".complete").touch()
    return Store(load_feed([str(root)]).articles), f"make_feed.py, {size} files"


# -- timing -----------------------------------------------------------------------------


def show_window(matcher: Matcher, text: str) -> int:
    """What the list does on a keystroke; returns the number of matches."""
    result = matcher.run(text, SortKey.DATE)
    count = len(result.uids)
    for uid in result.uids[:WINDOW]:
        result.highlight(uid)
    return count


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def run_ours(matcher: Matcher, texts: list[str], *, typing: bool) -> dict[str, float]:
    times: dict[str, float] = {}
    for text in texts:
        if not typing:
            matcher.reset_refinement()
        times[text] = timed(lambda text=text: show_window(matcher, text))  # type: ignore[misc]
    return times


def run_fzf(fzf: str, lines: bytes, texts: list[str]) -> dict[str, float]:
    times = {}
    for text in texts:
        times[text] = timed(
            lambda text=text: subprocess.run(  # type: ignore[misc]
                [fzf, "--filter", text], input=lines, capture_output=True, check=False
            )
        )
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def table(columns: dict[str, dict[str, float]], texts: list[str]) -> list[str]:
    header = "| query length | n |" + "".join(f" {name} p50 / p95 (ms) |" for name in columns)
    rows = [header, "|---|---|" + "---|" * len(columns)]
    for low, high in [*BUCKETS, (1, 20)]:
        chosen = [t for t in texts if low <= len(t) <= high]
        cells = []
        for times in columns.values():
            values = [times[t] for t in chosen]
            cells.append(f" {percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f} |")
        label = "all (1–20)" if (low, high) == (1, 20) else f"{low}–{high}"
        rows.append(f"| {label} | {len(chosen)} |" + "".join(cells))
    return rows


def write_docs(lines: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    from docs_section import replace_section

    replace_section("## Query", "\n".join(["## Query", "", *lines]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--feed", type=Path, help="an existing feed folder to load instead")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    store, source = make_store(args.size, args.feed)
    matcher = Matcher(store)
    build_ms = timed(lambda: matcher.index)
    texts = queries()
    show_window(matcher, "warm up")  # first-use caches (character bitsets) are not per query
    columns = {
        "tui-reader cold": run_ours(matcher, texts, typing=False),
        "tui-reader typing": run_ours(matcher, texts, typing=True),
    }
    fzf = shutil.which("fzf")
    note = ""
    if fzf:
        lines = "".join(f"{a.title} {a.provider.name}\n" for a in store).encode()
        columns["fzf --filter"] = run_fzf(fzf, lines, texts)
    else:
        note = "fzf is not installed: its column is missing."
    rows = table(columns, texts)
    meets = all(
        percentile(list(times.values()), 0.5) <= TARGET_P50_MS
        and percentile(list(times.values()), 0.95) <= TARGET_P95_MS
        for name, times in columns.items()
        if name.startswith("tui-reader")
    )
    lines = [
        f"`python benchmarks/bench_query.py` — {len(store):,} articles ({source}), "
        f"{len(texts)} queries (every prefix of {len(SEARCHES)} searches), one run each, "
        f"on {datetime.now(UTC):%Y-%m-%d}. A timed query = `Matcher.run` + `len()` + the "
        f"first {WINDOW} uids and their highlights. Index build (once per store, lazily): "
        f"{build_ms:.0f} ms.",
        "",
        *rows,
        "",
        f"Targets: p50 <= {TARGET_P50_MS:.0f} ms, p95 <= {TARGET_P95_MS:.0f} ms per query: "
        + ("met." if meets else "NOT met in every column (see above)."),
    ]
    if not meets:
        lines += ["", " ".join(ANALYSIS)]
    if note:
        lines += ["", note]
    print("\n".join(lines))
    if args.write_docs:
        write_docs(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
