"""Helpers for the app tests: a fixed clock, feeds and config.toml written on the fly,
waiting for loads, the toasts on screen, and a scheduler wound by hand (for the read
dwell and place saves)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from tui_reader.app import ReaderApp
from tui_reader.config import config_path
from tui_reader.ui.reader_screen import ReaderScreen

FIXED_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def article_file(
    title: str,
    *,
    url: str = "",
    date: str = "2026-10-01T12:00:00Z",
    provider: str = "Test Wire",
    related: Sequence[str] = (),
    topics: Sequence[str] = (),
    body: str = "Body text.",
) -> str:
    """An article in YAML front matter; strings are JSON-quoted (valid YAML) except
    the title, written raw between double quotes so control bytes reach the loader."""
    title_yaml = title.replace("\\", "\\\\").replace('"', '\\"')
    lines = ["---", f'title: "{title_yaml}"', f"publishedDateTime: {date}"]
    if url:
        lines.append(f"webUrl: {json.dumps(url)}")
    lines.append(f"provider: {json.dumps(provider)}")
    if topics:
        lines.append(f"topics: {json.dumps(list(topics))}")
    if related:
        lines.append("related:")
        for link in related:
            lines.append(f"  - title: {json.dumps('Related ' + link)}")
            lines.append(f"    webUrl: {json.dumps(link)}")
    lines += ["---", body, ""]
    return "\n".join(lines)


def write_config(text: str) -> Path:
    """Write the user's config.toml (in the test's own config directory)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_feed(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def reader_app(*paths: Path) -> ReaderApp:
    return ReaderApp([str(path) for path in paths], use_cache=False, clock=fixed_clock)


def reader_screen(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the feed is loaded and the open article's worker has finished."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        screen = app.screen
        loading = isinstance(screen, ReaderScreen) and screen.status.loading
        if not loading and not any(worker.is_running for worker in app.workers):
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def finish(pilot: Pilot[None]) -> None:
    """Let the article the cursor came to finish loading before the app exits (the
    detail reader must not outlive it)."""
    from tui_reader.ui.article_reader import DETAIL_DELAY

    await pilot.pause(DETAIL_DELAY * 2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def toasts(app: ReaderApp) -> list[str]:
    """The text of every notification on screen now."""
    return [toast.render().plain for toast in app.screen.query("Toast")]  # type: ignore[union-attr]


class ManualScheduler:
    """A scheduler whose time moves only when the test says (``advance``)."""

    def __init__(self) -> None:
        self.now = 0.0
        self._pending: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._next_id = 0

    def call_later(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        ident = self._next_id
        self._next_id += 1
        self._pending.append((self.now + delay, ident, callback))
        return lambda: self._cancelled.add(ident)

    def advance(self, seconds: float) -> None:
        """Move time on, running (in time order) every callback that falls due."""
        self.now += seconds
        while True:
            due = sorted(
                (item for item in self._pending if item[0] <= self.now), key=lambda i: i[:2]
            )
            if not due:
                return
            item = due[0]
            self._pending.remove(item)
            if item[1] not in self._cancelled:
                item[2]()
