"""Real-app benchmark: the installed ``tui-reader`` in tmux, timed as a person sees it.

A non-editable install of ``--checkout`` (default: this checkout) runs in a private tmux
server at 120x36 on synthetic feeds from ``make_feed.py`` (plus the sample feed's 99 KB
report), with a triage state that holds actions and a warm metadata cache (one cold
start per size and round as well). The screen is polled every 10 ms through one tmux
control-mode client; a key's time runs from sending it to the first capture that shows
its effect. Sessions alternate between sizes (largest first) in every round, and a
trivial Textual app (``floor_app.py``) runs in the same rounds as the floor of the
harness: tmux, polling, Python and Textual before any work of the reader.

What a warm session does, in order (each key waits until the screen and the app's CPU
have been quiet for 0.3 s, so a key is not charged for the previous key's work):

1. launch → first article rows on screen → full list (header total = feed size, no
   "loading"), then ``/`` at once (how soon the app takes a key once the list is there);
2. ``heat pump rebates`` typed a character at a time: each letter → the filter's count
   equals what ``tui-reader --list --count --query PREFIX`` says (letters that leave the
   count unchanged are waited for by their echo and left out of the statistics);
3. ``ctrl+u`` (clear the filter) → the count back to the feed size; Enter to the list;
4. ``j`` ×5, PgDn ×3, ``G``/``g``/``G`` → the list changes;
5. the terminal shrinks to 80x24 (one pane at a time): Enter on an article → the
   article; Escape → the list;
6. the 99 KB report found with the filter; Enter → its first screen (and how long the
   app stays busy), Tab ×3 and ``/`` while it is shown → the screen changes.

Peak memory is the summed RSS of the app's whole process tree, sampled every 50 ms.
Separate sessions send ``/rich`` 0.1 s and 0.4 s after launch and check, once the app is
idle, that the filter holds exactly that text: keys typed early must not be lost (the
floor app gets the same keys and counts them, to tell the reader's losses from tmux's).

    python benchmarks/bench_app.py [--checkout DIR] [--sizes 1000 100000] [--rounds 3]
        [--cold-rounds 1] [--root DIR] [--json FILE] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from app_screen import AppScreen  # noqa: E402
from docs_section import replace_section  # noqa: E402
from installed import (  # noqa: E402
    Installed,
    copy_state,
    describe_state,
    install,
    prepare_state,
)
from make_feed import make_feed  # noqa: E402
from proc_tree import ProcessTree  # noqa: E402
from stats import percentile  # noqa: E402
from tmux_pane import Capture, Pane, Tmux, tmux_path  # noqa: E402

WIDTH, HEIGHT = 120, 36
NARROW = (80, 24)
POLL = 0.01
RSS_EVERY = 0.05
QUIET = 0.3
"""A key is sent once screen and CPU have been quiet this long."""
SETTLE_LIMIT = 10.0
BUSY_TICKS = 2
"""CPU ticks (10 ms each) in one 50 ms sample that count as busy (>= 40 % of a core)."""
KEY_TIMEOUT = 60.0
WARM_TIMEOUT = 180.0
COLD_TIMEOUT = 900.0

TYPED_QUERY = "heat pump rebates"
LONG_ARTICLE = HERE.parent / "sample_feed" / "035_long-report-40-city-surveillance-audit.md"
LONG_QUERY = "watching the watchers"
LONG_TITLE = "Watching the Watchers"
PROBE_WORD = "rich"
"""Typed right after launch. Its letters are no command of the list, so a lost ``/`` only
loses the filter, never triages an article."""
PROBE_OFFSETS = (0.1, 0.4)
FLOOR_KEYS = 20


Effect = Callable[[Capture], bool]
DEAD_CHECK_EVERY = 25
"""Polls between two checks that the program is still running."""


class AppExited(RuntimeError):
    """The program in the pane exited (or crashed) before the effect waited for."""


class Session:
    """One program in one tmux window, polled; peak RSS of its process tree."""

    def __init__(self, pane: Pane) -> None:
        self.pane = pane
        self.tree = ProcessTree(pane.pid)
        self._rss_at = 0.0
        self.timeouts: list[str] = []

    def _sample(self) -> None:
        now = time.perf_counter()
        if now - self._rss_at >= RSS_EVERY:
            self._rss_at = now
            self.tree.sample()

    def capture(self, *, styled: bool = False) -> Capture:
        capture = self.pane.capture(styled=styled)
        self._sample()
        return capture

    def wait(
        self, effect: Effect, timeout: float, what: str, *, styled: bool = False
    ) -> Capture | None:
        """Poll every 10 ms until ``effect`` holds; None (and noted) on timeout."""
        deadline = time.perf_counter() + timeout
        tick = time.perf_counter()
        polls = 0
        while True:
            capture = self.capture(styled=styled)
            if effect(capture):
                return capture
            polls += 1
            if polls % DEAD_CHECK_EVERY == 0 and self.pane.dead():
                last = "\n".join(line for line in capture.lines if line.strip())
                raise AppExited(f"{what} (last screen:\n{last})")
            if capture.at > deadline:
                self.timeouts.append(what)
                print(f"  ! no effect of {what}", file=sys.stderr)
                return None
            tick += POLL
            time.sleep(max(0.0, tick - time.perf_counter()))

    def settle(self) -> float:
        """Wait until neither the screen nor the app's CPU time moved for ``QUIET`` s.

        Returns when the app was last seen busy (perf_counter)."""
        start = time.perf_counter()
        previous = self.capture()
        cpu = self.tree.cpu_seconds()
        last_active = previous.at
        while True:
            time.sleep(0.05)
            capture = self.capture()
            now_cpu = self.tree.cpu_seconds()
            if capture.text != previous.text or now_cpu - cpu >= BUSY_TICKS / 100:
                last_active = capture.at
            previous, cpu = capture, now_cpu
            if capture.at - last_active >= QUIET or capture.at - start > SETTLE_LIMIT:
                return last_active

    def key(
        self,
        key: str,
        effect: Callable[[Capture, Capture], bool],
        what: str,
        *,
        literal: bool = False,
        styled: bool = False,
    ) -> float | None:
        """Send ``key``; seconds until ``effect(before, now)`` shows."""
        before = self.capture(styled=styled)
        sent = self.pane.type(key) if literal else self.pane.send(key)
        capture = self.wait(lambda now: effect(before, now), KEY_TIMEOUT, what, styled=styled)
        return None if capture is None else capture.at - sent

    def close(self) -> None:
        self.tree.sample()
        self.pane.close()
        # The window is gone with its process group; wait for the tree to exit.
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and any(
            os.path.exists(f"/proc/{pid}") for pid in self.tree.members
        ):
            time.sleep(0.05)


@dataclass
class Feed:
    """One benchmark feed and what the CLI says about it (the expected screen)."""

    size: int
    path: Path
    cache: Path
    state: Path
    total: int
    screen: AppScreen
    expected: dict[str, int]
    state_summary: str


@dataclass
class Results:
    """Samples (seconds, or bytes for memory) per size and metric; notes per size."""

    samples: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)
    probes: dict[int, list[tuple[float, bool, str]]] = field(default_factory=dict)

    def add(self, size: int, metric: str, value: float | None) -> None:
        if value is not None:
            self.samples.setdefault(size, {}).setdefault(metric, []).append(value)

    def note(self, size: int, text: str) -> None:
        self.notes.setdefault(size, []).append(text)


FLOOR = 0
"""The size key under which the floor app's samples are kept."""


def app_feed(size: int, root: Path) -> Path:
    """``make_feed`` articles plus the 99 KB report (in a subfolder), made once."""
    feed = root / f"app-feed-{size}"
    marker = feed / ".complete"
    if not marker.exists():
        shutil.rmtree(feed, ignore_errors=True)
        make_feed(size, feed)
        (feed / "long").mkdir()
        shutil.copyfile(LONG_ARTICLE, feed / "long" / LONG_ARTICLE.name)
        marker.write_text("ok", encoding="utf-8")
    return feed


def prepare_feed(installed: Installed, size: int, root: Path) -> Feed:
    path = app_feed(size, root)
    cache = installed.home / f"cache-{size}"
    state = installed.home / f"state-{size}.db"
    print(f"preparing the {size:,} feed: state, cache, expected counts ...", file=sys.stderr)
    prepare_state(installed, path, cache, state)
    total = installed.count(path, cache, state)
    listing = installed.run("--list", "--format", "tsv", "--cache-dir", cache, "--", path)
    titles = [line.split("\t", 1)[0] for line in listing.stdout.splitlines()]
    counts: dict[str, int] = {}
    expected: dict[str, int] = {}
    queries = [TYPED_QUERY[:n] for n in range(1, len(TYPED_QUERY) + 1)]
    for query in [*queries, PROBE_WORD, LONG_QUERY]:
        words = " ".join(query.split())
        if words not in counts:
            counts[words] = installed.count(path, cache, state, words)
        expected[query] = counts[words]
    return Feed(
        size=size,
        path=path,
        cache=cache,
        state=state,
        total=total,
        screen=AppScreen(total, titles),
        expected=expected,
        state_summary=describe_state(installed, path, cache, state),
    )


def launch(tmux: Tmux, installed: Installed, feed: Feed, name: str, cache: Path) -> Session:
    state = copy_state(feed.state, installed.home / f"session-{name}.db")
    argv = [str(installed.program), "--state", str(state), "--cache-dir", str(cache)]
    tmux.resize(WIDTH, HEIGHT)
    pane = tmux.open(name, [*argv, "--", str(feed.path)], installed.env())
    return Session(pane)


def since(session: Session, capture: Capture | None) -> float | None:
    return None if capture is None else capture.at - session.pane.started


def start_up(session: Session, feed: Feed, timeout: float, results: Results, kind: str) -> bool:
    """Launch → first rows → full list; False when the list never filled."""
    screen = feed.screen
    first = session.wait(screen.shows_rows, timeout, f"{kind} start: first rows")
    results.add(feed.size, f"{kind}_first_rows", since(session, first))
    full = session.wait(screen.full_list, timeout, f"{kind} start: full list")
    results.add(feed.size, f"{kind}_full_list", since(session, full))
    return full is not None


def changed(screen: AppScreen) -> Callable[[Capture, Capture], bool]:
    return screen.changed


def count_is(screen: AppScreen, expected: int) -> Callable[[Capture, Capture], bool]:
    return lambda _before, now: screen.filter_count(now) == expected


def warm_session(tmux: Tmux, installed: Installed, feed: Feed, results: Results) -> None:
    screen, size = feed.screen, feed.size
    session = launch(tmux, installed, feed, f"warm-{size}", feed.cache)
    try:
        if not start_up(session, feed, WARM_TIMEOUT, results, "warm"):
            return
        results.add(size, "slash_at_full_list", session.key("/", count_is(screen, feed.total), "/"))
        session.settle()
        typed_keys(session, feed, results)
        results.add(size, "clear", session.key("C-u", count_is(screen, feed.total), "ctrl+u"))
        session.settle()
        session.pane.send("Enter")
        session.settle()
        for key, metric, repeat, styled in (
            ("j", "cursor_down", 5, True),
            ("NPage", "page_down", 3, False),
        ):
            for _ in range(repeat):
                results.add(size, metric, session.key(key, changed(screen), key, styled=styled))
                session.settle()
        for key in ("G", "g", "G"):
            results.add(size, "jump_end", session.key(key, changed(screen), key))
            session.settle()
        results.add(size, "peak_rss_list", float(session.tree.peak_rss))
        tmux.resize(*NARROW)
        session.settle()
        results.add(size, "enter_article", session.key("Enter", changed(screen), "Enter"))
        session.settle()
        results.add(size, "escape_to_list", session.key("Escape", changed(screen), "Escape"))
        session.settle()
        long_article(session, feed, results)
    finally:
        results.add(size, "peak_rss", float(session.tree.peak_rss))
        session.close()


def typed_keys(session: Session, feed: Feed, results: Results) -> None:
    """The query typed a letter at a time, each waited for (count, else echo)."""
    screen, size = feed.screen, feed.size
    previous = feed.total
    echo_only = 0
    for n, char in enumerate(TYPED_QUERY, start=1):
        prefix = TYPED_QUERY[:n]
        expected = feed.expected[prefix]
        if char == " ":
            session.pane.type(char)  # invisible in plain text, and changes no count
            session.settle()
            continue
        if expected == previous:
            echo_only += 1
            seen = " ".join(prefix.split())

            def echoed(_b: Capture, now: Capture, seen: str = seen, count: int = expected) -> bool:
                return seen in screen.filter_row(now) and screen.filter_count(now) == count

            session.key(char, echoed, f"typing {prefix!r}", literal=True)
        else:
            latency = session.key(
                char, count_is(screen, expected), f"typing {prefix!r}", literal=True
            )
            results.add(size, "first_keystroke" if n == 1 else "keystroke", latency)
        previous = expected
        session.settle()
    if echo_only:
        results.note(
            size,
            f"{echo_only} of the query's letters left the count unchanged (timed to their "
            "echo, not in the keystroke rows)",
        )


def long_article(session: Session, feed: Feed, results: Results) -> None:
    """Find the 99 KB report with the filter, open it, then Tab and / while it is shown."""
    screen, size = feed.screen, feed.size
    expected = feed.expected[LONG_QUERY]
    session.pane.send("/")
    session.pane.type(LONG_QUERY)
    found = session.wait(
        lambda now: screen.filter_count(now) == expected, KEY_TIMEOUT, "the report's query"
    )
    if found is None:
        return
    session.settle()
    session.pane.send("Enter")  # back to the list, the report first
    session.settle()
    sent_before = time.perf_counter()
    opened = session.key("Enter", changed(screen), "Enter on the report")
    results.add(size, "enter_long", opened)
    busy_until = session.settle()
    results.add(size, "enter_long_busy", busy_until - sent_before)
    if not any(LONG_TITLE in line for line in session.capture().lines[screen.HEADER_ROWS :]):
        results.note(size, "the report was not the article opened")
    for _ in range(3):
        results.add(size, "tab_long", session.key("Tab", changed(screen), "Tab"))
        session.settle()
    results.add(size, "slash_long", session.key("/", changed(screen), "/ over the report"))
    session.settle()


def probe_session(
    tmux: Tmux, installed: Installed, feed: Feed, offset: float, results: Results
) -> None:
    """``/rich`` sent ``offset`` s after launch: is it all in the filter once idle?"""
    screen, size = feed.screen, feed.size
    session = launch(tmux, installed, feed, f"probe-{size}", feed.cache)
    try:
        time.sleep(max(0.0, session.pane.started + offset - time.perf_counter()))
        session.pane.send("/")
        for char in PROBE_WORD:
            session.pane.type(char)
        if session.wait(screen.full_list, WARM_TIMEOUT, "probe: full list") is None:
            return
        session.settle()
        final = session.capture()
        row = screen.filter_row(final)
        applied = (
            screen.filter_count(final) == feed.expected[PROBE_WORD]
            and (row.split() or [""])[0] == PROBE_WORD
        )
        seen = " ".join(row.split()) if row else "no filter bar"
        results.probes.setdefault(size, []).append((offset, applied, seen))
    finally:
        session.close()


def cold_session(tmux: Tmux, installed: Installed, feed: Feed, results: Results) -> None:
    cache = installed.home / f"cold-cache-{feed.size}"
    shutil.rmtree(cache, ignore_errors=True)
    session = launch(tmux, installed, feed, f"cold-{feed.size}", cache)
    try:
        start_up(session, feed, COLD_TIMEOUT, results, "cold")
    finally:
        results.add(feed.size, "cold_peak_rss", float(session.tree.peak_rss))
        session.close()
        shutil.rmtree(cache, ignore_errors=True)


FLOOR_PRESSES = re.compile(r"presses: (\d+)")


def floor_shows(count: int) -> Callable[[Capture], bool]:
    """The floor app's counter reads ``count``."""

    def effect(capture: Capture) -> bool:
        match = FLOOR_PRESSES.search("\n".join(capture.lines))
        return match is not None and int(match[1]) == count

    return effect


def floor_after(count: int) -> Callable[[Capture, Capture], bool]:
    return lambda _before, now: floor_shows(count)(now)


def open_floor(tmux: Tmux, installed: Installed) -> Session:
    tmux.resize(WIDTH, HEIGHT)
    return Session(tmux.open("floor", [str(installed.python), str(HERE / "floor_app.py")], {}))


def floor_session(tmux: Tmux, installed: Installed, results: Results) -> None:
    session = open_floor(tmux, installed)
    try:
        first = session.wait(floor_shows(0), WARM_TIMEOUT, "floor: first frame")
        results.add(FLOOR, "warm_first_rows", since(session, first))
        session.settle()
        for n in range(1, FLOOR_KEYS + 1):
            styled = n > FLOOR_KEYS // 2
            latency = session.key("x", floor_after(n), "floor key", styled=styled)
            results.add(FLOOR, "key_styled" if styled else "key", latency)
            session.settle()
        for n in range(FLOOR_KEYS + 1, FLOOR_KEYS + 4):
            # Escape alone: terminals send it as the start of longer sequences too, so
            # Textual waits a moment before taking it as a key.
            results.add(FLOOR, "escape", session.key("Escape", floor_after(n), "floor Escape"))
            session.settle()
    finally:
        results.add(FLOOR, "peak_rss", float(session.tree.peak_rss))
        session.close()


def floor_probe_session(tmux: Tmux, installed: Installed, offset: float, results: Results) -> None:
    """The probe's keys sent to the floor app: do tmux, the terminal and Textual keep them?"""
    session = open_floor(tmux, installed)
    keys = len("/" + PROBE_WORD)
    try:
        time.sleep(max(0.0, session.pane.started + offset - time.perf_counter()))
        session.pane.send("/")
        for char in PROBE_WORD:
            session.pane.type(char)
        shown = session.wait(
            lambda now: FLOOR_PRESSES.search("\n".join(now.lines)) is not None,
            WARM_TIMEOUT,
            "floor probe: first frame",
        )
        if shown is None:
            return
        session.settle()
        match = FLOOR_PRESSES.search("\n".join(session.capture().lines))
        seen = f"presses: {match[1]}" if match else "no counter"
        results.probes.setdefault(FLOOR, []).append((offset, seen == f"presses: {keys}", seen))
    finally:
        session.close()


# -- report -------------------------------------------------------------------------------

ROWS: tuple[tuple[str, str, str], ...] = (
    # (metric, label, floor metric)
    ("warm_first_rows", "warm start → first rows", "warm_first_rows"),
    ("warm_full_list", "warm start → full list", "warm_first_rows"),
    ("cold_first_rows", "cold start (empty cache) → first rows", "warm_first_rows"),
    ("cold_full_list", "cold start → full list", "warm_first_rows"),
    ("slash_at_full_list", "`/` sent as the full list appears → filter shown", "key"),
    ("first_keystroke", "first filter keystroke → count", "key"),
    ("keystroke", "later filter keystrokes → count", "key"),
    ("clear", "clear the filter (ctrl+u) → count", "key"),
    ("cursor_down", "`j` → cursor moved (styled capture)", "key_styled"),
    ("page_down", "PgDn → list moved", "key"),
    ("jump_end", "`G` / `g` → list moved", "key"),
    ("enter_article", "Enter on an article (80x24) → article shown", "key"),
    ("escape_to_list", "Escape → back to the list", "escape"),
    ("enter_long", "Enter on the 99 KB report → first screen", "key"),
    ("enter_long_busy", "… until the app is idle again (CPU quiet)", ""),
    ("tab_long", "Tab while the report is shown → focus moved", "key"),
    ("slash_long", "`/` while the report is shown → filter shown", "key"),
)
MEMORY_ROWS = (
    ("peak_rss_list", "peak RSS after start, typing and list keys (all processes)", ""),
    ("peak_rss", "peak RSS at the end, the report opened (all processes)", "peak_rss"),
    ("cold_peak_rss", "peak RSS, cold start (all processes)", ""),
)


def _cell(values: list[float] | None, scale: float = 1.0, unit: str = "s") -> str:
    if not values:
        return "—"
    p50, p95 = statistics.median(values) * scale, percentile(values, 0.95) * scale
    if unit == "MB":
        return f"{p50:.0f} / {p95:.0f} MB"
    if p95 < 1:
        return f"{p50 * 1000:.0f} / {p95 * 1000:.0f} ms"
    return f"{p50:.2f} / {p95:.2f} s"


def report(results: Results, sizes: list[int], header: list[str]) -> str:
    columns = sorted(sizes)
    small, large = columns[0], columns[-1]
    ratio = len(columns) > 1
    names = [f"{s:,} articles" for s in columns]
    names += [f"{large:,}/{small:,} (p50)"] if ratio else []
    names += ["floor (trivial Textual app)"]
    lines = [*header, "", "| what (p50 / p95) | " + " | ".join(names) + " |"]
    lines.append("|---" * (len(names) + 1) + "|")
    floor = results.samples.get(FLOOR, {})

    def row(label: str, metric: str, floor_metric: str, scale: float, unit: str) -> str | None:
        values = [results.samples.get(s, {}).get(metric) for s in columns]
        if not any(values):
            return None
        cells = [_cell(v, scale, unit) for v in values]
        if ratio:
            first, last = values[0], values[-1]
            cells.append(
                f"{statistics.median(last) / statistics.median(first):.1f}"
                if first and last
                else "—"
            )
        cells.append(_cell(floor.get(floor_metric), scale, unit) if floor_metric else "")
        return f"| {label} | " + " | ".join(cells) + " |"

    for metric, label, floor_metric in ROWS:
        line = row(label, metric, floor_metric, 1.0, "s")
        if line is not None:
            lines.append(line)
    for metric, label, floor_metric in MEMORY_ROWS:
        line = row(label, metric, floor_metric, 1 / 2**20, "MB")
        if line is not None:
            lines.append(line)
    lines.append("")
    for size in [*columns, FLOOR]:
        probes = results.probes.get(size, [])
        where = f"{size:,} articles" if size != FLOOR else "the floor app (counts the keys)"
        for offset in PROBE_OFFSETS:
            runs = [(ok, seen) for at, ok, seen in probes if at == offset]
            if not runs:
                continue
            kept = sum(ok for ok, _ in runs)
            text = (
                f"Keys typed {offset:.1f} s after launch (`/{PROBE_WORD}`), {where}: "
                f"all applied in {kept} of {len(runs)} sessions"
            )
            lost = sorted({seen for ok, seen in runs if not ok})
            if lost:
                text += "; otherwise the screen read: " + "; ".join(f"`{s}`" for s in lost)
            lines.append(text + ".")
    for size in columns:
        for note in sorted(set(results.notes.get(size, []))):
            lines.append(f"{size:,} articles: {note}.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--checkout", type=Path, default=HERE.parent, help="the tui-reader checkout to install"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-rounds", type=int, default=1, help="rounds with a cold start")
    parser.add_argument(
        "--root", type=Path, default=Path("/tmp") / "tui-reader-bench", help="feeds and venvs"
    )
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    if tmux_path() is None:
        parser.error("tmux is not installed (apt-get install tmux)")
    args.root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    installed = install(args.checkout, args.root)
    sizes = sorted(set(args.sizes), reverse=True)  # largest first in every round
    feeds = {size: prepare_feed(installed, size, args.root) for size in sizes}
    results = Results()
    with Tmux(WIDTH, HEIGHT) as tmux:

        def run(size: int, session: Callable[[], None]) -> None:
            try:
                session()
            except AppExited as error:
                print(f"  ! the app exited: {error}", file=sys.stderr)
                results.note(size, "the app exited during a session (see stderr)")

        for round_number in range(args.rounds):
            print(f"round {round_number + 1}/{args.rounds}", file=sys.stderr, flush=True)
            run(FLOOR, partial(floor_session, tmux, installed, results))
            for size in sizes:
                run(size, partial(warm_session, tmux, installed, feeds[size], results))
            for offset in PROBE_OFFSETS:
                run(FLOOR, partial(floor_probe_session, tmux, installed, offset, results))
                for size in sizes:
                    run(size, partial(probe_session, tmux, installed, feeds[size], offset, results))
            if round_number < args.cold_rounds:
                for size in sizes:
                    run(size, partial(cold_session, tmux, installed, feeds[size], results))
    minutes = (time.perf_counter() - started) / 60
    header = section_header(installed, feeds, args, minutes)
    text = report(results, sizes, header)
    print(text)
    if args.json:
        raw = {"samples": results.samples, "probes": results.probes, "notes": results.notes}
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    if args.write_docs:
        replace_section(SECTION, text)
    return 0


SECTION = "## Real app in a terminal"


def section_header(
    installed: Installed, feeds: dict[int, Feed], args: argparse.Namespace, minutes: float
) -> list[str]:
    states = "; ".join(f"{size:,}: {feed.state_summary}" for size, feed in sorted(feeds.items()))
    return [
        SECTION,
        "",
        f"`python benchmarks/bench_app.py --write-docs` ({installed.describe()}; "
        f"{datetime.now(UTC):%Y-%m-%d}, {args.rounds} rounds, {args.cold_rounds} with a cold "
        f"start, {minutes:.1f} min). The installed app (a non-editable `pip install` into its "
        f"own venv) in tmux at {WIDTH}x{HEIGHT}, the screen polled every {POLL * 1000:.0f} ms "
        "through one tmux control-mode client; a key's time runs from sending it to the first "
        "capture that shows its effect (see the module docstring for how each effect is "
        "recognised). Feeds from `make_feed.py` plus the sample feed's 99 KB report; warm "
        f"metadata cache; a triage state holding actions ({states}); sessions alternate "
        "between sizes in every round; the floor column is a trivial Textual app measured in "
        "the same rounds. Each key is sent once the screen and the app's CPU have been quiet "
        f"for {QUIET} s. This machine has {os.cpu_count()} cores shared with other engineers' "
        f"test runs (load average {os.getloadavg()[0]:.1f} at the end): absolute numbers are "
        "noisy; compare columns of the same run and the ratio.",
    ]


if __name__ == "__main__":
    sys.exit(main())
