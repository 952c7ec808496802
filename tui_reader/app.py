"""The Textual application: configuration, keymap, theme, and the reader screen over a
feed session."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from multiprocessing import resource_tracker
from pathlib import Path
from typing import ClassVar

from rich.color import ColorSystem
from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen

from tui_reader.config import CONFIG_NAME, Remembered, UserConfig, load_user_config
from tui_reader.data.session import FeedSession
from tui_reader.data.triage import TriageState, TriageView, feed_root_for_paths
from tui_reader.resources import styles_dir
from tui_reader.ui import command_table as table
from tui_reader.ui.commands import ReaderCommands
from tui_reader.ui.dates import Clock, system_clock
from tui_reader.ui.early_keys import START, WAIT_AT_MOST, EarlyKeys, is_typed
from tui_reader.ui.key_catalog import KeyCommand
from tui_reader.ui.legible_colors import LegibleColors
from tui_reader.ui.outside_programs import HandOver
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.safe_text import notify_literal
from tui_reader.ui.scheduler import Scheduler
from tui_reader.ui.user_config import check_config


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker while stderr is still the real one.

    A big feed is parsed in worker processes; the first pool starts the tracker and
    hands it ``sys.stderr.fileno()``. Inside a running Textual app stderr is a capture
    object whose fileno() is -1, and spawning fails ("bad value(s) in fds_to_keep").
    """
    if os.name == "posix":
        resource_tracker.ensure_running()


SWITCH_INTERVAL = 0.001
"""Seconds a busy worker thread keeps the GIL while the UI thread waits for it (Python's
default: 5 ms). The UI thread lets go of it at every wait for the terminal and must win
it back each time; with the indexes building in workers, one key took ten or more such
waits at 5 ms each."""
CONFIG_PROBLEMS_SECONDS = 20.0
"""How long the start-up note about config.toml stays (it is also on stderr)."""
_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}

OWN_SYSTEM_COMMANDS = frozenset({"Quit", "Theme"})
"""Textual's palette entries that the command table has too (``quit``, ``theme``)."""


class ReaderApp(App[None]):
    """Read and triage a folder of articles."""

    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "tui-reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    COMMANDS_GROUP = table.GENERAL
    BINDINGS: ClassVar[list[BindingType]] = table.bindings(table.GENERAL)

    class ScreenOpened(Message):
        """``screen``, pushed over the reader, is mounted: its field has the focus."""

        def __init__(self, screen: Screen[object]) -> None:
            super().__init__()
            self.screen = screen

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        session: FeedSession | None = None,
        use_cache: bool = True,
        cache_dir: Path | None = None,
        clock: Clock = system_clock,
        triage: TriageView | None = None,
        state_path: Path | None = None,
        scheduler: Scheduler | None = None,
        config: UserConfig | None = None,
        hand_over: HandOver | None = None,
    ) -> None:
        """Open the feed at ``paths`` (or the ``session`` given). ``triage`` shows fixed
        flags without triage keys; otherwise the feed folder's :class:`TriageState` is
        opened (in ``state_path``, else the user state dir), which raises
        ``TriageError`` when that database cannot be opened. ``scheduler`` times the
        read dwell and place saves (tests wind it by hand). ``config``: the user's
        configuration (default: read from config.toml now). ``hand_over`` gives the
        terminal to the editor or pager (default: ``App.suspend``)."""
        super().__init__()
        self.session = session or FeedSession(paths, use_cache=use_cache, cache_dir=cache_dir)
        self.clock = clock
        self.user_config = config if config is not None else load_user_config()
        checked = check_config(self.user_config.config, self.available_themes)
        self.config = checked.config
        self.config_theme = checked.theme
        """The theme config.toml names (empty: none, or not a theme)."""
        self.config_problems = [
            str(problem) for problem in (*self.user_config.problems, *checked.problems)
        ]
        """One line per bad setting of config.toml (shown at start, and on stderr)."""
        self.remembered = Remembered.load()
        self.hand_over: HandOver = hand_over or self.suspend
        self.keymap: dict[str, str] = {}
        """The user's keys by command id (Textual's keymap, kept for help and palette)."""
        self.set_keymap(checked.keymap)
        self.early_keys = EarlyKeys()
        if self.session.watches:
            _start_resource_tracker()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.triage_state: TriageState | None = None
        feed_root = feed_root_for_paths(self.session.paths)
        if triage is None and feed_root is not None:
            self.triage_state = TriageState(feed_root, state_path)
        self._fixed_triage = triage
        self._scheduler = scheduler
        self._legible = LegibleColors(_COLOR_SYSTEMS.get(self.console.color_system or ""))

    @property
    def few_colors(self) -> bool:
        """16 colours or fewer (``TERM=xterm``), or ``NO_COLOR``: the cursor row is drawn
        in reverse video, which every terminal shows legibly."""
        return self.no_color or self._legible.system in (None, ColorSystem.STANDARD)

    def get_line_filters(self) -> list[LineFilter]:
        # Last: after Textual's own filters (NO_COLOR's greys among them).
        return [*super().get_line_filters(), self._legible]

    def get_default_screen(self) -> Screen[None]:
        # The reader is the first screen, there from the first key the terminal sends.
        return ReaderScreen(
            self.session,
            clock=self.clock,
            state=self.triage_state,
            triage=self._fixed_triage,
            config=self.config,
            scheduler=self._scheduler,
        )

    def on_mount(self) -> None:
        self.set_class(self.few_colors, "-few-colors")
        theme = self.config_theme or self.remembered.theme
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda _theme: self._remember_theme())
        # At once: the keys queued behind the one that pushed the screen must wait.
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        if self.config_problems:
            count = len(self.config_problems)
            heading = (
                f"{CONFIG_NAME}: {count} bad setting{'s' if count > 1 else ''}, defaults used:"
            )
            notify_literal(
                self,
                "\n".join([heading, *self.config_problems]),
                severity="error",
                timeout=CONFIG_PROBLEMS_SECONDS,
            )
        if self.user_config.note:
            notify_literal(self, self.user_config.note, timeout=CONFIG_PROBLEMS_SECONDS)

    async def on_event(self, event: events.Event) -> None:
        # Typed keys wait while the feed starts, a dialog opens or the key before is
        # still on its way (EarlyKeys): each is applied in order, none lost.
        if self.early_keys.hold(event):
            return
        await self._apply(event)

    async def _apply(self, event: events.Event) -> None:
        if not is_typed(event):
            await super().on_event(event)
            return
        # Where Textual hands it (unless a priority binding takes it first).
        target = self.focused or self.screen
        await super().on_event(event)
        self.early_keys.follow(event, target, self, lambda: self._release(event))

    async def _release(self, reason: object) -> None:
        for event in self.early_keys.release(reason):
            await self._apply(event)

    async def on_reader_screen_ready(self, _message: ReaderScreen.Ready) -> None:
        # Handled after every event already queued: those were held too, in order.
        await self._release(START)

    def _screen_changed(self, screen: Screen[object]) -> None:
        # A screen just pushed (a dialog) has no focused field until it is mounted; the
        # keys typed meanwhile wait for it, then go to that field in order.
        if not screen.is_mounted:
            self.early_keys.wait(screen)
            self.set_timer(WAIT_AT_MOST, lambda: self.post_message(self.ScreenOpened(screen)))
            # Queued behind the screen's mount: it runs once on_mount set the focus.
            if not screen.call_later(self.post_message, self.ScreenOpened(screen)):
                self.post_message(self.ScreenOpened(screen))
        # A screen closed before it was mounted is no longer waited for.
        for waited in self.early_keys.waiting_for:
            if isinstance(waited, Screen) and waited not in self.screen_stack:
                self.post_message(self.ScreenOpened(waited))

    async def on_reader_app_screen_opened(self, message: ScreenOpened) -> None:
        await self._release(message.screen)

    def set_keymap(self, keymap: dict[str, str]) -> None:  # type: ignore[override]
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def on_unmount(self) -> None:
        if self.triage_state is not None:
            # Every action is already committed: closing only releases the file.
            self.triage_state.close()
        self.session.close()

    def _remember_theme(self) -> None:
        if self.config_theme and self.theme != self.config_theme:
            notify_literal(
                self,
                f"{CONFIG_NAME} sets theme = {self.config_theme!r}: "
                f"{self.theme} lasts until you quit.",
            )
        if self.remembered.theme != self.theme:
            self.remembered.theme = self.theme
            try:
                self.remembered.save()
            except OSError as error:
                notify_literal(self, f"Cannot remember the theme: {error.strerror}")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Quit and Theme are commands of our own table (with the user's keys): listed
        # once in the palette, not twice.
        for command in super().get_system_commands(screen):
            if command.title not in OWN_SYSTEM_COMMANDS:
                yield command

    def key_commands(self) -> list[KeyCommand]:
        """Every command of the reader (for the command palette)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen.key_commands()
        return []
