"""The question asked before a bulk action: what it does, naming the first few articles.

Asked before a command acts on the selection, or on many rows at once (every shown
article, those above or below the cursor). Escape answers no and lets the selection go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content

from tui_reader.data.model import Article
from tui_reader.data.triage import Flag, action_for, plural
from tui_reader.ui.confirm_screen import ConfirmScreen
from tui_reader.ui.safe_text import feed_text, join_lines
from tui_reader.ui.triage_context import TriageContext, named

NAMED_IN_QUESTION = 3
"""A bulk question names this many of the articles it acts on."""


def ask_before(
    context: TriageContext,
    flag: Flag | None,
    value: bool,
    subject: str,
    articles: Sequence[Article],
    then: Callable[[], None],
) -> None:
    """Ask before setting ``flag`` (None: publish) to ``value`` on ``articles``, named
    ``subject``; ``then`` acts if the answer is yes."""
    question = action_for(flag, value).imperative.format(n=subject) + "?"
    lines = [Content.styled(question, "bold")]
    for article in articles[:NAMED_IN_QUESTION]:
        lines.append(feed_text(f"  • {named(article)}"))
    if len(articles) > NAMED_IN_QUESTION:
        lines.append(Content(f"  and {plural(len(articles) - NAMED_IN_QUESTION, 'more')}"))

    def answered(yes: bool | None) -> None:
        if yes:
            then()
        elif yes is None and context.marked:
            context.selection.clear()  # Escape: no, and let go of the selection

    keys = "y / Enter: yes    n: no    Escape: no, and clear the selection"
    context.app.push_screen(
        ConfirmScreen(join_lines(lines), keys if context.marked else None), answered
    )
