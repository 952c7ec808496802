"""The data layer never imports Textual: scripts and workers stay light and UI-free."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui_reader.data


def test_data_layer_does_not_import_textual() -> None:
    modules = [
        f"tui_reader.data.{info.name}" for info in pkgutil.iter_modules(tui_reader.data.__path__)
    ]
    assert len(modules) >= 8
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
