"""``--list`` prints no control character, whatever the file names hold (issue 9).

Names are what a scraper or an unpacked archive can choose: OSC 52 (writes the
clipboard), OSC 0 (retitles the pane), ``ESC k`` (renames the tmux window), BEL, DEL,
C1, bidi overrides, newlines, bytes that are not UTF-8.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.data.sanitize import is_display_safe

HOSTILE_NAMES = [
    b"b1\x1b]52;c;UFdORUQ=\x1b\\.md",
    b"t\x1b]0;TITLE\x1b\\.md",
    b"w\x1bkNAME\x1b\\.md",
    b"bell\x07del\x7fc1\xc2\x85\xc2\x9b31m.md",
    b"bidi\xe2\x80\xaeevil.md",
    b"new\nline.md",
    b"tab\there.md",
    b"latin\xe9.md",
]
BAD_NAME = b"bad\x1b]52;c;QkFE\x07\nsecond line.md"


def unsafe(text: str, allowed: str = "\n") -> list[str]:
    return sorted(
        {char for char in text if not is_display_safe(char) or char in "\t\r"} - set(allowed)
    )


@pytest.fixture
def hostile_feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for index, name in enumerate(HOSTILE_NAMES):
        # No title: the name is what the list shows (the title falls back to it).
        body = b"" if index % 2 else b"---\ndate: 2024-05-01\n---\n"
        (folder / os.fsdecode(name)).write_bytes(body + b"\x1b]0;BODY\x07 text\n")
    (folder / os.fsdecode(BAD_NAME)).write_bytes(b"---\ntitle: [unclosed\n---\n")
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "tsv"])
def test_list_prints_no_control_character(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path, fmt: str
) -> None:
    code = main(["--list", "--no-cache", "--format", fmt, str(hostile_feed)])
    out, err = capsys.readouterr()
    assert code == 0
    assert unsafe(out, "\n\t" if fmt == "tsv" else "\n") == []
    assert unsafe(err) == []
    out.encode("utf-8")  # no lone surrogate: valid UTF-8 when written
    err.encode("utf-8")
    assert len(out.splitlines()) == len(HOSTILE_NAMES)
    # The failing file is one line, its name recognisable with the controls visible.
    [error] = err.splitlines()
    assert error.startswith(f"{hostile_feed}/bad\\x1b]52;c;QkFE\\x07\\x0asecond line.md: ")


def test_json_gives_the_exact_names_back(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path
) -> None:
    assert main(["--list", "--no-cache", "--json", str(hostile_feed)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    found = set()
    for row in rows:
        if "path_bytes" in row:
            found.add(bytes.fromhex(row["path_bytes"]))
            assert "\ufffd" in row["path"]
        else:
            found.add(os.fsencode(row["path"]))
    assert found == {os.fsencode(hostile_feed) + b"/" + name for name in HOSTILE_NAMES}


def _tsv_unescape(field: str) -> bytes:
    out = bytearray()
    for token in re.finditer(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr\\])|(.)", field, re.S):
        escape, char = token.groups()
        if char is not None:
            out += char.encode("utf-8")
        elif escape[0] == "x":
            out.append(int(escape[1:], 16))
        elif escape[0] == "u":
            out += chr(int(escape[1:], 16)).encode("utf-8")
        else:
            out += {"t": b"\t", "n": b"\n", "r": b"\r", "\\": b"\\"}[escape]
    return bytes(out)


def test_tsv_paths_can_be_rebuilt_exactly(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path
) -> None:
    assert main(["--list", "--no-cache", "--format", "tsv", str(hostile_feed)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.count("\t") == 4 for line in lines)
    paths = {_tsv_unescape(line.split("\t")[4]) for line in lines}
    assert paths == {os.fsencode(hostile_feed) + b"/" + name for name in HOSTILE_NAMES}


@pytest.mark.parametrize("fmt", ["text", "json", "tsv"])
def test_a_strict_utf8_stdout_in_a_real_process(hostile_feed: Path, fmt: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "--list", "--no-cache", "--format", fmt,
         str(hostile_feed)],
        capture_output=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        text = stream.decode("utf-8")  # strict: raises on invalid UTF-8
        assert b"\x1b" not in stream and b"\x07" not in stream
        assert unsafe(text, "\n\t" if fmt == "tsv" else "\n") == []


def test_usage_error_quoting_a_hostile_path_is_one_safe_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--list", "/no/such\x1b]0;T\x07\nfolder"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and unsafe(err) == []
    assert "no such file or folder: /no/such\\x1b]0;T\\x07\\x0afolder" in err


# -- serve on another address than loopback ---------------------------------------


class RefusedServer:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the server must not start")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org", ""])
def test_serve_off_loopback_needs_allow_remote(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", RefusedServer)
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert "--allow-remote" in err and "not loopback" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "localhost"])
def test_serve_on_loopback_needs_nothing(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    import textual_serve.server

    served: list[str] = []

    class Server:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            served.append(host)

        def serve(self) -> None:
            pass

    monkeypatch.setattr(textual_serve.server, "Server", Server)
    assert main(["serve", "--host", host]) == 0
    assert served == [host]


def test_serve_allow_remote_says_loudly_what_it_exposes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import textual_serve.server

    served: list[str] = []

    class Server:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            served.append(host)

        def serve(self) -> None:
            pass

    monkeypatch.setattr(textual_serve.server, "Server", Server)
    assert main(["serve", "--host", "0.0.0.0", "--allow-remote", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert served == ["0.0.0.0"]
    assert "NO authentication" in err and str(tmp_path) in err and "publish" in err
