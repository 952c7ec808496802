"""The one error of the query language, raised by the parser and by the engine."""

from __future__ import annotations


class QueryError(ValueError):
    """A query that cannot be run; ``term`` is the part at fault.

    ``incomplete``: the term is the end of the text and still being typed (it can
    become valid by typing on); the caller keeps showing the last valid result.
    """

    def __init__(self, term: str, message: str, *, incomplete: bool = False) -> None:
        super().__init__(f"{term}: {message}")
        self.term = term
        self.message = message
        self.incomplete = incomplete
