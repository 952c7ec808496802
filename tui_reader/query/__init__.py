"""Filtering the store with a query; the one parser used by the TUI and ``--list``."""

from tui_reader.query.engine import Highlight, Matcher, MatchResult, QueryError

__all__ = ["Highlight", "MatchResult", "Matcher", "QueryError"]
