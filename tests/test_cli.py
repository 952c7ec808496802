"""The ``--list`` contract: for scripts, cron and pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_BODY, SEED_FRONT_MATTER

from tui_reader import __version__
from tui_reader.cli import main

JSON_FIELDS = {
    "id", "path", "title", "provider", "published_at", "web_url", "original_url",
    "topics", "quality", "heat", "published",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_text(capsys: pytest.CaptureFixture[str], sample_feed: Path) -> None:
    code, out, err = run(capsys, "--list", str(sample_feed / SEED_FRONT_MATTER))
    assert code == 0 and err == ""
    assert out == (
        "New Campaign to Fight Amazon's Push for World 'Dominated by Total Corporate "
        "Surveillance' — Common Dreams — 2021-06-10\n"
    )


def test_list_json(capsys: pytest.CaptureFixture[str], sample_feed: Path) -> None:
    code, out, _ = run(capsys, "--list", "--json", str(sample_feed))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) >= 2
    assert all(row.keys() >= JSON_FIELDS for row in rows)
    seed = next(row for row in rows if row["path"].endswith(SEED_FRONT_MATTER))
    assert seed["published_at"] == "2021-06-10T20:31:00Z" and seed["topics"] == ["AWS AI", "AI"]
    assert (seed["quality"], seed["heat"], seed["published"]) == (30, 30, False)
    body_only = next(row for row in rows if row["path"].endswith(SEED_BODY))
    assert body_only["id"] == SEED_BODY and body_only["published_at"] is None
    dates = [row["published_at"] for row in rows if row["published_at"]]
    assert dates == sorted(dates, reverse=True)


def test_sort_by_title(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {name.upper()}\n---\n")
    _, out, _ = run(capsys, "--list", "--sort", "title", str(tmp_path))
    assert [line.split(" — ")[0] for line in out.splitlines()] == ["A", "B", "C"]


def test_errors_go_to_stderr_and_the_rest_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: Good \x1b[31mred\n---\n")
    (tmp_path / "bad.md").write_text("---\n[\n---\n")
    code, out, err = run(capsys, "--list", str(tmp_path))
    assert code == 0 and out.startswith("Good red — ")
    assert err.startswith(f"{tmp_path / 'bad.md'}: malformed YAML")
    assert "\x1b" not in out


def test_nothing_loadable_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\n[\n---\n")
    assert run(capsys, "--list", str(tmp_path))[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--list", "/no/such/folder"], "no such file or folder: /no/such/folder"),
        (["--list", "--sort", "bogus"], "invalid choice"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--header"], "--header goes with --format tsv"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tui-reader: ") and message in err


def test_version_and_help_in_a_subprocess() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "tui_reader", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.strip() == f"tui-reader {__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "tui_reader", "--help"], capture_output=True, text=True
    )
    assert help_text.returncode == 0 and "--list" in help_text.stdout
    for command in ("serve", "mark"):
        assert f"tui-reader {command} " in help_text.stdout  # the subcommands are named


def test_no_argument_lists_the_bundled_sample_feed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list")
    assert code == 0 and "Civil rights groups call on Amazon" in out
