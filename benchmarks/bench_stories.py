"""Story detection benchmark: clustering 100,000 articles, warm starts, updates, memory.

The feed is written by this script, not by ``make_feed.py``: story detection's cost is
in the rare words articles share, and make_feed's small template vocabulary makes
almost every word common (then nearly nothing is compared, and the figure flatters).
Here each article draws its words from a Zipf distribution over 120,000 made-up words
among English function words, over one year of dates, and 15 % of the articles are
planted reports of 2-4 per event (sharing a dozen rarer "event" words, in different
sentences), 2 % are copies of another article's URL with tracking parameters, 3 % have
no date (half with a "Posted on" line). The labelled sample feed is copied in too, so
its precision and recall are measured among 100,000 other articles.

Measured (medians of ``--rounds``; the machine is shared, see docs/benchmarks.md):

- the signature's share of a cold load (µs a file, in-process);
- a full clustering (``FeedStories.prepare`` without a story cache): time, peak memory
  allocated (tracemalloc, a separate run), what is kept afterwards;
- a warm start (the story cache read, nothing changed);
- updates: 100 new files (3 % without a date, as in the feed), 100 changed, 100
  removed, 100 new without any date
  (the watch's path: ``FeedSession.poll``/``apply``, then ``prepare``, which writes the
  story cache as the app's does; the poll excluded), the first batch of new files apart
  (the first update placing a file without a date builds the postings of the whole
  feed), and what the builder keeps then;
- pairwise precision and recall of the planted stories and of the labelled sample feed;
- the installed command: ``tui-reader --list --stories --count`` against ``--list
  --count`` (warm caches), as a script runs it.

    python benchmarks/bench_stories.py [--size 100000] [--feed DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from bisect import bisect
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(HERE))

from docs_section import replace_section  # noqa: E402

from tui_reader.data.loader import load_detail  # noqa: E402
from tui_reader.data.session import FeedSession  # noqa: E402
from tui_reader.data.stories.feed_stories import FeedStories, story_cache_for  # noqa: E402
from tui_reader.data.stories.signature import story_signature  # noqa: E402

SECTION = "## Stories"
TARGET_FULL_S, TARGET_UPDATE_S = 30.0, 1.0
VOCABULARY = 120_000
STORY_SHARE, COPY_SHARE, UNDATED_SHARE = 0.15, 0.02, 0.03
START = datetime(2025, 1, 1, tzinfo=UTC)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _split(
    "ka ri to ne sa mo lu vi de ra po zen tal mir bor cas fen gul har jin kol lem nar "
    "osk pel quin rud sev tor ulm vak wes yar zol bri cla dro fla gre kri pla sto tra "
    "vel mar gan dor lis ket bal sun hol rin tek vor ana eli ora uni ast"
)
_FUNCTION = _split(
    "the of and to in a is that for on with as by at from it was be this are or an "
    "has have which but not were its after their said more also over than into about "
    "who been would will they had up one all new there"
)


def _vocabulary(seed: int) -> list[str]:
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3, 3, 4))))] = None
    return list(words)


def _zipf_cumulative(size: int, exponent: float = 1.07) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += rank**-exponent
        cumulative.append(total)
    return cumulative


class _Writer:
    """Makes the articles of one chunk (a pure function of seed and index)."""

    def __init__(self, seed: int) -> None:
        self.words = _vocabulary(seed)
        self.cumulative = _zipf_cumulative(len(self.words))
        self.seed = seed

    def _word(self, rng: random.Random) -> str:
        return self.words[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def _sentence(self, rng: random.Random, length: int, event: list[str], shared: int) -> str:
        picked = [self._word(rng) for _ in range(length)]
        for word in rng.sample(event, min(shared, len(event))) if event else ():
            picked[rng.randrange(len(picked))] = word
        out = []
        for word in picked:
            if rng.random() < 0.4:
                out.append(rng.choice(_FUNCTION))
            out.append(word.capitalize() if rng.random() < 0.06 else word)
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def article(self, index: int, story: int | None, member: int) -> tuple[str, str]:
        """(file name, text) of article ``index`` (``story``: its planted event)."""
        rng = random.Random(self.seed * 1_000_003 + index)
        event: list[str] = []
        day = rng.randrange(365)
        if story is not None:
            events = random.Random(self.seed * 7919 + story)
            event = [self.words[events.randrange(1500, 90_000)] for _ in range(10)]
            event += [self.words[events.randrange(200, 3000)].capitalize() for _ in range(3)]
            day = events.randrange(365) + (member % 3)
        moment = START + timedelta(days=day, minutes=rng.randrange(24 * 60))
        title = " ".join(w.capitalize() for w in self._sentence(rng, 9, event, 5)[:-1].split())
        excerpt = self._sentence(rng, 28, event, 8)
        paragraphs = [self._sentence(rng, rng.randrange(45, 70), event, 10)]
        paragraphs += [self._sentence(rng, rng.randrange(40, 70), [], 0) for _ in range(3)]
        provider = f"Provider {rng.randrange(200)}"
        url = f"https://www.site{rng.randrange(200)}.example/{day}/{index}"
        undated = rng.random() < UNDATED_SHARE
        lines = ["---", f'title: "{title}"', f'excerpt: "{excerpt}"']
        if not undated:
            lines.append(f"publishedDateTime: {moment:%Y-%m-%dT%H:%M:%SZ}")
        elif rng.random() < 0.5:
            paragraphs.insert(0, f"Posted on {moment:%b %d, %Y} by the desk staff today")
        lines += [f'webUrl: "{url}"', f"provider: {provider}", f"quality: {rng.randrange(100)}"]
        lines += ["---", "", "\n\n".join(paragraphs), ""]
        return f"{index // 1000:03d}/{index:06d}.md", "\n".join(lines)


def _plan(size: int, seed: int) -> list[tuple[int | None, int]]:
    """(story, member) for each index: planted events of 2-4 reports, the rest alone."""
    rng = random.Random(seed)
    plan: list[tuple[int | None, int]] = [(None, 0)] * size
    order = list(range(size))
    rng.shuffle(order)
    at, story = 0, 0
    planted = int(size * STORY_SHARE)
    while at < planted:
        count = rng.choice((2, 2, 3, 4))
        for member, index in enumerate(order[at : at + count]):
            plan[index] = (story, member)
        at += count
        story += 1
    return plan


def _write_chunk(args: tuple[str, int, int, int, list[tuple[int | None, int]]]) -> None:
    directory, seed, start, stop, plan = args
    writer = _Writer(seed)
    rng = random.Random(seed + start)
    for index in range(start, stop):
        story, member = plan[index - start]
        name, text = writer.article(index, story, member)
        path = Path(directory) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if story is None and rng.random() < COPY_SHARE and index > start:
            # A copy of the article before, saved from a link shared with tracking
            # parameters: the same story by its canonical URL.
            before = Path(directory) / f"{(index - 1) // 1000:03d}/{index - 1:06d}.md"
            lines = before.read_text(encoding="utf-8").split("\n")
            for at, line in enumerate(lines):
                if line.startswith('webUrl: "https://www.'):
                    url = line[len('webUrl: "https://www.') : -1]
                    lines[at] = f'webUrl: "http://{url}/?utm_source=feed&fbclid=x1"'
            text = "\n".join(lines)
        path.write_text(text, encoding="utf-8")


def write_feed(directory: Path, size: int, seed: int = 7) -> dict[str, list[str]]:
    """Write the feed; the planted stories by relative path (copies excluded)."""
    plan = _plan(size, seed)
    chunk = 5000
    jobs = [
        (str(directory), seed, start, min(size, start + chunk), plan[start : start + chunk])
        for start in range(0, size, chunk)
    ]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_write_chunk, jobs))
    stories: dict[str, list[str]] = {}
    for index, (story, _member) in enumerate(plan):
        if story is not None:
            stories.setdefault(str(story), []).append(f"{index // 1000:03d}/{index:06d}.md")
    return stories


# -- measuring -----------------------------------------------------------------------------


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for group in groups for p in itertools.combinations(group, 2)}


def precision_recall(found: list[list[str]], truth: list[list[str]]) -> tuple[float, float]:
    """Pairwise precision and recall of ``found`` against ``truth`` (over truth's files)."""
    scope = {name for group in truth for name in group}
    found_pairs = _pairs([[n for n in group if n in scope] for group in found])
    true_pairs = _pairs(truth)
    hits = len(found_pairs & true_pairs)
    return (hits / len(found_pairs) if found_pairs else 1.0, hits / len(true_pairs))


def found_stories(stories: FeedStories, prefix: str = "") -> list[list[str]]:
    store = stories.store
    return [
        [store[uid].rel_path.removeprefix(prefix) for uid in members if uid in store]
        for members in stories.current.multi_member_stories()
    ]


def signature_cost(session: FeedSession, sample: int = 3000) -> float:
    """µs a file for the signature, on texts read back from the feed (in-process)."""
    articles = list(session.store)[:sample]
    inputs = []
    for article in articles:
        detail = load_detail(article)
        if not isinstance(detail, Exception) and hasattr(detail, "body"):
            inputs.append((article.title, detail.excerpt, detail.body, True))
    started = time.perf_counter()
    for title, excerpt, body, dated in inputs:
        story_signature(title, excerpt, body, dated=dated)
    return (time.perf_counter() - started) / len(inputs) * 1e6


def timed(function: object) -> float:
    started = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - started


def signature_bytes(session: FeedSession) -> int:
    return sum(len(a.story_signature) + 33 for a in session.store)


def _new_files(feed: Path, count: int, round_: int, *, undated: bool) -> list[Path]:
    writer = _Writer(99 + round_)
    paths = []
    for n in range(count):
        name, text = writer.article(900_000 + round_ * 1000 + n, n // 2, n % 2)
        if undated:
            text = "\n".join(line for line in text.split("\n") if "publishedDateTime" not in line)
        path = feed / "new" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def update_time(session: FeedSession, stories: FeedStories, change: object) -> float:
    change()  # type: ignore[operator]
    session.apply(session.poll())
    return timed(stories.prepare)


def cli_seconds(feed: Path, cache: Path, *args: str, rounds: int) -> float:
    program = Path(sys.executable).with_name("tui-reader")
    command = [str(program), "--cache-dir", str(cache), str(feed)]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([*command, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sweep(session: FeedSession, planted: list[list[str]], labelled: list[list[str]]) -> None:
    """Precision and recall at thresholds around the default, among the whole feed."""
    from tui_reader.data.stories.story_params import StoryParams

    print("| threshold | labelled: precision / recall | planted: precision / recall |")
    print("| --- | --- | --- |")
    for threshold in (0.2, 0.25, 0.28, 0.3, 0.33, 0.36, 0.4):
        params = StoryParams(threshold=threshold, related_threshold=min(threshold, 0.2))
        stories = FeedStories(session.store, params=params)
        stories.prepare()
        label = precision_recall(found_stories(stories, "labelled/"), labelled)
        plant = precision_recall(found_stories(stories), planted)
        cells = f"{label[0]:.3f} / {label[1]:.3f} | {plant[0]:.3f} / {plant[1]:.3f}"
        print(f"| {threshold:.2f} | {cells} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--feed", type=Path, help="reuse (or write) the feed here")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="instead: precision and recall of the labelled and planted stories at several "
        "thresholds (docs/stories.md)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    feed = args.feed or work / "feed"
    truth_file = feed / ".truth.json"
    if not truth_file.exists():
        started = time.perf_counter()
        truth = write_feed(feed, args.size)
        shutil.copytree(ROOT / "sample_feed", feed / "labelled")
        truth_file.write_text(json.dumps(truth))
        print(f"wrote {args.size:,} files in {time.perf_counter() - started:.0f} s", flush=True)
    planted = list(json.loads(truth_file.read_text()).values())
    labelled = list(
        json.loads((ROOT / "tests/fixtures/stories.json").read_text())["stories"].values()
    )
    cache = work / "cache"
    session = FeedSession([str(feed)], cache_dir=cache)
    load_s = timed(session.load_all)
    if args.sweep:
        sweep(session, planted, labelled)
        return
    count = len(session.store)
    print(f"loaded {count:,} articles (cold, 2 workers) in {load_s:.1f} s", flush=True)
    sig_us = signature_cost(session)
    print(f"signature: {sig_us:.0f} µs a file", flush=True)

    full = []
    for _ in range(args.rounds):
        stories = FeedStories(session.store)
        full.append(timed(stories.prepare))
        print(f"full clustering: {full[-1]:.1f} s", flush=True)
    builder_bytes = stories._builder.nbytes
    index_bytes = stories.current.nbytes
    sig_bytes = signature_bytes(session)
    tracemalloc.start()
    FeedStories(session.store).prepare()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak allocated while clustering: {peak / 1e6:.0f} MB", flush=True)
    precision, recall = precision_recall(found_stories(stories), planted)
    label_p, label_r = precision_recall(found_stories(stories, "labelled/"), labelled)
    print(f"planted P/R {precision:.3f}/{recall:.3f}; labelled P/R {label_p:.3f}/{label_r:.3f}")
    sizes = [len(m) for m in stories.current.multi_member_stories()]

    cached = FeedStories(session.store, story_cache_for(session))
    cached.prepare()  # writes the story cache
    warm = []
    for _ in range(args.rounds):
        warm.append(timed(FeedStories(session.store, story_cache_for(session)).prepare))
    print(f"warm start: {statistics.median(warm):.2f} s", flush=True)

    live = FeedStories(session.store, story_cache_for(session))  # as the app: saved each time
    live.prepare()
    # As the app's prepare worker: what updates need, built ahead once the stories are in.
    ahead = timed(live.prepare_updates)
    updates: dict[str, list[float]] = {"new": [], "changed": [], "removed": [], "undated": []}
    for round_ in range(args.rounds):
        added: list[Path] = []
        updates["new"].append(
            update_time(
                session,
                live,
                lambda r=round_, added=added: added.extend(_new_files(feed, 100, r, undated=False)),
            )
        )
        updates["changed"].append(
            update_time(
                session,
                live,
                lambda added=added: [
                    p.write_text(p.read_text() + "\nOne more line.\n") for p in added
                ],
            )
        )
        updates["removed"].append(
            update_time(session, live, lambda added=added: [p.unlink() for p in added])
        )
        updates["undated"].append(
            update_time(session, live, lambda r=round_: _new_files(feed, 100, 50 + r, undated=True))
        )
        print({k: f"{v[-1]:.2f} s" for k, v in updates.items()}, flush=True)
    updated_bytes = live._builder.nbytes
    shutil.rmtree(feed / "new", ignore_errors=True)

    cli_plain = cli_seconds(feed, cache, "--list", "--count", rounds=args.rounds)
    cli_stories = cli_seconds(feed, cache, "--list", "--stories", "--count", rounds=args.rounds)
    print(f"CLI warm: --count {cli_plain:.2f} s, --stories --count {cli_stories:.2f} s")

    median = statistics.median
    rows = [
        ("articles (planted stories of 2-4: 15 %, URL copies 2 %, undated 3 %)", f"{count:,}", ""),
        ("signature, in a cold load (in-process, per file)", f"{sig_us:.0f} µs", ""),
        (
            "full clustering, no story cache (`FeedStories.prepare`)",
            f"{median(full):.1f} s (runs: {', '.join(f'{t:.1f}' for t in full)})",
            f"<= {TARGET_FULL_S:.0f} s",
        ),
        ("peak allocated while clustering (tracemalloc)", f"{peak / 1e6:.0f} MB", ""),
        (
            "kept: signatures in the articles / builder / story index",
            f"{sig_bytes / 1e6:.1f} / {builder_bytes / 1e6:.1f} / {index_bytes / 1e6:.1f} MB",
            "",
        ),
        ("warm start (story cache read, nothing changed)", f"{median(warm):.2f} s", ""),
        (
            "the feed's postings, built ahead after the warm start (the app's prepare worker)",
            f"{ahead:.2f} s",
            "",
        ),
        (
            "update: 100 new files, the first of the run (3 % of them without a date)",
            f"{updates['new'][0]:.2f} s",
            f"<= {TARGET_UPDATE_S} s",
        ),
        (
            "update: 100 new files, the next ones",
            f"{median(updates['new'][1:] or updates['new']):.2f} s",
            f"<= {TARGET_UPDATE_S} s",
        ),
        ("update: those 100 files changed", f"{median(updates['changed']):.2f} s", ""),
        ("update: those 100 files removed", f"{median(updates['removed']):.2f} s", ""),
        (
            "update: 100 new files without any date (compared with every day)",
            f"{median(updates['undated']):.2f} s (runs: "
            + ", ".join(f"{t:.2f}" for t in updates["undated"])
            + ")",
            f"<= {TARGET_UPDATE_S} s",
        ),
        (
            "kept by the builder after these updates (with the feed's postings)",
            f"{updated_bytes / 1e6:.1f} MB",
            "",
        ),
        ("planted stories: pairwise precision / recall", f"{precision:.3f} / {recall:.3f}", ""),
        (
            "labelled sample feed among them: precision / recall",
            f"{label_p:.3f} / {label_r:.3f}",
            "",
        ),
        ("stories of 2 or more found; largest", f"{len(sizes):,}; {max(sizes, default=0)}", ""),
        (
            "installed `tui-reader --list --stories --count` / `--list --count` (warm)",
            f"{cli_stories:.2f} / {cli_plain:.2f} s (ratio {cli_stories / cli_plain:.2f})",
            "",
        ),
    ]
    table = ["| measure | result | target |", "| --- | --- | --- |"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    print("\n".join(table))
    if args.write_docs:
        load = os.getloadavg()[0]
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        text = (
            f"{SECTION}\n\n`python benchmarks/bench_stories.py --size {args.size}` "
            f"({datetime.now(UTC):%Y-%m-%d}, commit {commit or 'unknown'}, {args.rounds} "
            f"rounds, load average {load:.1f} at the end). This machine has 2 cores shared "
            "with other engineers' test runs: "
            "the times are noisy, compare rows of one run. The feed is the script's own "
            "(see its docstring: Zipf-distributed words, planted stories, the labelled "
            "sample feed copied in), loaded cold with 2 workers first; clustering runs in "
            "one thread, as in the app's worker. The planted stories are random text, which "
            "never collides: their precision is the check (no false merge among 100,000), "
            "their recall says how alike the generator writes reports, not how good the "
            "method is (for that: the labelled row, and docs/stories.md). The command-line "
            "row is the installed program run as a script runs it (no terminal); the app's "
            "`z` reads the same story index, prepared in its background worker.\n\n"
            + "\n".join(table)
            + "\n"
        )
        replace_section(SECTION, text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
