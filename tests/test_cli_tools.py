"""The command line as a tool: options that imply --list, TSV headers, mark --dry-run,
serve --state, --print-config, shell completions and the man page (all from the parser)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from app_support import write_config

from tui_reader.cli import main
from tui_reader.cli.completion import completion_script
from tui_reader.cli.grammar import commands
from tui_reader.cli.manpage import manual
from tui_reader.config import Config, parse_config
from tui_reader.data.triage import Flag, TriageState
from tui_reader.ui.user_config import check_config

MAN_PAGE = Path(__file__).resolve().parents[1] / "docs" / "tui-reader.1"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, title, day in [("a", "Heat pumps", 3), ("b", "Heat wave", 2), ("c", "Bike lanes", 1)]:
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {title}\nprovider: Daily\npublishedAt: 2024-05-0{day}T10:00:00Z\n"
            f"url: https://e.org/{name}\n---\n"
        )
    return folder


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--count"], "3\n"),
        (["--json"], '{"id": "https://e.org/a"'),
        (["--format", "tsv"], "Heat pumps\tDaily\t2024-05-03T10:00:00Z"),
        (["--query", "bike"], "Bike lanes — Daily — 2024-05-01\n"),
        (["--sort", "title"], "Bike lanes — Daily — 2024-05-01\n"),
    ],
)
def test_listing_options_imply_list(
    capsys: pytest.CaptureFixture[str], feed: Path, args: list[str], expected: str
) -> None:
    code, out, _ = run(capsys, "--no-cache", str(feed), *args)
    assert code == 0 and out.startswith(expected)


def test_tsv_header_names_the_columns(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    code, out, _ = run(capsys, "--no-cache", str(feed), "--format", "tsv", "--header")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "title\tprovider\tdate\turl\tpath"
    assert len(lines) == 4 and lines[1].startswith("Heat pumps\t")
    _, plain, _ = run(capsys, "--no-cache", str(feed), "--format", "tsv")
    assert plain.splitlines() == lines[1:]


def test_mark_dry_run_says_how_many_would_change(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path
) -> None:
    db = tmp_path / "state.sqlite3"
    with TriageState(feed, db) as state:
        state.set_flag(Flag.READ, "https://e.org/a", True)
    code, out, _ = run(capsys, "mark", str(feed), "--query", "heat", "--read", "--state", str(db))
    code, out, _ = run(
        capsys, "mark", str(feed), "--query", "heat", "--read", "--state", str(db), "--dry-run"
    )
    assert code == 0
    assert out == "2 articles match; would mark 0 articles read (--dry-run: nothing changed)\n"
    code, out, _ = run(
        capsys, "mark", str(feed), "--query", "", "--unread", "--state", str(db), "--dry-run"
    )
    assert out == "3 articles match; would mark 2 articles unread (--dry-run: nothing changed)\n"
    with TriageState(feed, db) as state:
        assert state.is_read("https://e.org/a") and state.is_read("https://e.org/b")
        assert not state.is_read("https://e.org/c")


def test_one_match_is_said_in_the_singular(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "state.sqlite3")
    _, out, _ = run(capsys, "mark", str(feed), "--query", "bike", "--star", "--state", db)
    assert out == "1 article matches; starred 1 article\n"


class FakeServer:
    commands: list[str] = []

    def __init__(self, command: str, **_options: object) -> None:
        FakeServer.commands.append(command)

    def serve(self) -> None:
        pass


def test_serve_takes_the_shared_feed_options(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    db = tmp_path / "elsewhere.sqlite3"
    assert main(["serve", str(feed), "--state", str(db), "--cache-dir", "c", "--no-cache"]) == 0
    words = shlex.split(FakeServer.commands[-1])
    assert words[words.index("--state") + 1] == str(db.resolve())
    assert "--no-cache" in words and words[-1] == str(feed.resolve())


def test_every_command_shares_the_feed_options() -> None:
    for command in commands():
        flags = {flag for option in command.options for flag in option.flags}
        assert {"--no-cache", "--cache-dir", "--state"} <= flags, command.name


# -- --print-config ---------------------------------------------------------------------


def test_print_config_is_a_config_that_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('dates = "absolute"\n[keys]\nstar = "f"\nmark_read = ["m", "x"]\n')
    code, out, err = run(capsys, "--print-config")
    assert code == 0 and err == ""
    document = tomllib.loads(out)
    config, problems = parse_config(document)
    assert problems == [] and config.dates == "absolute"
    assert config.read_dwell_seconds == Config().read_dwell_seconds
    checked = check_config(config)
    assert checked.problems == ()
    assert checked.keymap["star"] == "f" and checked.keymap["mark_read"] == "m,x"
    assert document["keys"]["help"] == "?" and document["keys"]["first"] == ["g", "home"]


def test_print_config_with_bad_settings_exits_0_and_says_each_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config('dates = "iso"\nnope = 1\n[keys]\nstar = "j"\n')
    code, out, err = run(capsys, "--print-config")
    assert code == 0
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["dates", "nope", "keys.star"]
    assert all(line.startswith(f"{path}: ") for line in lines)
    document = tomllib.loads(out)
    assert document["dates"] == "relative" and document["keys"]["star"] == "s"


def test_the_app_says_config_problems_on_stderr(
    capsys: pytest.CaptureFixture[str], feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.app import ReaderApp

    monkeypatch.setattr(ReaderApp, "run", lambda self: None)  # no terminal here
    path = write_config('dates = "iso"\n')
    code, _, err = run(capsys, "--no-cache", str(feed))
    assert code == 0 and err.startswith(f"{path}: dates: ") and err.count("\n") == 1


# -- completion and man page -------------------------------------------------------------


def complete_in_bash(script: str, words: list[str], cwd: Path) -> list[str]:
    quoted = " ".join(shlex.quote(word) for word in words)
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; _tui_reader; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, cwd=cwd, check=True
    )
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completion_completes_options_choices_commands_and_paths(tmp_path: Path) -> None:
    (tmp_path / "my feed").mkdir()
    (tmp_path / "serving").mkdir()
    script = completion_script("bash")
    assert complete_in_bash(script, ["tui-reader", "--so"], tmp_path) == ["--sort"]
    assert complete_in_bash(script, ["tui-reader", "--sort", "q"], tmp_path) == ["quality"]
    assert complete_in_bash(script, ["tui-reader", "ser"], tmp_path) == ["serve", "serving"]
    assert complete_in_bash(script, ["tui-reader", "my"], tmp_path) == ["my feed"]
    assert complete_in_bash(script, ["tui-reader", "serve", "--ho"], tmp_path) == ["--host"]
    assert complete_in_bash(script, ["tui-reader", "mark", "--dr"], tmp_path) == ["--dry-run"]
    assert complete_in_bash(script, ["tui-reader", "--list", "--dr"], tmp_path) == []
    # Only the first word can be a command: a later "serve" is a path.
    assert complete_in_bash(script, ["tui-reader", "x", "ser"], tmp_path) == ["serving"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_completions_cover_every_option(shell: str) -> None:
    script = completion_script(shell)
    for command in commands():
        for option in command.options:
            for flag in option.flags:
                needle = (
                    flag
                    if shell == "zsh"
                    else ("-l " if flag[1] == "-" else "-s ") + (flag.lstrip("-"))
                )
                assert needle in script, (command.name, flag)
            for choice in option.choices:
                assert choice in script
    if shutil.which(shell):  # the shell itself, where installed, parses the script
        check = ["zsh", "-n"] if shell == "zsh" else ["fish", "--no-execute"]
        subprocess.run([*check, "/dev/stdin"], input=script, text=True, check=True)


def test_completion_option_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--completion", "fish")
    assert code == 0 and out == completion_script("fish")
    assert run(capsys, "--completion", "tcsh")[0] == 2


def test_man_page_is_current() -> None:
    assert MAN_PAGE.read_text(encoding="utf-8") == manual(), (
        "docs/tui-reader.1 is stale: run python -m tui_reader.cli.manpage docs/tui-reader.1"
    )


def test_man_page_names_every_option_and_key() -> None:
    page = manual()
    for command in commands():
        for option in command.options:
            for flag in option.flags:
                assert flag.replace("-", "\\-") in page
    assert "\\fBm\\fR (mark_read)" in page and "config.toml" in page
