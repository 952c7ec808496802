"""The ``tui-reader`` a user has: a non-editable install of a checkout in its own venv.

Benchmarks of the real app run this install (not the source tree they live in), so the
lead can point them at any checkout (``--checkout /work/main``). The app's own folders
(settings, cache, state) are private to the benchmark, and the triage state holds
actions, as a user's does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

STATE_ACTIONS = (
    # (query, action): the state of someone who has read most older articles and starred a few.
    ("before:2024-01-01", "--read"),
    ("union", "--read"),
    ("privacy", "--star"),
)
"""What ``prepare_state`` does with ``tui-reader mark`` (three undo steps)."""
READ_DWELL_SECONDS = 600
"""Resting on an article marks it read after this long: set high so that the benchmark's
pauses do not change the state (and the screen) while it measures."""


def _git(checkout: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(checkout), *args], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


@dataclass(frozen=True, slots=True)
class Installed:
    """A venv with ``tui-reader`` installed from ``checkout``."""

    checkout: Path
    venv: Path
    home: Path
    """Private settings / cache / state folders of the app (``env``)."""
    commit: str
    textual: str

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def program(self) -> Path:
        return self.venv / "bin" / "tui-reader"

    def env(self) -> dict[str, str]:
        """Variables that point the app at private folders (no user settings, no user state)."""
        return {
            "TUI_READER_CONFIG_DIR": str(self.home / "config"),
            "XDG_CONFIG_HOME": str(self.home / "xdg-config"),
            "XDG_CACHE_HOME": str(self.home / "xdg-cache"),
            "XDG_STATE_HOME": str(self.home / "xdg-state"),
            "XDG_DATA_HOME": str(self.home / "xdg-data"),
        }

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``tui-reader ARGS``, its output captured."""
        return subprocess.run(
            [str(self.program), *map(str, args)],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env()},
            check=check,
        )

    def count(self, feed: Path, cache: Path, state: Path, query: str = "") -> int:
        """What ``--list --count`` says (the same match as the app's filter)."""
        args: list[str | Path] = ["--list", "--count", "--cache-dir", cache, "--state", state]
        if query:
            args += ["--query", query]
        return int(self.run(*args, "--", feed).stdout.strip())

    def describe(self) -> str:
        commit = self.commit or "unknown commit"
        return f"`{self.checkout.name}` at {commit}, Textual {self.textual}"


def install(checkout: Path, root: Path) -> Installed:
    """``pip install .`` of ``checkout`` (non-editable) into a venv under ``root``."""
    checkout = checkout.resolve()
    if not (checkout / "pyproject.toml").exists():
        raise SystemExit(f"not a tui-reader checkout: {checkout}")
    tag = hashlib.sha1(str(checkout).encode()).hexdigest()[:8]
    venv = root / f"venv-{checkout.name}-{tag}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    print(f"installing {checkout} into {venv} ...", file=sys.stderr, flush=True)
    # The first install brings the dependencies; the second makes sure the code installed is
    # the checkout's current code even when its version number did not change.
    subprocess.run([*pip, str(checkout)], check=True)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(checkout)], check=True)
    textual = subprocess.run(
        [str(python), "-c", "import textual; print(textual.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    commit = _git(checkout, "rev-parse", "--short", "HEAD")
    installed_paths = ("pyproject.toml", "README.md", "tui_reader", "styles", "sample_feed")
    if commit and _git(checkout, "status", "--porcelain", "--", *installed_paths):
        commit += " (with uncommitted changes)"
    home = root / f"home-{checkout.name}-{tag}"
    (home / "config").mkdir(parents=True, exist_ok=True)
    if (checkout / "tui_reader" / "config").is_dir():  # config.toml, from issue 13 on
        setting = f"read_dwell_seconds = {READ_DWELL_SECONDS}\n"
        (home / "config" / "config.toml").write_text(setting, encoding="utf-8")
    else:
        settings = {"read_dwell_seconds": READ_DWELL_SECONDS}
        (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return Installed(checkout, venv, home, commit, textual)


def prepare_state(installed: Installed, feed: Path, cache: Path, state: Path) -> None:
    """A triage state for ``feed`` holding actions (``STATE_ACTIONS``); fills ``cache`` too."""
    for path in (state, state.with_name(state.name + "-wal"), state.with_name(state.name + "-shm")):
        path.unlink(missing_ok=True)
    state.parent.mkdir(parents=True, exist_ok=True)
    for query, action in STATE_ACTIONS:
        options: list[str | Path] = [
            "--query",
            query,
            action,
            "--state",
            state,
            "--cache-dir",
            cache,
        ]
        installed.run("mark", *options, "--", feed)


def copy_state(template: Path, target: Path) -> Path:
    """A fresh copy of a state database (with its WAL files) for one session."""
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        destination = target.with_name(target.name + suffix)
        destination.unlink(missing_ok=True)
        if source.exists():
            shutil.copyfile(source, destination)
    return target


def describe_state(installed: Installed, feed: Path, cache: Path, state: Path) -> str:
    """``12,345 read, 678 starred`` (from the CLI's own ``is:`` terms)."""
    read = installed.count(feed, cache, state, "is:read")
    starred = installed.count(feed, cache, state, "is:starred")
    return f"{read:,} read, {starred:,} starred"
