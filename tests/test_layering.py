"""The layers hold: nothing below the UI imports Textual, and no module imports in a circle.

The import-linter contracts in pyproject.toml say which layer may import which (CI runs
``lint-imports``); these tests check what actually gets imported at run time.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp

import tui_reader.config
import tui_reader.data
import tui_reader.query
import tui_reader.terminal


def modules_below_the_ui() -> list[str]:
    found: list[str] = []
    for package in (tui_reader.data, tui_reader.query, tui_reader.terminal, tui_reader.config):
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            found.append(info.name)
    return found


def test_data_query_and_terminal_layers_do_not_import_textual() -> None:
    modules = modules_below_the_ui()
    assert "tui_reader.data.triage.state" in modules and "tui_reader.query.engine" in modules
    assert "tui_reader.config.reading" in modules
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "import tui_reader.cli\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(bad)\n"
        + "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_in_a_circle() -> None:
    graph = grimp.build_graph("tui_reader")
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            assert chain is None, f"{module} -> {imported} -> ... -> {module}: {chain}"


def test_every_subcommand_names_a_function_that_runs_it() -> None:
    # The subcommands are imported when they run (a listing loads none of them).
    from tui_reader.cli.main import RUNS, subcommand
    from tui_reader.cli.parser import SUBCOMMANDS

    assert RUNS.keys() == SUBCOMMANDS.keys()
    assert all(callable(subcommand(name)) for name in RUNS)


def test_a_warm_listing_imports_no_parser_ui_or_other_command(tmp_path: Path) -> None:
    """Start-up is most of a small feed's ``--list``: with every file in the metadata cache,
    none is parsed, so neither the front-matter parsers nor the UI or the other commands
    are imported."""
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a.md").write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    argv = ["--list", "--count", "--cache-dir", str(tmp_path / "cache"), str(feed)]
    argv += ["--state", str(tmp_path / "state.sqlite3")]
    unwanted = ("yaml", "frontmatter", "tomllib", "textual", "rich")
    code = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        f"main({argv!r})\n"
        f"print(*sorted(m for m in sys.modules if m.split('.')[0] in {unwanted!r}\n"
        "    or m.startswith(('tui_reader.cli.export', 'tui_reader.cli.mark',\n"
        "                     'tui_reader.cli.serve', 'tui_reader.cli.searches',\n"
        "                     'tui_reader.ui'))))\n"
    )

    def imported() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        count, modules = done.stdout.splitlines()
        assert count == "1", done.stderr
        return modules.split()

    assert {"yaml", "frontmatter"} <= set(imported())  # the first run parses the file
    assert imported() == []  # the second finds it in the cache
