"""OSC 52 clipboard sequences: exact bytes, plain and through tmux and screen."""

from __future__ import annotations

import base64

import pytest

from tui_reader.terminal.clipboard import (
    SCREEN_DCS_LIMIT,
    TerminalClipboard,
    multiplexer_of,
    osc52_sequence,
)

URL = "https://example.org/a?b=1"
PAYLOAD = base64.b64encode(URL.encode()).decode()  # aHR0cHM6Ly9leGFtcGxlLm9yZy9hP2I9MQ==


def test_plain_terminal_gets_a_bare_osc52() -> None:
    assert PAYLOAD == "aHR0cHM6Ly9leGFtcGxlLm9yZy9hP2I9MQ=="
    assert osc52_sequence(URL, {}) == "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy9hP2I9MQ==\x07"


def test_utf8_text_is_base64_of_its_utf8_bytes() -> None:
    assert osc52_sequence("é", {}) == "\x1b]52;c;w6k=\x07"


def test_tmux_gets_plain_for_its_buffer_and_passthrough_for_the_outer_terminal() -> None:
    env = {"TMUX": "/tmp/tmux-0/default,123,0", "STY": "1.pts-0.host"}
    plain = f"\x1b]52;c;{PAYLOAD}\x07"
    wrapped = f"\x1bPtmux;\x1b\x1b]52;c;{PAYLOAD}\x07\x1b\\"
    assert osc52_sequence(URL, env) == plain + wrapped


def test_screen_gets_dcs_chunks_of_at_most_768_bytes() -> None:
    assert osc52_sequence(URL, {"STY": "1.pts-0.host"}) == f"\x1bP\x1b]52;c;{PAYLOAD}\x07\x1b\\"
    long_text = "x" * 1500  # 2000 base64 characters: 2008 bytes of OSC, three DCS strings
    sequence = osc52_sequence(long_text, {"STY": "1.pts-0.host"})
    chunks = sequence.split("\x1b\\")
    assert chunks[-1] == ""
    bodies = [chunk.removeprefix("\x1bP") for chunk in chunks[:-1]]
    assert all(chunk.startswith("\x1bP") for chunk in chunks[:-1])
    assert [len(body) for body in bodies] == [SCREEN_DCS_LIMIT, SCREEN_DCS_LIMIT, 2008 - 1536]
    assert "".join(bodies) == osc52_sequence(long_text, {})


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, None), ({"TMUX": ""}, None), ({"STY": "s"}, "screen"), ({"TMUX": "t"}, "tmux")],
)
def test_multiplexer_detection(env: dict[str, str], expected: str | None) -> None:
    assert multiplexer_of(env) == expected


def test_copy_url_writes_through_the_given_writer() -> None:
    written: list[str] = []
    result = TerminalClipboard(written.append, {"TMUX": "t"}).copy_url(URL)
    assert written == [osc52_sequence(URL, {"TMUX": "t"})]
    assert (result.copied, result.via) == (True, "tmux")
    assert result.message == f"Copied to the clipboard (through tmux): {URL}"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "", "ftp://h/x"])
def test_copy_url_refuses_what_is_not_http(url: str) -> None:
    written: list[str] = []
    result = TerminalClipboard(written.append, {}).copy_url(url)
    assert written == [] and not result.copied
