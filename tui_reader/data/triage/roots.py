"""Which feed folder an article's triage state belongs to, and read-only lookups by it.

Flags are keyed by the feed folder's real path, so the same feed opened by two paths
shares its state. An article knows its path and its path relative to the folder it was
loaded from, so its folder is a string operation; ``realpath`` is paid once per folder,
not once per article (100,000 articles meant 400,000 ``lstat`` calls).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui_reader.data.model import Article
from tui_reader.data.triage.database import default_db_path
from tui_reader.data.triage.flags import FixedTriage, NoTriage, TriageFlags, TriageView
from tui_reader.data.triage.state import TriageState


def _loaded_from(article: Article) -> str:
    """The folder (as given) that ``article`` was loaded from."""
    path, rel_path = article.path, article.rel_path
    if rel_path and path.endswith(rel_path) and len(path) > len(rel_path):
        return path[: -len(rel_path)].rstrip(os.sep) or os.sep
    depth = len(Path(rel_path).parts)
    return os.fspath(Path(path).parents[depth - 1])


def feed_root_of(article: Article) -> str:
    """The real path of the folder ``article`` was loaded from (a file's own folder when
    it was given alone)."""
    return os.path.realpath(_loaded_from(article))


def feed_root_for_paths(paths: Sequence[str]) -> str | None:
    """The folder whose triage state the reader uses: the first path given (a file's
    own folder when a file was given), as ``feed_root_of`` names it for its articles."""
    if not paths:
        return None
    first = os.path.realpath(paths[0])
    return first if os.path.isdir(first) else os.path.dirname(first)


def _by_root(articles: Iterable[Article]) -> dict[str, list[Article]]:
    """``articles`` grouped by feed root (``realpath`` once per folder they came from)."""
    by_folder: dict[str, list[Article]] = {}
    for article in articles:
        path, rel_path = article.path, article.rel_path
        # _loaded_from's common case, inlined (it runs once per article of a --list).
        if rel_path and len(path) > len(rel_path) and path.endswith(rel_path):
            folder = path[: len(path) - len(rel_path)].rstrip(os.sep) or os.sep
        else:
            folder = _loaded_from(article)
        members = by_folder.get(folder)
        if members is None:
            by_folder[folder] = [article]
        else:
            members.append(article)
    by_root: dict[str, list[Article]] = {}
    for folder, members in by_folder.items():
        by_root.setdefault(os.path.realpath(folder), []).extend(members)
    return by_root


def flags_by_uid(
    articles: Iterable[Article], db_path: Path | None = None
) -> dict[int, TriageFlags]:
    """The flags of ``articles`` (by uid) for ``--list``: read-only, never creates the
    database (no database yet: nothing is read, starred or archived).

    Raises ``TriageError`` when the database exists but cannot be read.
    """
    path = db_path if db_path is not None else default_db_path()
    if not path.exists():
        return {}
    result: dict[int, TriageFlags] = {}
    for root, members in _by_root(articles).items():
        with TriageState(root, path, read_only=True) as state:
            for article in members:
                result[article.uid] = state.flags(article.key)
    return result


def view_for_list(
    articles: Iterable[Article], db_path: Path | None = None, *, folder: str | None = None
) -> TriageView:
    """The flags of ``articles`` by key, read once for ``--list`` (read-only, never
    creates the database), as the query engine reads them.

    A feed in one folder (the usual case) is its state's flags of those keys, without a
    lookup per article; several folders with their own states are merged key by key
    (the same key in two of them: the later folder's flags). ``folder``: the one folder
    every article was loaded from, when the caller knows it (a feed opened from one
    folder), which spares finding each article's. Raises ``TriageError`` when the
    database exists but cannot be read.
    """
    path = db_path if db_path is not None else default_db_path()
    if not path.exists():
        return NoTriage()
    if folder is not None:
        articles = list(articles)
        by_root = {os.path.realpath(folder): articles} if articles else {}
    else:
        by_root = _by_root(articles)
    merged: dict[str, TriageFlags] = {}
    for root, members in by_root.items():
        with TriageState(root, path, read_only=True) as state:
            if len(by_root) == 1:
                return FixedTriage.copy_of(state, {article.key for article in members})
            for article in members:
                merged[article.key] = state.flags(article.key)
    return FixedTriage(merged)
