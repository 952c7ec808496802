"""The README's key table and docs/config.md's command ids, generated from the command
table (never kept by hand).

``python -m tui_reader.ui.key_table README.md docs/config.md`` rewrites the tables
between their markers (``<!-- keys:start -->`` ... ``<!-- keys:end -->``,
``<!-- command-ids:start -->`` ... ``<!-- command-ids:end -->``); a test fails when a
file and the command table disagree.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui_reader.ui.command_table import COMMANDS, effective_keys, key_display
from tui_reader.ui.user_config import config_spelling

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"
IDS_START = "<!-- command-ids:start -->"
IDS_END = "<!-- command-ids:end -->"


def current_table(keymap: dict[str, str] | None = None) -> str:
    """Where, keys and description of every command, as a Markdown table."""
    rows = ["| Where | Keys | Action |", "| --- | --- | --- |"]
    for group, commands in COMMANDS.items():
        for command in commands:
            keys = dict.fromkeys(key_display(k) for k in effective_keys(command, keymap or {}))
            # A "|" would end the Markdown table cell, even inside backticks.
            shown = ", ".join(f"`{key}`".replace("|", "\\|") for key in keys)
            rows.append(f"| {group} | {shown} | {command.description} |")
    return "\n".join(rows)


def command_ids_table() -> str:
    """Every command id with its default keys as config.toml spells them (``[keys]``)."""
    rows = ["| Command id | Default keys | Where | Action |", "| --- | --- | --- | --- |"]
    for group, commands in COMMANDS.items():
        for command in commands:
            keys = ", ".join(f"`{config_spelling(k)}`" for k in effective_keys(command, {}))
            rows.append(f"| `{command.id}` | {keys} | {group} | {command.description} |")
    return "\n".join(rows)


def with_table(readme: str, table: str, start: str = START, end: str = END) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    begin, finish = readme.index(start) + len(start), readme.index(end)
    return readme[:begin] + "\n" + table + "\n" + readme[finish:]


def with_tables(text: str) -> str:
    """``text`` with each generated table whose markers it has brought up to date."""
    if START in text:
        text = with_table(text, current_table())
    if IDS_START in text:
        text = with_table(text, command_ids_table(), IDS_START, IDS_END)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated tables of the files named in ``argv`` (default: both)."""
    parser = argparse.ArgumentParser(
        prog="python -m tui_reader.ui.key_table",
        description="Rewrite the key table and the command ids between their markers "
        f"({START} ... {END}, {IDS_START} ... {IDS_END}) from the command table.",
    )
    parser.add_argument(
        "files", nargs="*", default=["README.md", "docs/config.md"], help="default: %(default)s"
    )
    for name in parser.parse_args(argv).files:
        path = Path(name)
        path.write_text(with_tables(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
