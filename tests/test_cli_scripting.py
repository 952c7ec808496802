"""Scripting: ``--list --count``, ``--format text|json|tsv``, and ``tui-reader serve``."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from tui_reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "one.md").write_text(
        "---\ntitle: One\nprovider: Daily\npublishedAt: 2024-05-01T10:00:00Z\n"
        "url: https://example.org/one\n---\n"
    )
    (folder / "two\tnew\nline.md").write_text("---\ntitle: Two\n---\n")
    (folder / "bad.md").write_text("---\n[\n---\n")
    return folder


def test_count_prints_only_the_number(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    code, out, err = run(capsys, "--list", "--count", str(feed))
    assert (code, out) == (0, "2\n") and "bad.md" in err


def test_tsv_columns_and_escaped_file_names(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    _, out, _ = run(capsys, "--list", "--format", "tsv", str(feed))
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows == [
        ["One", "Daily", "2024-05-01T10:00:00Z", "https://example.org/one", str(feed / "one.md")],
        ["Two", "", "", "", str(feed) + "/two\\tnew\\nline.md"],
    ]


def test_format_json_and_its_json_alias_agree(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    _, by_format, _ = run(capsys, "--list", "--format", "json", str(feed))
    _, by_alias, _ = run(capsys, "--list", "--json", str(feed))
    assert by_format == by_alias
    assert [json.loads(line)["title"] for line in by_format.splitlines()] == ["One", "Two"]


def test_format_text_is_the_default(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    _, explicit, _ = run(capsys, "--list", "--format", "text", str(feed))
    _, default, _ = run(capsys, "--list", str(feed))
    assert explicit == default and default.startswith("One — Daily — 2024-05-01\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--header", "--format", "json"], "--header goes with --format tsv"),
        (["--list", "--json", "--format", "tsv"], "--json means --format json"),
        (["--list", "--format", "xml"], "invalid choice"),
        (["serve", "/no/such/folder"], "no such file or folder: /no/such/folder"),
        (["serve", "--port", "http"], "invalid int value"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and message in err


def test_serve_help_says_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "loopback" in out and "127.0.0.1" in out and "--port" in out


class FakeServer:
    created: list[dict[str, Any]] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        self.created.append({"command": command, "host": host, "port": port, "title": title})

    def serve(self) -> None:
        self.created[-1]["served"] = True


def test_serve_runs_this_python_on_loopback(
    monkeypatch: pytest.MonkeyPatch, feed: Path, tmp_path: Path
) -> None:
    import textual_serve.server

    FakeServer.created.clear()
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "feed", "--no-cache"]) == 0
    (server,) = FakeServer.created
    assert (server["host"], server["port"], server["served"]) == ("127.0.0.1", 8000, True)
    expected = [sys.executable, "-m", "tui_reader", "--no-cache", "--", str(feed)]
    assert shlex.split(server["command"]) == expected


def test_a_folder_named_serve_still_opens_as_a_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "serve").mkdir()
    (tmp_path / "serve" / "a.md").write_text("---\ntitle: Served folder\n---\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "./serve", "--list")
    assert code == 0 and out.startswith("Served folder")


def test_mark_applies_triage_to_the_matching_articles_as_one_undo_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tui_reader.data.triage import TriageState

    feed = tmp_path / "feed"
    feed.mkdir()
    for name, title in [("a", "Heat pumps"), ("b", "Heat wave"), ("c", "Bike lanes")]:
        (feed / f"{name}.md").write_text(f"---\ntitle: {title}\nurl: https://e.org/{name}\n---\n")
    db = tmp_path / "state.sqlite3"
    code = main(["mark", str(feed), "--query", "'heat", "--read", "--state", str(db)])
    assert code == 0
    assert capsys.readouterr().out == "2 articles match; marked 2 articles read\n"
    with TriageState(str(feed), db) as state:
        assert [state.is_read(f"https://e.org/{n}") for n in "abc"] == [True, True, False]
        step = state.undo()  # what u does in the app
        assert step is not None and sorted(step.keys) == ["https://e.org/a", "https://e.org/b"]
        assert not any(state.is_read(f"https://e.org/{n}") for n in "abc")
    assert main(["mark", str(feed), "--query", "quality:>>x", "--read", "--state", str(db)]) == 2
    assert "quality:>>x" in capsys.readouterr().err


def test_list_reads_each_folders_own_triage_state(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folders = {name: tmp_path / name for name in ("a", "b")}
    for folder, names in ((folders["a"], "xy"), (folders["b"], "z")):
        folder.mkdir()
        for name in names:
            (folder / f"{name}.md").write_text(
                f"---\ntitle: {name}\nurl: https://e.org/{name}\n---\n"
            )
    db = str(tmp_path / "state.sqlite3")
    assert main(["mark", str(folders["a"]), "--query", "x", "--read", "--state", db]) == 0
    assert main(["mark", str(folders["b"]), "--query", "z", "--star", "--state", db]) == 0
    capsys.readouterr()
    both = [str(folders["a"]), str(folders["b"])]

    def count(query: str, *paths: str) -> str:
        return run(capsys, "--list", "--count", "--query", query, "--state", db, "--", *paths)[1]

    assert (count("is:read", *both), count("is:starred", *both)) == ("1\n", "1\n")
    assert (count("is:read", both[0]), count("is:starred", both[0])) == ("1\n", "0\n")
    out = run(capsys, "--list", "--json", "--state", db, "--", *both)[1]
    flags = {
        row["title"]: (row["read"], row["starred"]) for row in map(json.loads, out.splitlines())
    }
    assert flags == {"x": (True, False), "y": (False, False), "z": (False, True)}


def test_a_listing_of_every_article_does_not_read_the_triage_state(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path
) -> None:
    # An empty query selects every article whatever its flags: the state is not needed,
    # so a state that cannot be read costs nothing; a query that needs it says so.
    broken = tmp_path / "state.sqlite3"
    broken.write_bytes(b"this is not an SQLite database\n" * 200)
    code, out, err = run(capsys, "--list", "--count", "--state", str(broken), str(feed))
    assert (code, out) == (0, "2\n") and "triage state" not in err
    code, out, err = run(
        capsys, "--list", "--count", "--query", "is:read", "--state", str(broken), str(feed)
    )
    assert (code, out) == (0, "0\n") and "cannot read the triage state" in err
    code, out, err = run(capsys, "--list", "--json", "--state", str(broken), str(feed))
    assert len(out.splitlines()) == 2 and "cannot read the triage state" in err


def test_a_listing_of_every_article_still_shows_its_flags_in_json(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "state.sqlite3")
    assert main(["mark", str(feed), "--query", "One", "--star", "--state", db]) == 0
    capsys.readouterr()
    _, out, _ = run(capsys, "--list", "--json", "--state", db, str(feed))
    starred = {row["title"]: row["starred"] for row in map(json.loads, out.splitlines())}
    assert starred == {"One": True, "Two": False}
    _, out, _ = run(capsys, "--list", "--count", "--state", db, str(feed))
    assert out == "2\n"
    _, out, _ = run(capsys, "--list", "--count", "--query", "is:starred", "--state", db, str(feed))
    assert out == "1\n"


def test_readme_lists_every_json_field(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = readme.split("`--json` prints one object per line with `", 1)[1].split("`", 1)[0]
    fields = [name.strip() for name in listed.split(",")]
    code, out, _err = run(capsys, "--json", "--no-cache", str(feed))
    assert code == 0
    printed = json.loads(out.splitlines()[0])
    assert fields == [key for key in printed if key != "path_bytes"]
    assert "`path_bytes`" in readme
