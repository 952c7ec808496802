"""The README's key table, generated from the live bindings (never kept by hand).

``python -m tui_reader.ui.key_table README.md`` rewrites the table between the
``<!-- keys:start -->`` and ``<!-- keys:end -->`` markers; a test fails when the README
and the bindings disagree.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tui_reader.ui.key_catalog import KeyCommand

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"


def markdown_table(commands: list[KeyCommand]) -> str:
    """Group, keys and description of every command, as a Markdown table."""
    rows = ["| Where | Keys | Action |", "| --- | --- | --- |"]
    for command in commands:
        keys = ", ".join(f"`{key}`" for key in command.keys)
        rows.append(f"| {command.group} | {keys} | {command.description} |")
    return "\n".join(rows)


async def current_table() -> str:
    """The table of the reader as it runs (on the sample feed, with a throw-away state)."""
    from tui_reader.app import ReaderApp
    from tui_reader.resources import sample_feed_dir
    from tui_reader.ui.reader_screen import ReaderScreen

    with tempfile.TemporaryDirectory() as scratch:
        app = ReaderApp(
            [str(sample_feed_dir())],
            use_cache=False,
            state_path=Path(scratch) / "state.sqlite3",
        )
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            return markdown_table(screen.key_commands())


def with_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    start, end = readme.index(START) + len(START), readme.index(END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]


def main(argv: list[str]) -> int:
    """Rewrite the key table of the README named in ``argv``."""
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(with_table(text, asyncio.run(current_table())), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
