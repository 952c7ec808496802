"""Helpers for the app tests: a fixed clock, feeds written on the fly, waiting for loads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from tui_reader.app import ReaderApp
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
