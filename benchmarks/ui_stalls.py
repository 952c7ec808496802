"""Run ``tui-reader`` and log every stretch the UI thread spends in one callback longer
than a threshold (default 50 ms), with where it spent it.

Textual runs on asyncio: whatever the UI thread does between two awaits is one
``asyncio.Handle`` run by the event loop (a message handler, a timer, a
``call_from_thread`` callback, a task step). This wraps ``Handle._run`` to time each
one, while a watchdog thread samples the UI thread's stack every 5 ms during a long
one; each stall is logged with its duration, its time since launch and the stack seen
most often inside it (the innermost frames of our code first). asyncio's debug mode
does the timing too, but it records a stack at every ``call_soon``, which slows the
app down too much to tell its stalls from the tracer's.

    python benchmarks/ui_stalls.py --log FILE [--threshold-ms 50] -- [tui-reader args]

Run it with the interpreter of the install to measure (e.g. a venv of ``bench_app``),
in a terminal (tmux); the log says ``launch`` first, then one block per stall.
"""

from __future__ import annotations

import argparse
import asyncio.events
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

SAMPLE_EVERY = 0.005
"""Seconds between two looks at the UI thread's stack during a long callback."""
FRAMES = 8
"""Frames of each sampled stack written to the log (innermost first)."""


class StallTracer:
    """Times the event loop's callbacks on the thread that installs it."""

    def __init__(self, log: TextIO, threshold: float) -> None:
        self.log = log
        self.threshold = threshold
        self.launched = time.perf_counter()
        self.thread_id = threading.get_ident()
        self._started = 0.0  # 0: no callback running
        self._samples: Counter[tuple[str, ...]] = Counter()
        self._lock = threading.Lock()

    def install(self) -> None:
        original: Callable[[Any], None] = asyncio.events.Handle._run
        tracer = self

        def timed_run(handle: Any) -> None:
            if threading.get_ident() != tracer.thread_id:
                original(handle)
                return
            started = time.perf_counter()
            tracer._started = started
            try:
                original(handle)
            finally:
                tracer._started = 0.0
                tracer.finished(handle, started, time.perf_counter())

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
        threading.Thread(target=self._watch, name="stall-tracer", daemon=True).start()
        self.write(f"launch {time.strftime('%H:%M:%S')} threshold {self.threshold * 1000:.0f} ms")

    def _watch(self) -> None:
        while True:
            time.sleep(SAMPLE_EVERY)
            started = self._started
            if not started or time.perf_counter() - started < self.threshold / 2:
                continue
            frame = sys._current_frames().get(self.thread_id)
            if frame is not None:
                stack = _summary(frame)
                with self._lock:
                    self._samples[stack] += 1

    def finished(self, handle: Any, started: float, ended: float) -> None:
        with self._lock:
            samples, self._samples = self._samples, Counter()
        took = ended - started
        if took < self.threshold:
            return
        lines = [f"{started - self.launched:8.3f} s  {took * 1000:6.0f} ms  {_name(handle)}"]
        for stack, count in samples.most_common(2):
            lines.append(f"    {count} samples:")
            lines.extend(f"      {frame}" for frame in stack)
        self.write("\n".join(lines))

    def write(self, text: str) -> None:
        self.log.write(text + "\n")
        self.log.flush()


def _summary(frame: FrameType) -> tuple[str, ...]:
    """The innermost frames of ``frame``'s stack (in a library: those, then the
    innermost of our code that called it)."""
    stack = list(reversed(traceback.extract_stack(frame)))
    inner = 0
    while inner < len(stack) and "tui_reader" not in stack[inner].filename:
        inner += 1
    ours = [f for f in stack[inner:] if "tui_reader" in f.filename]
    chosen = [*stack[: min(inner, FRAMES // 2)], *ours][:FRAMES]
    return tuple(f"{_where(f.filename)}:{f.lineno} {f.name}" for f in chosen)


def _where(filename: str) -> str:
    """``package/module.py`` of a frame's file."""
    path = Path(filename)
    return f"{path.parent.name}/{path.name}"


def _name(handle: Any) -> str:
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        return f"task {owner.get_coro()!r}"[:160]
    return repr(callback)[:160]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--log", type=Path, required=True, help="where the stalls are written")
    parser.add_argument("--threshold-ms", type=float, default=50.0)
    parser.add_argument("args", nargs=argparse.REMAINDER, help="tui-reader's arguments")
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    with options.log.open("a", encoding="utf-8") as log:
        StallTracer(log, options.threshold_ms / 1000).install()
        from tui_reader.cli import main as reader_main

        return reader_main(args)


if __name__ == "__main__":
    sys.exit(main())
