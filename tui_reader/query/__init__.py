"""Filtering the store with a query; the one parser used by the TUI and ``--list``."""

from tui_reader.query.engine import IndexNotReady, Matcher
from tui_reader.query.match_result import MatchResult
from tui_reader.query.parsed_query import Query
from tui_reader.query.parser import parse
from tui_reader.query.query_error import QueryError
from tui_reader.query.results import Highlight

__all__ = ["Highlight", "IndexNotReady", "MatchResult", "Matcher", "Query", "QueryError", "parse"]
