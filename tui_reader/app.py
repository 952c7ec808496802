"""The Textual application (first version: the feed's titles, loaded in a worker)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from tui_reader.data.loader import iter_load
from tui_reader.data.store import Store
from tui_reader.resources import styles_dir


class ReaderApp(App[None]):
    """Read and triage a folder of articles."""

    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(
        self, paths: list[str], *, use_cache: bool = True, cache_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.paths = paths
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.store = Store()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="articles")
        yield Footer()

    def on_mount(self) -> None:
        self.load_feed()

    @work(thread=True, exclusive=True)
    def load_feed(self) -> None:
        for batch in iter_load(self.paths, use_cache=self.use_cache, cache_dir=self.cache_dir):
            self.call_from_thread(self.store.add, batch.articles)
        self.call_from_thread(self.show_titles)

    def show_titles(self) -> None:
        titles = [self.store[uid].title for uid in self.store.sorted_uids()]
        self.query_one("#articles", Static).update(Content("\n".join(titles)))
