"""Regressions from review: a deleted related target, a folder that cannot be synced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_support import article_file, reader_app, reader_screen, settle, write_feed

from tui_reader.data import writeback
from tui_reader.data.triage import PublishTarget, TriageState
from tui_reader.data.writeback import Expected, sha256_hex


async def test_jump_to_a_deleted_related_article_keeps_the_filter(tmp_path: Path) -> None:
    feed = write_feed(
        tmp_path / "feed",
        {
            "a.md": article_file("One", url="https://e.org/a", related=["https://e.org/b"]),
            "b.md": article_file("Related", url="https://e.org/b"),
            "c.md": article_file("Other", url="https://e.org/c"),
        },
    )
    app = reader_app(feed)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("slash", *"One", "enter")
        await settle(pilot)
        target = screen.store.resolve("https://e.org/b")
        assert target is not None
        (feed / "b.md").unlink()
        await pilot.press("ctrl+r")  # rescan now
        await settle(pilot)
        assert target.uid not in screen.store
        screen.panes.go_to(target.uid)  # what Enter on the stale related entry does
        await pilot.pause()
        assert screen.query_text == "One"
        assert screen.reader.shown_uid is not None and screen.reader.shown_uid in screen.store


def test_publish_counts_a_replaced_file_as_written_when_its_folder_cannot_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    path = feed / "a.md"
    original = b"---\ntitle: A\npublished: false\n---\n"
    path.write_bytes(original)
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{descriptor}"):
            raise OSError(5, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(writeback.os, "fsync", fsync)
    with TriageState(str(feed), tmp_path / "state.sqlite3") as state:
        target = PublishTarget("a.md", str(path), Expected(sha256=sha256_hex(original)))
        outcome = state.publish([target], True)
        assert outcome.step is not None and outcome.refused == ()
        assert len(outcome.warnings) == 1 and "cannot be synced" in str(outcome.warnings[0])
        assert path.read_bytes() == original.replace(b"false", b"true")
        monkeypatch.setattr(writeback.os, "fsync", real_fsync)
        assert state.undo() is not None
        assert path.read_bytes() == original
