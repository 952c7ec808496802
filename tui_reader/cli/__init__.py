"""The ``tui-reader`` command: the app, ``--list`` for scripts, cron and pipes,
``tui-reader serve`` for a browser and ``tui-reader mark`` for triage from scripts.

Heavy modules (Textual) are imported only on the path that needs them, so that
``--list`` stays fast and start-up of the app is not paid twice.
"""

from tui_reader.cli.main import main

__all__ = ["main"]
