"""``E`` and ``P``: the article's file in the user's editor, its text in the user's pager.

The app hands the terminal over (``App.suspend``) while the program runs, and takes it
back when it exits. What the editor changed comes back like any outside change: the
caller rescans the folder, and the session's watch sees the new file. There is no
terminal to hand over under ``tui-reader serve`` (a browser): both say so and do nothing,
as they do when no program is set. The terminal side is ``ReaderApp.hand_over`` (tests
give one that runs the program without a terminal).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from textual.app import App, SuspendNotSupported

from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.session import FeedSession
from tui_reader.terminal.programs import (
    ProgramError,
    editor_command,
    pager_command,
    run_editor,
    run_pager,
)
from tui_reader.ui.body_text import is_html_heavy, strip_tags
from tui_reader.ui.dates import local_date
from tui_reader.ui.safe_text import notify_literal

HandOver = Callable[[], AbstractContextManager[None]]
"""Gives the terminal to another program for the ``with`` block (``App.suspend``)."""


def _hand_over(app: App[Any]) -> HandOver:
    found = getattr(app, "hand_over", None)
    return found if callable(found) else app.suspend


def _run_outside(app: App[Any], what: str, run: Callable[[], int]) -> bool:
    """Run ``run`` with the terminal handed over; False (said why) when it could not."""
    if app.is_web:
        notify_literal(app, f"No {what} in the browser: tui-reader serve has no terminal.")
        return False
    try:
        with _hand_over(app)():
            status = run()
    except SuspendNotSupported:
        notify_literal(app, f"This terminal cannot be handed to the {what}.", severity="warning")
        return False
    except ProgramError as error:
        notify_literal(app, str(error), severity="error")
        return False
    if status != 0:
        notify_literal(app, f"The {what} exited with status {status}.", severity="warning")
    return True


def edit_article(app: App[Any], article: Article) -> bool:
    """Open ``article``'s file in the editor; True when the editor ran (rescan then)."""
    try:
        command = editor_command(os.environ)
    except ProgramError as error:
        notify_literal(app, str(error), severity="warning")
        return False
    if not os.path.isfile(article.path):
        notify_literal(app, f"The file is gone: {article.path}", severity="warning")
        return False
    return _run_outside(app, "editor", lambda: run_editor(command, article.path))


def page_article(app: App[Any], session: FeedSession, article: Article) -> None:
    """Send ``article``'s text to the pager."""
    try:
        command = pager_command(os.environ)
    except ProgramError as error:
        notify_literal(app, str(error), severity="warning")
        return
    detail = session.read_detail(article)
    if isinstance(detail, LoadError):
        notify_literal(app, str(detail), severity="error")
        return
    text = article_text(detail)
    _run_outside(app, "pager", lambda: run_pager(command, text))


def article_text(detail: ArticleDetail) -> str:
    """The article as plain text for a pager: title, source, date, link, file, body.

    Every field is feed text already sanitised by the data layer (no escape sequences
    reach the pager); an HTML body is reduced to its text, as the detail pane does.
    """
    article = detail.article
    head = [
        article.title or article.rel_path,
        " · ".join(
            part for part in (article.provider.name, local_date(article.published_at)) if part
        ),
        article.url,
        os.path.abspath(article.path),
    ]
    body = detail.body or detail.excerpt
    if is_html_heavy(body):
        body = strip_tags(body)
    lines = [line for line in head if line]
    return "\n".join([*lines, "", body]).rstrip("\n") + "\n"
