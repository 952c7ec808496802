"""Loading never blocks, and no key is lost to start-up.

The app is handed a session (the one object it loads through) that holds part of the
feed back, so the test decides when the rest arrives instead of racing a real load.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import article_file, fixed_clock, settle, write_feed
from textual.widgets import Input, Static

from tui_reader.app import ReaderApp
from tui_reader.data.loader import LoadBatch
from tui_reader.data.session import FeedSession
from tui_reader.ui import shown_list
from tui_reader.ui.reader_screen import ReaderScreen


class HeldBackSession(FeedSession):
    """A session whose first batch is the first three articles; the rest wait for ``go``."""

    def __init__(self, feed: Path) -> None:
        super().__init__([feed], use_cache=False)
        self.go = threading.Event()

    def load(self) -> Iterator[LoadBatch]:
        articles = [a for batch in super().load() for a in batch.articles]
        yield LoadBatch(articles=articles[:3], done=3, total=len(articles))
        self.go.wait(10)  # the rest of the folder "takes a while"
        yield LoadBatch(articles=articles[3:], done=len(articles), total=len(articles))


def six_articles(tmp_path: Path) -> Path:
    return write_feed(
        tmp_path / "feed",
        {
            f"{n}.md": article_file(
                f"Article {n}", url=f"https://e.org/{n}", date=f"2026-10-{10 - n:02d}T12:00:00Z"
            )
            for n in range(6)
        },
    )


async def test_first_batches_show_while_the_feed_loads(tmp_path: Path) -> None:
    session = HeldBackSession(six_articles(tmp_path))
    app = ReaderApp(session=session, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if len(screen.article_list.uids) == 3:
                break
        assert screen.status.loading
        assert len(screen.article_list.uids) == 3  # shown before the load ends
        session.go.set()
        await settle(pilot)
        assert len(screen.article_list.uids) == 6


async def test_keys_typed_before_the_first_rows_are_applied_in_order(tmp_path: Path) -> None:
    """Keys sent while nothing is on screen yet: they wait, then act in the order typed."""
    session = HeldBackSession(six_articles(tmp_path))
    session.go.set()
    app = ReaderApp(session=session, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # Straight away: the screen has not shown a single row yet.
        await pilot.press("j", "j", "s", "j", "s", "slash", *"Art", "escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.query_one("#filter-input", Input).value == "Art"
        starred = sorted(a.title for a in screen.store if screen.triage.is_starred(a.key))
        assert starred == ["Article 2", "Article 3"]


async def test_a_big_feeds_filter_waits_for_the_index_built_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over ``INDEX_AT_ONCE`` articles a query never builds the search index on the UI
    thread: the bar says it is indexing, and the answer comes once the worker built it."""
    monkeypatch.setattr(shown_list, "INDEX_AT_ONCE", 0)  # every feed is "big"
    session = HeldBackSession(six_articles(tmp_path))
    app = ReaderApp(session=session, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if len(screen.article_list.uids) == 3:
                break
        await pilot.press("slash", *"'article 4")
        await pilot.pause()
        count = screen.query_one("#filter-count", Static)
        assert "indexing" in str(count.content)
        assert len(screen.article_list.uids) == 3  # the list as it was, meanwhile
        session.go.set()
        await settle(pilot)
        assert [screen.store[uid].title for uid in screen.article_list.uids] == ["Article 4"]
        assert str(count.content) == "1 of 6"
        await pilot.press("backspace", "3")  # the index is ready now: answered at once
        await pilot.pause()
        assert [screen.store[uid].title for uid in screen.article_list.uids] == ["Article 3"]


def test_a_session_over_articles_in_memory_needs_no_folder() -> None:
    from tui_reader.data.model import Article, Provider

    articles = [
        Article(f"k{n}", f"/nowhere/{n}.md", f"{n}.md", f"T{n}", Provider()) for n in range(3)
    ]
    session = FeedSession.in_memory(articles)
    result = session.load_all()
    assert [a.title for a in result.articles] == ["T0", "T1", "T2"] and len(session.store) == 3
    assert not session.watches
