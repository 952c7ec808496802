"""The Textual application: settings, theme, and the reader screen."""

from __future__ import annotations

import os
from multiprocessing import resource_tracker
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui_reader.data.store import Store
from tui_reader.data.triage import TriageState, feed_root_for_paths
from tui_reader.data.triage_view import NoTriage, TriageView
from tui_reader.resources import styles_dir
from tui_reader.ui.commands import ReaderCommands
from tui_reader.ui.dates import Clock, system_clock
from tui_reader.ui.key_catalog import KeyCommand
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.settings import Settings
from tui_reader.ui.triage_screen import TriageScreen


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker while stderr is still the real one.

    A big feed is parsed in worker processes; the first pool starts the tracker and
    hands it ``sys.stderr.fileno()``. Inside a running Textual app stderr is a capture
    object whose fileno() is -1, and spawning fails ("bad value(s) in fds_to_keep").
    """
    if os.name == "posix":
        resource_tracker.ensure_running()


class ReaderApp(App[None]):
    """Read and triage a folder of articles."""

    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "tui-reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+t", "change_theme", "Theme"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self,
        paths: list[str],
        *,
        use_cache: bool = True,
        cache_dir: Path | None = None,
        store: Store | None = None,
        clock: Clock = system_clock,
        triage: TriageView | None = None,
        state_path: Path | None = None,
    ) -> None:
        """``triage`` shows fixed flags without triage keys; otherwise the feed's
        :class:`TriageState` is opened (in ``state_path``, else the user state dir).
        Raises ``sqlite3.Error`` when that database cannot be opened."""
        super().__init__()
        self.paths = paths
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.store = store if store is not None else Store()
        self.clock = clock
        self.settings = Settings.load()
        if paths:
            _start_resource_tracker()
        self.triage_state: TriageState | None = None
        feed_root = feed_root_for_paths(paths)
        if triage is None and feed_root is not None:
            self.triage_state = TriageState(feed_root, state_path)
        self.triage: TriageView = triage or self.triage_state or NoTriage()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, lambda _theme: self._remember_theme())
        if self.triage_state is not None:
            self.push_screen(
                TriageScreen(
                    self.store,
                    self.paths,
                    use_cache=self.use_cache,
                    cache_dir=self.cache_dir,
                    clock=self.clock,
                    state=self.triage_state,
                    read_dwell=self.settings.read_dwell_seconds,
                )
            )
            return
        self.push_screen(
            ReaderScreen(
                self.store,
                self.paths,
                use_cache=self.use_cache,
                cache_dir=self.cache_dir,
                clock=self.clock,
                triage=self.triage,
            )
        )

    def on_unmount(self) -> None:
        if self.triage_state is not None:
            # Every action is already committed: closing only releases the file.
            self.triage_state.close()

    def _remember_theme(self) -> None:
        if self.settings.theme != self.theme:
            self.settings.theme = self.theme
            try:
                self.settings.save()
            except OSError as error:
                self.notify(f"Cannot save settings: {error.strerror}", markup=False)

    def key_commands(self) -> list[KeyCommand]:
        """Every described action (for the command palette)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen.key_commands()
        return []
