"""Load benchmark against newsboat: the same articles, imported and listed, in one run.

The feed from ``make_feed.py`` is turned into one RSS file (``feed_to_rss.py``) that
newsboat imports through a ``file://`` URL, with its own urls, cache and config files
(and ``HOME``) in a private folder. In every round and for every size, each tui-reader
command runs right next to the newsboat command it is compared with (which one goes
first alternates between rounds):

- cold: ``tui-reader --list --count`` with an empty metadata cache (and the triage state
  holding actions) against ``newsboat -x reload`` into an empty cache;
- warm: ``tui-reader --list --count`` with the cache of an earlier run, once without any
  triage state and once with the state holding actions, each against
  ``newsboat -x print-unread`` on its filled cache.

A ratio is the median of the per-round ratios of wall time (tui-reader / newsboat), so
that load from other jobs on the machine weighs on both sides alike. Peak memory is the
summed RSS of each command's process tree. The tui-reader measured is a non-editable
install of ``--checkout``; the OS page cache holds the files in both cases.

    python benchmarks/bench_newsboat.py [--checkout DIR] [--sizes 10000 100000]
        [--rounds 3] [--root DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_load import feed_of  # noqa: E402
from docs_section import replace_section  # noqa: E402
from installed import Installed, copy_state, describe_state, install, prepare_state  # noqa: E402
from proc_tree import ProcessTree  # noqa: E402
from stats import percentile  # noqa: E402

SECTION = "## Load against newsboat"
UNREAD = re.compile(r"(\d+) unread articles")


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_rss: int
    output: str
    cpu_seconds: float = 0.0
    """User + system time of the command and the children it reaped (worker processes)."""


def timed(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to completion: wall time, peak RSS of its process tree, stdout.

    The tree is sampled every 20 ms; a command that ends sooner is covered by the
    ``ru_maxrss`` the kernel reports for it when it is reaped."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        tree = ProcessTree(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree.sample()
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{argv[0]} failed ({process.returncode}): {err.read().strip()}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(seconds, max(tree.peak_rss, usage.ru_maxrss * 1024), out.read(), cpu)


class Newsboat:
    """newsboat with a private urls / cache / config and HOME, reading one RSS file."""

    def __init__(self, executable: str, rss: Path, folder: Path) -> None:
        self.executable = executable
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "urls").write_text(f"file://{rss}\n", encoding="utf-8")
        (folder / "config").write_text("", encoding="utf-8")
        self.cache = folder / "cache.db"

    def _run(self, action: str) -> Run:
        argv = [self.executable, "-u", str(self.folder / "urls"), "-c", str(self.cache)]
        argv += ["-C", str(self.folder / "config"), "-x", action]
        return timed(argv, {"HOME": str(self.folder)})

    def cold_reload(self) -> Run:
        for path in self.folder.glob("cache.db*"):
            path.unlink()
        return self._run("reload")

    def print_unread(self) -> Run:
        return self._run("print-unread")

    @staticmethod
    def version(executable: str) -> str:
        done = subprocess.run([executable, "--version"], capture_output=True, text=True)
        return done.stdout.splitlines()[0].split(" - ")[0] if done.stdout else "newsboat"


@dataclass
class Pairs:
    """Per (size, comparison): tui-reader runs, newsboat runs, per-round ratios."""

    ours: dict[tuple[int, str], list[Run]] = field(default_factory=dict)
    theirs: dict[tuple[int, str], list[Run]] = field(default_factory=dict)

    def add(self, size: int, what: str, ours: Run, theirs: Run | None) -> None:
        self.ours.setdefault((size, what), []).append(ours)
        if theirs is not None:
            self.theirs.setdefault((size, what), []).append(theirs)


COMPARISONS = (
    # (key, tui-reader command, newsboat command)
    ("cold", "cold: `--list --count`, empty cache, state with actions", "`-x reload`, empty cache"),
    ("warm", "warm: `--list --count`, no triage state", "`-x print-unread`"),
    ("warm_state", "warm: `--list --count`, state with actions", "`-x print-unread`"),
)


def tui_list(installed: Installed, feed: Path, cache: Path, state: Path) -> Run:
    argv = [str(installed.program), "--list", "--count", "--cache-dir", str(cache)]
    return timed([*argv, "--state", str(state), "--", str(feed)], installed.env())


def check_count(run: Run, size: int, who: str) -> None:
    text = run.output.strip()
    found = UNREAD.search(text)
    number = int(found[1]) if found else int(text) if text.isdigit() else None
    if number != size:
        raise SystemExit(f"{who} counted {text!r}, expected {size}")


def one_round(
    size: int,
    round_number: int,
    installed: Installed,
    newsboat: Newsboat | None,
    folders: dict[str, Path],
    pairs: Pairs,
) -> None:
    feed, cache, template = folders["feed"], folders["cache"], folders["state"]
    session_state = copy_state(template, folders["home"] / f"nb-session-{size}.db")
    no_state = folders["home"] / f"nb-none-{size}.db"
    no_state.unlink(missing_ok=True)
    ours_first = round_number % 2 == 0
    cold_cache = Path(tempfile.mkdtemp(prefix="nb-cold-", dir=folders["home"]))

    def pair(ours: Callable[[], Run], theirs: Callable[[], Run] | None) -> tuple[Run, Run | None]:
        if theirs is None:
            return ours(), None
        if ours_first:
            mine = ours()
            return mine, theirs()
        other = theirs()
        return ours(), other

    try:
        steps = (
            ("cold", lambda: tui_list(installed, feed, cold_cache, session_state), "cold"),
            ("warm", lambda: tui_list(installed, feed, cache, no_state), "warm"),
            ("warm_state", lambda: tui_list(installed, feed, cache, session_state), "warm"),
        )
        for what, ours, kind in steps:
            theirs = None
            if newsboat is not None:
                theirs = newsboat.cold_reload if kind == "cold" else newsboat.print_unread
            mine, other = pair(ours, theirs)
            check_count(mine, size, "tui-reader")
            if other is not None and kind == "warm":
                check_count(other, size, "newsboat")
            pairs.add(size, what, mine, other)
            ratio = f" ratio {mine.seconds / other.seconds:.2f}" if other else ""
            print(f"  {size:,} {what}: {mine.seconds:.2f} s{ratio}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(cold_cache, ignore_errors=True)


def _seconds(runs: list[Run]) -> str:
    values = [run.seconds for run in runs]
    return f"{statistics.median(values):.2f} / {percentile(values, 0.95):.2f} s"


def _cpu(runs: list[Run]) -> str:
    return f"{statistics.median(run.cpu_seconds for run in runs):.2f} s"


def _rss(runs: list[Run]) -> str:
    return f"{statistics.median(run.peak_rss for run in runs) / 2**20:.0f} MB"


def report(pairs: Pairs, sizes: list[int], header: list[str]) -> str:
    lines = [
        *header,
        "",
        "| articles | tui-reader | newsboat | tui-reader p50 / p95 | newsboat p50 / p95 "
        "| ratio (median of per-round) | CPU time tui-reader / newsboat "
        "| peak RSS tui-reader / newsboat |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for size in sorted(sizes):
        for what, ours_label, theirs_label in COMPARISONS:
            ours = pairs.ours.get((size, what), [])
            theirs = pairs.theirs.get((size, what), [])
            if not ours:
                continue
            if theirs:
                ratio = statistics.median(
                    a.seconds / b.seconds for a, b in zip(ours, theirs, strict=True)
                )
                cells = [
                    _seconds(theirs),
                    f"{ratio:.2f}",
                    f"{_cpu(ours)} / {_cpu(theirs)}",
                    f"{_rss(ours)} / {_rss(theirs)}",
                ]
            else:
                cells = ["—", "—", _cpu(ours), _rss(ours)]
            lines.append(
                f"| {size:,} | {ours_label} | {theirs_label} | {_seconds(ours)} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--checkout", type=Path, default=HERE.parent, help="the tui-reader checkout to install"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", type=Path, default=Path("/tmp") / "tui-reader-bench")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    installed = install(args.checkout, args.root)
    executable = shutil.which("newsboat")
    sizes = sorted(set(args.sizes), reverse=True)
    folders: dict[int, dict[str, Path]] = {}
    newsboats: dict[int, Newsboat | None] = {}
    states: list[str] = []
    for size in sizes:
        feed = feed_of(size, args.root)
        cache = installed.home / f"nb-cache-{size}"
        state = installed.home / f"nb-state-{size}.db"
        print(f"preparing the {size:,} feed ...", file=sys.stderr, flush=True)
        prepare_state(installed, feed, cache, state)
        states.append(f"{size:,}: {describe_state(installed, feed, cache, state)}")
        folders[size] = {"feed": feed, "cache": cache, "state": state, "home": installed.home}
        newsboats[size] = None
        if executable:
            rss = rss_of(installed, feed, args.root / f"rss-{size}.xml")
            newsboat = Newsboat(executable, rss, args.root / f"newsboat-{size}")
            newsboat.cold_reload()  # a first import, so that warm means warm
            newsboats[size] = newsboat
    pairs = Pairs()
    for round_number in range(args.rounds):
        print(f"round {round_number + 1}/{args.rounds}", file=sys.stderr, flush=True)
        for size in sizes:
            one_round(size, round_number, installed, newsboats[size], folders[size], pairs)
    minutes = (time.perf_counter() - started) / 60
    peer = Newsboat.version(executable) if executable else ""
    header = [
        SECTION,
        "",
        f"`python benchmarks/bench_newsboat.py --write-docs` ({installed.describe()}; "
        + (f"{peer}; " if peer else "")
        + f"{datetime.now(UTC):%Y-%m-%d}, {args.rounds} rounds, {minutes:.1f} min). Feeds from "
        "`make_feed.py`; newsboat reads the same articles as one RSS file (`feed_to_rss.py`: "
        "title, link, date, provider, excerpt and body) through a `file://` URL, with private "
        "urls, cache and config files. Each tui-reader command runs next to the newsboat "
        "command it is compared with, in every round; a ratio is the median of the per-round "
        "ratios of wall time (above 1: tui-reader is slower); CPU time (user + system, "
        "worker processes included, medians) shows what the wall time costs when other "
        "jobs take the cores. Triage state with actions: "
        + "; ".join(states)
        + f". This machine has {os.cpu_count()} cores shared with other engineers' test runs "
        f"(load average {os.getloadavg()[0]:.1f} at the end): absolute times are noisy, the "
        "ratios less so.",
    ]
    if not executable:
        header += ["", "newsboat is not installed here: its columns are empty."]
    text = report(pairs, sizes, header)
    print(text)
    if args.write_docs:
        replace_section(SECTION, text)
    return 0


def rss_of(installed: Installed, feed: Path, rss: Path) -> Path:
    """The feed as RSS, converted once (with the installed app's Python, for PyYAML)."""
    marker = rss.with_suffix(".complete")
    if not (rss.exists() and marker.exists()):
        print(f"converting {feed} to RSS ...", file=sys.stderr, flush=True)
        converter = [str(installed.python), str(HERE / "feed_to_rss.py"), str(feed), str(rss)]
        subprocess.run(converter, check=True)
        marker.write_text("ok", encoding="utf-8")
    return rss


if __name__ == "__main__":
    sys.exit(main())
