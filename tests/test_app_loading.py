"""Loading never blocks: the list fills while a big folder is still being read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import article_file, reader_app, write_feed

from tui_reader.data import loader
from tui_reader.data.loader import LoadBatch
from tui_reader.ui import reader_screen


async def test_first_batches_show_while_the_feed_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = write_feed(
        tmp_path / "feed",
        {f"{n}.md": article_file(f"Article {n}", url=f"https://e.org/{n}") for n in range(6)},
    )
    finish = threading.Event()
    real_iter_load = loader.iter_load

    def slow_iter_load(*args: object, **kwargs: object) -> Iterator[LoadBatch]:
        batches = list(real_iter_load(*args, **kwargs))  # type: ignore[arg-type]
        articles = [a for batch in batches for a in batch.articles]
        yield LoadBatch(articles=articles[:3], done=3, total=6)
        finish.wait(10)  # the rest of the folder "takes a while"
        yield LoadBatch(articles=articles[3:], done=6, total=6)

    monkeypatch.setattr(reader_screen, "iter_load", slow_iter_load)
    app = reader_app(feed)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, reader_screen.ReaderScreen)
        for _ in range(50):
            await pilot.pause(0.02)
            if len(screen.article_list.uids) == 3:
                break
        assert screen.status.loading
        assert len(screen.article_list.uids) == 3  # shown before the load ends
        finish.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.article_list.uids) == 6
