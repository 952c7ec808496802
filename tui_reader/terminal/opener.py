"""Open an article's URL: the local browser on a desktop, the clipboard over SSH.

Over SSH, or on a Linux/BSD machine without a display, ``webbrowser`` would fall back
to a console browser (lynx, w3m, …) that takes over the very terminal the reader is
drawing in. That is never done: the decision is "copy instead", and the UI copies the
URL with OSC 52 (:mod:`tui_reader.terminal.clipboard`) and says so.

API for the UI (no Textual import here)::

    decision = decide_open(article.url, os.environ)
    match decision.action:
        case OpenAction.BROWSER:
            open_in_background(decision.url, on_done=lambda ok: ...)  # returns at once
        case OpenAction.COPY:
            ... copy decision.url with TerminalClipboard, show decision.reason
        case OpenAction.REFUSE:
            ... show decision.reason

``on_done`` runs in a background thread: hop back with ``App.call_from_thread``.
``decision.reason`` is a plain sentence for the user (it may hold the URL's scheme,
never markup-safe: show it through Content).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from tui_reader.data.urls import is_web_url

TEXT_BROWSERS = frozenset(
    {
        "browsh",
        "carbonyl",
        "cha",
        "edbrowse",
        "elinks",
        "links",
        "links2",
        "lynx",
        "netrik",
        "w3m",
        "www-browser",
    }
)
"""Browsers that run inside the terminal; ``www-browser`` is Debian's alternative for one."""

# The child process that calls webbrowser: its stdout/stderr go to /dev/null, so a
# browser's start-up chatter cannot scribble over the UI, and it runs in a new session
# without our terminal, so nothing it starts can read our keyboard.
_OPEN_SCRIPT = "import sys, webbrowser; sys.exit(0 if webbrowser.open(sys.argv[1]) else 1)"


class OpenAction(StrEnum):
    """What ``o`` should do with a URL."""

    BROWSER = "browser"
    COPY = "copy"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """The action for one URL and a sentence saying why."""

    action: OpenAction
    url: str
    reason: str


def is_text_browser(browser: webbrowser.BaseBrowser) -> bool:
    """Whether ``browser`` would run inside our terminal."""
    if isinstance(browser, webbrowser.Elinks):
        return True
    # ``name`` is a program, a path, or a whole command line (from $BROWSER).
    words = str(getattr(browser, "name", "") or "").split()
    return bool(words) and os.path.basename(words[0]).lower() in TEXT_BROWSERS


def over_ssh(env: Mapping[str, str]) -> bool:
    """Whether this session came in through SSH."""
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def has_display(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether a graphical browser could show a window here.

    macOS and Windows always have one; elsewhere (Linux, the BSDs) an X or Wayland
    display must be named in the environment.
    """
    if platform == "darwin" or platform.startswith(("win", "cygwin")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def decide_open(
    url: str,
    env: Mapping[str, str],
    *,
    platform: str = sys.platform,
    find_browser: Callable[[], webbrowser.BaseBrowser] = webbrowser.get,
) -> OpenDecision:
    """Decide whether ``url`` goes to the local browser, to the clipboard, or nowhere.

    ``find_browser`` is only called when a browser is a possibility (local session
    with a display); the default, ``webbrowser.get``, reads the process environment and
    may run ``xdg-settings`` once (tens of milliseconds) the first time.
    """
    if not is_web_url(url):
        return OpenDecision(OpenAction.REFUSE, url, "Not opened: not an http(s) link.")
    if over_ssh(env):
        return OpenDecision(
            OpenAction.COPY, url, "Over SSH: copied the link instead, open it on your machine."
        )
    if not has_display(env, platform):
        return OpenDecision(OpenAction.COPY, url, "No graphical display: copied the link instead.")
    try:
        browser = find_browser()
    except webbrowser.Error:
        return OpenDecision(OpenAction.COPY, url, "No web browser found: copied the link instead.")
    if is_text_browser(browser):
        return OpenDecision(
            OpenAction.COPY,
            url,
            "The only browser found runs in the terminal: copied the link instead.",
        )
    return OpenDecision(OpenAction.BROWSER, url, "Opening in your browser.")


def open_in_background(
    url: str, on_done: Callable[[bool], object] | None = None
) -> threading.Thread:
    """Hand ``url`` to the browser from a helper process; returns at once.

    ``on_done(success)`` is called from the waiting thread when the helper exits
    (for some browsers only when the browser window closes). Raises ValueError for
    a URL that is not http(s): callers decide with :func:`decide_open` first.
    """
    if not is_web_url(url):
        raise ValueError("only http(s) URLs are opened")

    def run() -> None:
        completed = subprocess.run(
            [sys.executable, "-c", _OPEN_SCRIPT, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=False,
        )
        if on_done is not None:
            on_done(completed.returncode == 0)

    thread = threading.Thread(target=run, name="open-browser", daemon=True)
    thread.start()
    return thread
