"""A private tmux server driven through one control-mode client, for benchmarks.

Polling the screen every 10 ms with ``tmux capture-pane`` as a new process each time
would start 100 processes a second on a 2-core machine and slow the app it measures.
A control-mode client (``tmux -C``) takes commands on stdin and answers each with a
``%begin``/``%end`` block on stdout: one long-lived process, no fork per poll.

Two tmux 3.3 traps are avoided here: with ``window-size manual`` a ``new-window`` without an
attached client crashes the server, and a control client's own size decides the window
size under the default ``window-size latest``; so the size is set with
``refresh-client -C WxH`` (also to resize a running app, which then gets SIGWINCH).
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SGR = re.compile(r"\x1b\[[0-9;:]*m")
"""The style sequences ``capture-pane -e`` adds (and nothing else of the screen)."""
HOLDER = "holder"


class TmuxError(RuntimeError):
    """tmux refused a command or went away."""


def tmux_path() -> str | None:
    return shutil.which("tmux")


def _quote(word: str) -> str:
    """One argument for tmux's command parser (single quotes take everything literally)."""
    if "'" in word:
        raise ValueError(f"cannot pass a single quote to tmux: {word!r}")
    return f"'{word}'"


@dataclass(frozen=True, slots=True)
class Capture:
    """One screenful as tmux holds it, and when our request for it was answered."""

    at: float
    """``time.perf_counter()`` when the answer arrived: the screen was this, or newer."""
    text: str
    """The screen's text, one line per row (with style sequences when ``styled``)."""
    styled: bool

    @property
    def lines(self) -> list[str]:
        """The rows as plain text (style sequences removed)."""
        plain = SGR.sub("", self.text) if self.styled else self.text
        return plain.split("\n")

    def body(self, skip_rows: int) -> str:
        """Everything but the first ``skip_rows`` rows, styles included (to compare)."""
        return "\n".join(self.text.split("\n")[skip_rows:])


class Tmux:
    """A tmux server of our own (its own socket) and a control-mode client on it."""

    def __init__(self, width: int, height: int) -> None:
        executable = tmux_path()
        if executable is None:
            raise TmuxError("tmux is not installed")
        self._tmux = executable
        self.socket = f"tui-reader-bench-{os.getpid()}"
        self._base = [executable, "-L", self.socket, "-f", os.devnull]
        self._start_server(width, height)
        self._answers: queue.Queue[tuple[bool, list[str]]] = queue.Queue()
        self._client = subprocess.Popen(
            [*self._base, "-C", "attach", "-t", HOLDER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._lock = threading.Lock()
        threading.Thread(target=self._read_answers, daemon=True).start()
        # The first block answers the attach itself (flags 0): wait for it, then switch off
        # the %output notifications (every byte the app writes, escaped) we do not need.
        time.sleep(0.2)
        self.command("refresh-client", "-f", "no-output")
        self.resize(width, height)

    def _start_server(self, width: int, height: int) -> None:
        for _attempt in range(3):
            size = ["-x", str(width), "-y", str(height)]
            started = subprocess.run(
                [*self._base, "new-session", "-d", "-s", HOLDER, *size, "sleep 2147483647"],
                capture_output=True,
                text=True,
            )
            if started.returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise TmuxError(f"tmux would not start: {started.stderr.strip()}")
        for option in (["status", "off"], ["remain-on-exit", "on"], ["history-limit", "0"]):
            subprocess.run([*self._base, "set", "-g", *option], check=True)

    def _read_answers(self) -> None:
        assert self._client.stdout is not None
        block: list[str] | None = None
        ours = False
        for raw in self._client.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is None:
                if line.startswith("%begin"):
                    block, ours = [], line.split()[-1] == "1"
                continue  # a notification (%window-add, %layout-change...)
            if line.startswith(("%end", "%error")):
                if ours:
                    self._answers.put((line.startswith("%end"), block))
                block = None
            else:
                block.append(line)
        self._answers.put((False, ["tmux control client exited"]))

    def command(self, *words: str) -> list[str]:
        """Run one tmux command; its output lines. Raises TmuxError when tmux refuses."""
        line = " ".join(_quote(word) for word in words) + "\n"
        with self._lock:
            assert self._client.stdin is not None
            try:
                self._client.stdin.write(line.encode())
            except (BrokenPipeError, ValueError) as error:
                raise TmuxError("tmux control client is gone") from error
            ok, output = self._answers.get(timeout=30)
        if not ok:
            raise TmuxError(f"tmux {words[0]}: {' '.join(output)}")
        return output

    def resize(self, width: int, height: int) -> None:
        """Size of every window (the control client is the only client)."""
        self.command("refresh-client", "-C", f"{width}x{height}")

    def open(self, name: str, argv: list[str], env: dict[str, str]) -> Pane:
        """Start ``argv`` in a new window (directly, no shell in between)."""
        options = [word for key, value in env.items() for word in ("-e", f"{key}={value}")]
        started = time.perf_counter()
        self.command("new-window", "-d", "-n", name, *options, "--", *argv)
        return Pane(self, f"{HOLDER}:{name}", started)

    def close(self) -> None:
        # Closing must not fail because the server is already gone.
        with contextlib.suppress(TmuxError, queue.Empty):
            self.command("kill-server")
        if self._client.stdin is not None:
            self._client.stdin.close()
        try:
            self._client.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._client.kill()
        socket = Path(tempfile.gettempdir()) / f"tmux-{os.getuid()}" / self.socket
        socket.unlink(missing_ok=True)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Pane:
    """One window running one program."""

    def __init__(self, tmux: Tmux, target: str, started: float) -> None:
        self.tmux = tmux
        self.target = target
        self.started = started
        """``time.perf_counter()`` just before tmux was asked to start the program."""
        self.pid = int(self._format("#{pane_pid}"))

    def _format(self, text: str) -> str:
        return self.tmux.command("display", "-p", "-t", self.target, text)[0]

    def capture(self, *, styled: bool = False) -> Capture:
        words = ["capture-pane", "-p", "-t", self.target] + (["-e"] if styled else [])
        lines = self.tmux.command(*words)
        return Capture(time.perf_counter(), "\n".join(lines), styled)

    def send(self, key: str) -> float:
        """Send one key by tmux name (``Enter``, ``NPage``, ``C-u``); when it was sent."""
        sent = time.perf_counter()
        self.tmux.command("send-keys", "-t", self.target, key)
        return sent

    def type(self, text: str) -> float:
        """Send ``text`` literally, as typed; when it was sent."""
        sent = time.perf_counter()
        self.tmux.command("send-keys", "-t", self.target, "-l", text)
        return sent

    def dead(self) -> bool:
        return self._format("#{pane_dead}") == "1"

    def close(self) -> None:
        # A program that exited may have taken its window with it.
        with contextlib.suppress(TmuxError):
            self.tmux.command("kill-window", "-t", self.target)
