"""``y`` (copy) and ``o`` (open) for an article's URL, safe over SSH and inside tmux.

Copy writes OSC 52 straight to the terminal through Textual's driver (wrapped for
tmux or screen by :mod:`tui_reader.terminal.clipboard`), then also fills Textual's
in-app clipboard so the URL can be pasted into the filter bar. The notification
always shows the URL, for terminals that ignore OSC 52.

Open decides in a thread worker (``webbrowser.get`` may run ``xdg-settings``) and
never launches anything over SSH or without a display: it copies instead and says why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from textual.app import App

from tui_reader.terminal.clipboard import CopyResult, TerminalClipboard
from tui_reader.terminal.opener import OpenAction, OpenDecision, decide_open, open_in_background
from tui_reader.ui.safe_text import notify_literal


def terminal_writer(app: App[object]) -> Callable[[str], object] | None:
    """The function that writes raw text to the app's terminal, if it has one yet.

    Textual has no public accessor for its driver; ``App.copy_to_clipboard`` writes
    through ``_driver`` the same way.
    """
    driver = app._driver
    return None if driver is None else driver.write


def copy_link(app: App[object], url: str, env: Mapping[str, str] | None = None) -> CopyResult:
    """Copy ``url`` (http(s) only) to the local clipboard and say so."""
    environment = os.environ if env is None else env
    if not url:
        notify_literal(app, "This article has no URL.", severity="warning")
        return CopyResult(url, False, None, "This article has no URL.")
    result = copy_link_quietly(app, url, environment)
    notify_literal(app, result.message, severity="information" if result.copied else "warning")
    return result


def open_link(app: App[object], url: str, env: Mapping[str, str] | None = None) -> None:
    """Open ``url`` in the local browser, or copy it when that is impossible (never blocks)."""
    environment = dict(os.environ if env is None else env)
    if not url:
        notify_literal(app, "This article has no URL.", severity="warning")
        return

    def decide() -> None:
        decision = decide_open(url, environment)
        app.call_from_thread(carry_out, app, decision, environment)

    app.run_worker(decide, name="decide-open", group="open-link", thread=True)


def carry_out(app: App[object], decision: OpenDecision, env: Mapping[str, str]) -> None:
    """Do what :func:`decide_open` decided (on the UI thread)."""
    match decision.action:
        case OpenAction.BROWSER:
            notify_literal(app, f"{decision.reason} {decision.url}")

            def done(success: bool) -> None:
                if not success:
                    app.call_from_thread(
                        notify_literal,
                        app,
                        f"The browser did not open {decision.url}; press y to copy it.",
                        severity="warning",
                    )

            open_in_background(decision.url, on_done=done)
        case OpenAction.COPY:
            result = copy_link_quietly(app, decision.url, env)
            notify_literal(app, f"{decision.reason} {result.url}")
        case OpenAction.REFUSE:
            notify_literal(app, f"{decision.reason} ({decision.url})", severity="warning")


def copy_link_quietly(app: App[object], url: str, env: Mapping[str, str]) -> CopyResult:
    """Copy ``url`` like :func:`copy_link`, without a notification of its own."""
    write = terminal_writer(app)
    result = TerminalClipboard(write or (lambda _text: None), env).copy_url(url)
    if result.copied:
        app.copy_to_clipboard(url)
    return result
