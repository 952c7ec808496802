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
from app_support import reader_app, settle, write_config
from textual.pilot import Pilot
from textual.widgets import Input

from tui_reader.config.model import MAX_READ_DWELL

FEED = Path(__file__).parent / "fixtures" / "snapshot_feed"
SIZES = [(80, 24), (160, 48)]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture(autouse=True)
def _no_time_dependent_state() -> None:
    """Nothing on screen may depend on how fast the machine runs the scenario.

    The article shown in the wide layout is marked read after DETAIL_DELAY + the read
    dwell (1.62 s): under load the filter scenario took longer and filter-160x48 came
    out with "6 unread" and no unread dot. The dwell is set beyond any run here.
    """
    write_config(f"read_dwell_seconds = {MAX_READ_DWELL:g}\n")


def keys_then_settle(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        # The filter's cursor blinks every 0.5 s; a screenshot after a slow step must
        # not catch it hidden. A steady cursor is the look to pin.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
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


def test_snapshot_of_config_problems(snap_compare: Any) -> None:
    """Bad settings at start: one line each on screen, the reader there behind them."""
    write_config(
        f'read_dwell_seconds = {MAX_READ_DWELL:g}\ndates = "iso"\ndefault_view = "later"\n'
        '[keys]\nstar = "j"\nstra = "f"\n'
    )
    app = reader_app(FEED)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_settle())


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
