"""The README's key table and docs/config.md's command ids are generated from the
bindings and must stay current; docs/config.md documents every setting there is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui_reader.config.reading import SETTINGS, TABLES
from tui_reader.ui.key_table import END, START, current_table, with_table, with_tables
from tui_reader.ui.key_table import main as key_table_main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONFIG_DOC = ROOT / "docs" / "config.md"


def test_readme_key_table_matches_the_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    table = current_table()
    assert "| Triage | `m` | Mark read/unread |" in table
    assert with_table(text, table) == text, (
        "README.md's key table is stale: run python -m tui_reader.ui.key_table README.md"
    )


def test_config_doc_lists_every_command_id_and_every_setting() -> None:
    text = CONFIG_DOC.read_text(encoding="utf-8")
    assert "| `star` | `s` | Triage | Star/unstar |" in text
    assert with_tables(text) == text, (
        "docs/config.md's command ids are stale: "
        "run python -m tui_reader.ui.key_table README.md docs/config.md"
    )
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `\[?(\w+)\]?` \|", section, flags=re.MULTILINE)
    assert documented == [*SETTINGS, *TABLES]


def test_key_table_help_says_what_it_rewrites(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        key_table_main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: python -m tui_reader.ui.key_table" in out and "README.md" in out
