"""The layers hold: nothing below the UI imports Textual, and no module imports in a circle.

The import-linter contracts in pyproject.toml say which layer may import which (CI runs
``lint-imports``); these tests check what actually gets imported at run time.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
