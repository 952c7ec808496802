"""The README's key table is generated from the bindings and must stay current."""

from __future__ import annotations

from pathlib import Path

from tui_reader.ui.key_table import END, START, current_table, with_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_key_table_matches_the_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    table = current_table()
    assert "| Triage | `m` | Mark read/unread |" in table
    assert with_table(text, table) == text, (
        "README.md's key table is stale: run python -m tui_reader.ui.key_table README.md"
    )
