"""Copy text to the *local* clipboard from anywhere: OSC 52, through tmux and screen.

OSC 52 asks the terminal emulator to set its clipboard, so it reaches the user's own
machine even when this program runs on a server over SSH. Terminal multiplexers stand
in between and need the sequence wrapped:

* **tmux** (``TMUX`` set) handles a plain OSC 52 itself when ``set-clipboard`` is
  ``on`` (the copy lands in tmux's paste buffer and is forwarded to the outer
  terminal), and passes a DCS-wrapped one straight to the outer terminal when
  ``allow-passthrough`` is ``on``. Either setting may be off, so both are written; a
  terminal that receives both just sets its clipboard twice to the same text.
* **GNU screen** (``STY`` set, no ``TMUX``) drops OSC 52 but passes DCS strings
  through, at most 768 bytes each, so the sequence is cut into several DCS strings.

API for the UI (no Textual import here)::

    clipboard = TerminalClipboard(app._driver.write)   # or any ``write(str)`` callable
    result = clipboard.copy_url(article.url)
    # result.copied, result.via, result.message (a plain str holding the URL: show it
    # through Content, never as markup)

``osc52_sequence(text, env)`` is the pure function behind it (exact bytes, tested).
The UI should also keep Textual's in-app clipboard (``App.copy_to_clipboard``) as the
fallback for pasting inside the app; that call writes a plain OSC 52 as well, which
is harmless next to ours.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from tui_reader.data.urls import is_web_url

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
"""String Terminator: ends a DCS string."""
SCREEN_DCS_LIMIT = 768
"""GNU screen drops a DCS string longer than this many bytes."""

Multiplexer = Literal["tmux", "screen"]


def osc52(text: str) -> str:
    """The bare OSC 52 "set clipboard" sequence for ``text`` (UTF-8, base64)."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    # BEL rather than ST as terminator: older xterm-likes and tmux accept both, some
    # terminals only BEL.
    return f"{ESC}]52;c;{payload}{BEL}"


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so that tmux passes it to the outer terminal unchanged."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def screen_passthrough(sequence: str) -> str:
    """``sequence`` cut into DCS strings of at most 768 bytes that screen passes on."""
    data = sequence  # ASCII only (escape characters and base64), so one char = one byte
    return "".join(
        f"{ESC}P{data[start : start + SCREEN_DCS_LIMIT]}{ST}"
        for start in range(0, len(data), SCREEN_DCS_LIMIT)
    )


def multiplexer_of(env: Mapping[str, str]) -> Multiplexer | None:
    """The multiplexer this program runs in, from its environment.

    ``TMUX`` wins over ``STY``: both may be inherited, and tmux started inside screen
    is more common than the reverse.
    """
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY"):
        return "screen"
    return None


def osc52_sequence(text: str, env: Mapping[str, str]) -> str:
    """Everything to write to the terminal to put ``text`` on the clipboard."""
    sequence = osc52(text)
    match multiplexer_of(env):
        case "tmux":
            return sequence + tmux_passthrough(sequence)
        case "screen":
            return screen_passthrough(sequence)
        case None:
            return sequence


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What a copy did, and the sentence to tell the user."""

    url: str
    copied: bool
    via: Multiplexer | None
    message: str


class TerminalClipboard:
    """Writes OSC 52 clipboard requests through a ``write(str)`` callable.

    The terminal never answers a "set" request, so success means "sent": the message
    therefore always shows the URL, for the user to select by hand if their terminal
    ignores OSC 52.
    """

    def __init__(
        self, write: Callable[[str], object], env: Mapping[str, str] | None = None
    ) -> None:
        self._write = write
        self._env: Mapping[str, str] = os.environ if env is None else env

    def copy_text(self, text: str) -> Multiplexer | None:
        """Send ``text`` to the clipboard; returns the multiplexer it went through."""
        self._write(osc52_sequence(text, self._env))
        return multiplexer_of(self._env)

    def copy_url(self, url: str) -> CopyResult:
        """Copy ``url`` if it is an http(s) URL; refuse anything else."""
        if not is_web_url(url):
            return CopyResult(url, False, None, "Not copied: not an http(s) link.")
        via = self.copy_text(url)
        through = f" (through {via})" if via else ""
        return CopyResult(url, True, via, f"Copied to the clipboard{through}: {url}")
