"""``kill -9`` at random moments of a triage session loses no acknowledged action.

A driver process triages in a loop and prints each action once its method has returned
(that is the acknowledgement the UI would show). It is killed with SIGKILL at random
moments, several rounds in a row, each round a fresh process on the same database. Then
every acknowledged action must be in the state, the database must pass
``PRAGMA integrity_check``, and the published file must be whole (old or new, never a mix).
Only the one action after the last acknowledgement of a round may be in flight.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import tui_reader
from tui_reader.data.triage import TriageState

DRIVER = r"""
import sys
from tui_reader.data.triage import Flag, PublishTarget, TriageState
from tui_reader.data.writeback import Expected, read_version

db, feed, article, prefix = sys.argv[1:5]
state = TriageState(feed, __import__("pathlib").Path(db))
print("ready", flush=True)
index = 0
while True:
    key = f"{prefix}-{index}"
    kind = index % 4
    if kind == 0:
        state.set_flag(Flag.READ, key, True)
        print("read", key, flush=True)
    elif kind == 1:
        state.set_flag(Flag.STARRED, [f"{key}-{j}" for j in range(20)], True)
        print("star", key, flush=True)
    elif kind == 2:
        state.set_flag(Flag.ARCHIVED, key, True)
        print("archive", key, flush=True)
        state.undo()
        print("undo", key, flush=True)
    else:
        version = read_version(article)
        value = b"published: false" in version.data
        target = PublishTarget("article", article, Expected(sha256=version.sha256))
        outcome = state.publish([target], value)
        assert outcome.step is not None, outcome
        print("publish", str(value).lower(), flush=True)
    index += 1
"""

UNPUBLISHED = b"---\r\ntitle: Kill test # comment\r\npublished: false\r\n---\r\nBody\r\n"
PUBLISHED = UNPUBLISHED.replace(b"published: false", b"published: true")
ROUNDS = 5


def run_round(driver: Path, db: Path, feed: Path, article: Path, prefix: str) -> list[str]:
    process = subprocess.Popen(
        [sys.executable, str(driver), str(db), str(feed), str(article), prefix],
        stdout=subprocess.PIPE,
        text=True,
        # The driver imports the same tui_reader as this test, wherever it is installed.
        env={**os.environ, "PYTHONPATH": str(Path(tui_reader.__file__).parents[1])},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    time.sleep(random.uniform(0.05, 0.3))  # a random moment, not a timing assertion
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate()
    assert process.returncode == -signal.SIGKILL
    # A line cut short by the kill was never acknowledged.
    return [line for line in out.splitlines(keepends=True) if line.endswith("\n")]


def test_kill_9_loses_no_acknowledged_action(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    feed = tmp_path / "feed"
    feed.mkdir()
    article = feed / "article.md"
    article.write_bytes(UNPUBLISHED)
    db = tmp_path / "state.sqlite3"
    rounds = [
        [line.split() for line in run_round(driver, db, feed, article, f"r{number}")]
        for number in range(ROUNDS)
    ]
    assert sum(len(acks) for acks in rounds) > ROUNDS  # the kills hit mid-session

    # The values the file may hold: the last acknowledged publish, or its toggle when
    # a publish was the action in flight (it follows an "undo").
    possible = {False}
    with TriageState(feed, db) as state:
        for acks in rounds:
            undone = {key for action, key in acks if action == "undo"}
            for position, (action, key) in enumerate(acks):
                is_last = position == len(acks) - 1
                if action == "read":
                    assert state.is_read(key)
                elif action == "star":
                    assert all(state.is_starred(f"{key}-{j}") for j in range(20))
                elif action == "archive" and key not in undone:
                    # Only the undo after the last acknowledgement may have happened.
                    assert state.is_archived(key) or is_last
                elif action == "undo":
                    assert not state.is_archived(key)
                elif action == "publish":
                    possible = {key == "true"}
            if acks and acks[-1][0] == "undo":
                possible |= {not value for value in possible}
    data = article.read_bytes()
    assert data in (UNPUBLISHED, PUBLISHED)
    assert (data == PUBLISHED) in possible
    visible = [path.name for path in feed.iterdir() if not path.name.startswith(".")]
    assert visible == ["article.md"]
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
