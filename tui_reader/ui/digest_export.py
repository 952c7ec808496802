"""The app's ``x``: the list (or the selection) written as a digest, through the same
code as ``tui-reader export`` (:mod:`tui_reader.data.digest`).

A box asks for the file name (its ending chooses Markdown, HTML or JSON; a folder that
does not exist is refused in the box). The reader's tags and notes are read on the UI
thread; the files are read and the digest written in a worker (atomically), and a
notification says where it went.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from textual.app import App
from textual.content import Content

from tui_reader.data.digest import format_for, make_digest, read_entries, render, write_digest
from tui_reader.data.model import Article
from tui_reader.data.triage import TriageView, plural
from tui_reader.ui.input_dialog import InputDialog
from tui_reader.ui.safe_text import BRIEF, join_lines, notify_literal


def check_path(path: str) -> str | None:
    """Why ``path`` cannot be written to (None: it can be tried)."""
    if not path.strip():
        return "A file name, please (.md, .html or .json)."
    target = os.path.abspath(os.path.expanduser(path.strip()))
    if os.path.isdir(target):
        return f"{target} is a folder: give a file name in it."
    if not os.path.isdir(os.path.dirname(target)):
        return f"No folder {os.path.dirname(target)}."
    return None


def export_digest(
    app: App[Any],
    articles: Sequence[Article],
    triage: TriageView,
    *,
    query: str,
    what: str,
    default_name: str,
) -> None:
    """Ask for a file name, then write ``articles`` there as a digest (``what``: "the
    list" or "the selection", for the question)."""
    if not articles:
        app.bell()
        notify_literal(app, "Nothing to export: the list is empty.")
        return

    def answered(path: str | None) -> None:
        if path is None:
            return
        # Tags and notes now, on the UI thread; the worker only reads files.
        annotations = {a.key: (triage.tags(a.key), triage.note(a.key)) for a in articles}
        notify_literal(app, f"Exporting {plural(len(articles))}…", timeout=BRIEF)

        def write() -> None:
            entries = read_entries(articles, lambda article: annotations[article.key])
            text = render(make_digest(entries, query), format_for(path))
            try:
                written = write_digest(path.strip(), text)
            except OSError as error:
                message = f"Cannot write {path}: {error.strerror or error}"
                app.call_from_thread(notify_literal, app, message, severity="error")
                return
            message = f"Wrote {plural(len(entries))} to {written}"
            app.call_from_thread(notify_literal, app, message)

        app.run_worker(write, thread=True, group="export", name="export")

    question = join_lines(
        [
            Content.styled(f"Export {what}: {plural(len(articles))}, in its order.", "bold"),
            Content("The file name's ending chooses the format: .md, .html or .json."),
        ]
    )
    app.push_screen(
        InputDialog("Export a digest", question, value=default_name, check=check_path),
        answered,
    )
