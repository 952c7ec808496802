"""The README's key table, generated from the command table (never kept by hand).

``python -m tui_reader.ui.key_table README.md`` rewrites the table between the
``<!-- keys:start -->`` and ``<!-- keys:end -->`` markers; a test fails when the README
and the command table disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader.ui.command_table import COMMANDS, FILTER, effective_keys, key_display

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"


def current_table(keymap: dict[str, str] | None = None) -> str:
    """Where, keys and description of every command, as a Markdown table."""
    rows = ["| Where | Keys | Action |", "| --- | --- | --- |"]
    for group, commands in COMMANDS.items():
        if group == FILTER:
            continue  # the filter bar's own Escape: said in the Filter section
        for command in commands:
            keys = dict.fromkeys(key_display(k) for k in effective_keys(command, keymap or {}))
            shown = ", ".join(f"`{key}`" for key in keys)
            rows.append(f"| {group} | {shown} | {command.description} |")
    return "\n".join(rows)


def with_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    start, end = readme.index(START) + len(START), readme.index(END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]


def main(argv: list[str]) -> int:
    """Rewrite the key table of the README named in ``argv``."""
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(with_table(text, current_table()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
