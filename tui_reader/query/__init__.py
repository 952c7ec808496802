"""Filtering the store with a query; the one parser used by the TUI and ``--list``."""

from tui_reader.query.engine import Highlight, Matcher, MatchResult, QueryError
from tui_reader.query.parser import Query, parse

__all__ = ["Highlight", "MatchResult", "Matcher", "Query", "QueryError", "parse"]
