"""Snapshots of the reader on a fixed feed with a fixed clock, at 80x24 and 160x48.

The feed is ``tests/fixtures/snapshot_feed`` (the two seeds and a few fixed files), not
the evolving sample feed; "now" and the time zone are pinned so relative and local dates
do not change with the day the tests run.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from app_support import reader_app, settle
from textual.pilot import Pilot

FEED = Path(__file__).parent / "fixtures" / "snapshot_feed"
SIZES = [(80, 24), (160, 48)]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def keys_then_settle(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


SCENARIOS = {
    "list": (),
    "detail": ("enter",),
    "related": ("enter", "tab"),
    "help": ("question_mark",),
    "filter": ("slash", *"amazon"),
    "selection": ("space", "j", "V", "j"),
    "details": ("enter", "i"),
    "find": ("enter", "ctrl+f", *"the"),
    "overview": ("v",),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_snapshot(snap_compare: Any, scenario: str, size: tuple[int, int]) -> None:
    app = reader_app(FEED)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_settle(*SCENARIOS[scenario]))


TERMINALS = {
    # 16 colours: what a terminal with TERM=xterm (and no COLORTERM) is sent.
    "xterm": {"TERM": "xterm", "COLORTERM": None},
    "no-color": {"NO_COLOR": "1"},
}


@pytest.mark.parametrize("scenario", ["selection", "detail"])
@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_snapshot_few_colours(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, terminal: str, scenario: str
) -> None:
    for name, value in TERMINALS[terminal].items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    app = reader_app(FEED)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=keys_then_settle(*SCENARIOS[scenario])
    )
