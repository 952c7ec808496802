"""The dialect tables of ``docs/formats.md``, generated from :data:`.dialects.DIALECTS`.

``python -m tui_reader.data.dialect_table docs/formats.md`` rewrites the text between
``<!-- dialects:start -->`` and ``<!-- dialects:end -->``; a test fails when the docs and
the table in the code disagree, so the documented mapping is the one the loader applies.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader.data.dialects import DIALECTS, PLAIN, Dialect, KeyPath, Marker, StateKey

START = "<!-- dialects:start -->"
END = "<!-- dialects:end -->"


def _keys(paths: tuple[KeyPath, ...]) -> str:
    return ", ".join(f"`{'.'.join(path)}`" for path in paths) or "—"


def _state(key: StateKey) -> str:
    return f"`{key.name}`" + ("" if key.means_published else " (true = unpublished)")


_KINDS = {"bool": " (yes/no)", "date": " (a date)", "words": " (several words)", "any": ""}


def _marker(marker: Marker) -> str:
    if marker.key == "*":
        return "a `[[wiki link]]` in any value"
    return f"`{marker.key}`{_KINDS[marker.kind]}"


def dialect_section(dialect: Dialect) -> str:
    """One dialect's keys, field by field, in priority order."""
    markers = ", ".join(_marker(marker) for marker in dialect.markers)
    prefers = ", ".join(sorted(dialect.prefers))
    if prefers:
        markers = f"{markers}; a tie goes to it in {prefers} front matter"
    words = ", ".join(f"`{key}`" for key in sorted(dialect.word_list_keys))
    title = _keys(dialect.titles)
    title += ", else the file name as written" if dialect.title_from_file_name else ""
    rows = [
        ("told by", markers or "no marker of any other dialect"),
        ("title", title),
        ("date (first that holds one)", _keys(dialect.dates)),
        ("date from a `YYYY/MM/DD` segment of", _keys(dialect.dated_paths)),
        ("authors (provider when no `provider`)", _keys(dialect.authors)),
        ("topics (all of these)", _keys(dialect.topics)),
        ("category (first value)", _keys(dialect.categories)),
        ("a string is a list of words in", words or "—"),
        ("excerpt", _keys(dialect.excerpts)),
        ("URL (`url`/`link` only when absolute)", _keys(dialect.urls)),
        ("publish state read from (first present)", ", ".join(map(_state, dialect.state_keys))),
        ("publish writes, when none is present", _state(dialect.state_insert)),
    ]
    lines = [f"### {dialect.name}", "", "| field | keys |", "| --- | --- |"]
    lines += [f"| {field} | {keys} |" for field, keys in rows]
    return "\n".join(lines)


def current_tables() -> str:
    """Every dialect's section, in tie-break order, then the fallback."""
    return "\n\n".join(dialect_section(dialect) for dialect in (*DIALECTS, PLAIN))


def with_tables(text: str, tables: str) -> str:
    """``text`` with the part between the markers replaced by ``tables``."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + tables + "\n" + text[end:]


def main(argv: list[str]) -> int:
    """Rewrite the dialect tables of the document named in ``argv``."""
    path = Path(argv[0] if argv else "docs/formats.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(with_tables(text, current_tables()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
