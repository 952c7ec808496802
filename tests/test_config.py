"""config.toml: every setting read and checked, one problem per bad key, defaults kept;
the old settings.json moved over once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.config import (
    Config,
    Remembered,
    config_dir,
    config_path,
    load_config,
    load_user_config,
)
from tui_reader.data.store import SortKey
from tui_reader.query.views import View


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_every_default() -> None:
    loaded = load_user_config()
    assert loaded.config == Config() and loaded.problems == () and loaded.note == ""
    assert loaded.path == str(config_path())


def test_every_setting_is_read() -> None:
    write_config(
        "read_dwell_seconds = 3\n"
        'dates = "absolute"\n'
        'default_sort = "heat"\n'
        'default_view = "unread"\n'
        'theme = "nord"\n'
        "[keys]\n"
        'star = "f"\n'
        'mark_read = ["m", "x"]\n'
    )
    loaded = load_user_config()
    assert loaded.problems == ()
    config = loaded.config
    assert config.read_dwell_seconds == 3.0 and config.dates == "absolute"
    assert config.default_sort is SortKey.HEAT and config.default_view is View.UNREAD
    assert config.theme == "nord"
    assert dict(config.keys) == {"star": ("f",), "mark_read": ("m", "x")}


def test_each_bad_key_is_one_problem_and_the_rest_still_applies() -> None:
    write_config(
        'read_dwell_seconds = "slow"\n'
        'dates = "iso"\n'
        "default_sort = 3\n"
        'default_view = "later"\n'
        "theme = true\n"
        "colour = 1\n"
        'datse = "relative"\n'
        "[keys]\n"
        "star = 5\n"
        "archive = []\n"
        'mark_read = "x"\n'
    )
    loaded = load_user_config()
    keys = [problem.key for problem in loaded.problems]
    assert keys == [
        "read_dwell_seconds",
        "dates",
        "default_sort",
        "default_view",
        "theme",
        "colour",
        "datse",
        "keys.star",
        "keys.archive",
    ]
    assert loaded.config.read_dwell_seconds == Config().read_dwell_seconds
    assert loaded.config.dates == "relative" and loaded.config.default_view is View.ALL
    assert dict(loaded.config.keys) == {"mark_read": ("x",)}
    lines = loaded.problem_lines()
    assert all(line.startswith(f"{config_path()}: ") and "\n" not in line for line in lines)
    by_key = dict(zip(keys, (str(p) for p in loaded.problems), strict=True))
    assert '"iso"' in by_key["dates"] and "relative" in by_key["dates"]
    assert "did you mean dates?" in by_key["datse"]


@pytest.mark.parametrize("dwell", [-1, 601, float("inf")])
def test_read_dwell_out_of_range(dwell: float) -> None:
    write_config(f"read_dwell_seconds = {'inf' if dwell == float('inf') else dwell}\n")
    loaded = load_user_config()
    assert [p.key for p in loaded.problems] == ["read_dwell_seconds"]


def test_a_file_that_is_not_toml_is_one_problem_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("dates = \n[keys\n")
    loaded = load_config(path)
    assert loaded.config == Config()
    assert len(loaded.problems) == 1 and loaded.problems[0].key == ""
    assert loaded.problem_lines()[0].startswith(f"{path}: the file is not valid TOML")
    path.write_bytes(b'dates = "\xff"\n')
    assert "not UTF-8" in str(load_config(path).problems[0])
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert load_config(folder).problems[0].message.startswith("the file cannot be read")


def test_hostile_values_are_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('dates = "\\u001b[31mred"\n"\\u001b]0;x\\u0007" = 1\n')
    lines = load_config(path).problem_lines()
    assert len(lines) == 2 and not any("\x1b" in line or "\x07" in line for line in lines)


def test_settings_json_is_moved_once() -> None:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"theme": "nord", "read_dwell_seconds": 4}))
    loaded = load_user_config()
    assert loaded.config.read_dwell_seconds == 4.0 and loaded.problems == ()
    assert "read_dwell_seconds into config.toml" in loaded.note and "theme" in loaded.note
    assert Remembered.load().theme == "nord"
    assert not (folder / "settings.json").exists()
    assert (folder / "settings.json.migrated").exists()
    again = load_user_config()
    assert again.note == "" and again.config.read_dwell_seconds == 4.0


def test_settings_json_never_changes_an_existing_config() -> None:
    path = write_config('dates = "absolute"\n')
    (path.parent / "settings.json").write_text(json.dumps({"read_dwell_seconds": 9}))
    loaded = load_user_config()
    assert path.read_text() == 'dates = "absolute"\n'
    assert loaded.config.read_dwell_seconds == Config().read_dwell_seconds
    assert "read_dwell_seconds = 9 (config.toml exists" in loaded.note


def test_a_damaged_settings_json_is_left_alone() -> None:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text("{not json")
    assert load_user_config() == load_config(config_path())
    assert (folder / "settings.json").exists()


def test_remembered_state_lives_outside_the_config_folder() -> None:
    Remembered(theme="dracula").save()
    assert Remembered.load().theme == "dracula"
    assert config_dir() not in Remembered.path().parents
    assert not config_path().exists()
