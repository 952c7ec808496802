"""Completing the last word typed from the tags in use (the tags box, ``T``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.suggester import Suggester


class LastWordSuggester(Suggester):
    """Suggests the input with its last word completed from ``words()`` (most used
    first); a ``-`` or ``+`` before the word is kept (``-fol`` -> ``-follow-up``)."""

    def __init__(self, words: Callable[[], Sequence[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.words = words

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        sign = last[:1] if last[:1] in "+-" else ""
        stem = last[len(sign) :].lower()
        if not stem:
            return None
        for word in self.words():
            if word.startswith(stem) and word != stem:
                return f"{head} {sign}{word}" if head else f"{sign}{word}"
        return None
