"""The pure edit of publish: an article's bytes with its publish state set, nothing else.

No I/O here (:mod:`tui_reader.data.writeback` reads and writes the files). The edit is
textual: only the bytes of one value change, or the lines of one key are inserted, with
the file's own line ending, when it is absent; which key is the file's dialect's
(:mod:`.dialects`). The result is parsed again and compared with the original: if
anything but that value would differ, or the loader would not read the new state back,
the edit is refused. Whatever a file holds, only :class:`WriteBackError` escapes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tui_reader.data import dialects
from tui_reader.data.dialects import KeyPath, StateKey
from tui_reader.data.frontmatter_limits import FrontMatterError
from tui_reader.data.frontmatter_parsing import parse_front_matter
from tui_reader.data.frontmatter_split import normalise_text, split_document
from tui_reader.data.model import FrontMatterFormat
from tui_reader.data.sanitize import display_line, display_name

if TYPE_CHECKING:
    import yaml

_BOM = b"\xef\xbb\xbf"
_OPENING = re.compile(r"\A[ \t\r\n]*(?:(-{3,})|(\+{3,})|(\{))[ \t]*(\r\n|\r|\n)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_CLOSING = {
    "yaml": re.compile(r"(?:-{3,}|\.{3})[ \t]*(?:\r\n|\r|\n)?\Z"),
    "toml": re.compile(r"\+{3,}[ \t]*(?:\r\n|\r|\n)?\Z"),
}
_TOML_TABLE = re.compile(r"[ \t]*\[")


class WriteBackError(Exception):
    """A write into an article file was refused or failed; ``str()`` says why, for the user."""

    def __init__(self, message: str, path: str = "") -> None:
        message = display_line(message)
        super().__init__(f"{display_name(path)}: {message}" if path else message)
        self.path = path
        self.reason = message


def with_published(data: bytes, value: bool) -> bytes:
    """``data`` with its publish state set to ``value``, in the file's own terms.

    Where the state goes depends on the file's dialect (:mod:`.dialects`): an existing
    ``draft`` is set to the opposite, a Zola page gets ``published`` under ``[extra]``,
    the seed schema (and Jekyll) ``published`` at the top level; every other byte is
    kept. Raises WriteBackError (without a path) when the file cannot be edited safely,
    and only that: a file's content is untrusted, so whatever a parser raises on it is a
    refusal of this file, never a crash of the caller.
    """
    try:
        return _with_published(data, value)
    except WriteBackError:
        raise
    except RecursionError:
        raise WriteBackError("front matter nests too deeply") from None
    except Exception as error:  # noqa: BLE001 - any parser failure refuses this file
        raise WriteBackError(
            f"cannot change 'published' safely in this file ({type(error).__name__}); "
            "edit it by hand"
        ) from None


def _with_published(data: bytes, value: bool) -> bytes:
    bom = _BOM if data.startswith(_BOM) else b""
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as error:
        raise WriteBackError(f"not UTF-8 text (byte offset {error.start})") from None
    opening = _OPENING.match(text)
    if opening is None:
        raise WriteBackError("the file has no front matter to write 'published' into")
    if opening.group(3):
        raise WriteBackError(
            "write-back into JSON front matter is not supported; edit the file by hand"
        )
    fmt: FrontMatterFormat = "yaml" if opening.group(1) else "toml"
    eol = opening.group(4)
    block_start = opening.end()
    block_end = _closing_line_start(text, block_start, fmt)
    block = text[block_start:block_end]
    try:
        old_meta, old_body = _metadata(text)
    except FrontMatterError as error:
        raise WriteBackError(f"front matter cannot be read: {error}") from None
    key, present = dialects.state_key(dialects.detect(fmt, old_meta), old_meta)
    if not present and dialects.has_key(old_meta, key.path):
        raise WriteBackError(f"'{key.name}' holds a date in this file; edit it by hand")
    stored = value if key.means_published else not value
    literal = "true" if stored else "false"
    if fmt == "yaml":
        start, end, replacement = _yaml_edit(block, key.path, literal, eol)
    else:
        start, end, replacement = _toml_edit(block, key.path, literal, eol)
    new_text = text[: block_start + start] + replacement + text[block_start + end :]
    _check_only_state_changed(old_meta, old_body, new_text, key, stored, value)
    return bom + new_text.encode("utf-8")


def _closing_line_start(text: str, start: int, fmt: str) -> int:
    closing = _CLOSING[fmt]
    position = start
    while position < len(text):
        line = _LINE.match(text, position)
        assert line is not None  # the pattern matches the empty string
        if closing.match(line.group()):
            return position
        position = line.end()
    delimiter = "---" if fmt == "yaml" else "+++"
    raise WriteBackError(f"front matter has no closing '{delimiter}' line")


def _yaml_edit(block: str, path: KeyPath, literal: str, eol: str) -> tuple[int, int, str]:
    """The span of ``block`` to replace, and by what (a key, or a key of a mapping)."""
    # Imported by the edit of a YAML file only: the triage state imports this module,
    # and a ``--list`` that reads the state writes no file.
    import yaml

    try:
        # The pure-Python composer: it gives exact positions, and unlike the C loader
        # it raises RecursionError instead of crashing on hostile nesting.
        root = yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error)
        raise WriteBackError(f"malformed YAML front matter: {problem}") from None
    except RecursionError:
        raise WriteBackError("front matter nests too deeply") from None
    new_lines = _yaml_lines(path, literal, eol)
    if root is None:
        return len(block), len(block), new_lines
    if not isinstance(root, yaml.MappingNode):
        raise WriteBackError("front matter is not a mapping of keys to values")
    name = ".".join(path)
    mapping = root
    for depth, key in enumerate(path):
        found = _yaml_value(mapping, key)
        if found is None:
            if mapping.flow_style:
                where = f"'{path[depth - 1]}'" if depth else "front matter"
                raise WriteBackError(f"{where} is a {{flow mapping}}; edit the file by hand")
            if mapping is root:
                # At the end, indented as the other top-level keys (some files indent all).
                column = root.value[0][0].start_mark.column if root.value else 0
                indented = "".join(" " * column + line for line in new_lines.splitlines(True))
                return len(block), len(block), indented
            return _yaml_insert_into(block, mapping, _yaml_lines(path[depth:], literal, eol))
        if depth + 1 < len(path):
            if not isinstance(found, yaml.MappingNode) or not found.value:
                raise WriteBackError(f"'{path[depth]}' is not a mapping; edit the file by hand")
            mapping = found
            continue
        if not isinstance(found, yaml.ScalarNode):
            raise WriteBackError(f"'{name}' is a list or mapping, not a single value")
        start, end = found.start_mark.index, found.end_mark.index
        if start == end and start > 0 and not block[start - 1].isspace():
            # ``published:`` with an empty (null) value: a space must separate the colon.
            return start, end, " " + literal
        return start, end, literal
    raise AssertionError("unreachable: a key path is never empty")


def _yaml_value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value node of ``key``; the last one wins in PyYAML, as the reader shows."""
    import yaml  # imported already by _yaml_edit, the caller

    found: yaml.Node | None = None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found = value_node
    return found


def _yaml_lines(path: KeyPath, literal: str, eol: str) -> str:
    """``path`` set to ``literal`` as block-style lines (two spaces per level)."""
    lines = [f"{'  ' * depth}{key}:" for depth, key in enumerate(path[:-1])]
    lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}: {literal}")
    return "".join(line + eol for line in lines)


def _yaml_insert_into(block: str, mapping: yaml.MappingNode, lines: str) -> tuple[int, int, str]:
    """Lines inserted before the first key of a nested block mapping, at its indentation."""
    first_key = mapping.value[0][0]
    column = first_key.start_mark.column
    line_start = first_key.start_mark.index - column
    if block[line_start : first_key.start_mark.index].strip(" "):
        raise WriteBackError("the front matter's layout is unusual; edit the file by hand")
    indented = "".join(" " * column + line for line in lines.splitlines(keepends=True))
    return line_start, line_start, indented


def _toml_key_line(key: str) -> re.Pattern[str]:
    name = re.escape(key)
    return re.compile(
        rf"[ \t]*(?:{name}|\"{name}\"|'{name}')[ \t]*=[ \t]*"
        r"(?P<value>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s#]+)"
    )


def _toml_edit(block: str, path: KeyPath, literal: str, eol: str) -> tuple[int, int, str]:
    """The span of ``block`` to replace, and by what: a top-level key or a table's key."""
    if len(path) > 2:
        raise WriteBackError("cannot write a key nested that deep; edit the file by hand")
    lines = _LINE.findall(block)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    table = path[0] if len(path) == 2 else None
    key_line = _toml_key_line(path[-1])
    header = _toml_header(table) if table else None
    in_region = table is None
    region_end = None  # where the wanted table (or the top level) ends
    last_content = None  # end of the region's last key/value line
    for index, line in enumerate(lines):
        if _TOML_TABLE.match(line):
            if in_region:
                region_end = starts[index]
                break
            if header is not None and header.match(line):
                in_region = True
                last_content = starts[index + 1]
            continue
        if not in_region:
            continue
        found = key_line.match(line)
        if found is not None:
            return starts[index] + found.start("value"), starts[index] + found.end("value"), literal
        if line.strip() and not line.lstrip().startswith("#"):
            last_content = starts[index + 1]
    if table is None:
        # Top-level keys must come before the first [table]: insert there.
        position = len(block) if region_end is None else region_end
        return position, position, f"{path[-1]} = {literal}{eol}"
    if in_region:
        assert last_content is not None
        return last_content, last_content, f"{path[-1]} = {literal}{eol}"
    # No such table: a new one at the end, after a blank line as tables are written.
    gap = eol if block.strip() and not block.endswith(eol + eol) else ""
    return len(block), len(block), f"{gap}[{table}]{eol}{path[-1]} = {literal}{eol}"


def _toml_header(table: str) -> re.Pattern[str]:
    return re.compile(rf"[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\][ \t]*(?:#[^\r\n]*)?\r?\n?\Z")


def _metadata(text: str) -> tuple[dict[str, Any], str]:
    normal = normalise_text(text)
    split = split_document(normal)
    return parse_front_matter(split), normal[split.body_start :]


def _without(meta: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    """``meta`` without the key at ``path``, and without the table if that leaves it empty."""
    if path[0] not in meta:
        return meta
    copy = dict(meta)
    if len(path) == 1:
        del copy[path[0]]
    elif isinstance(copy[path[0]], dict):
        inner = _without(copy[path[0]], path[1:])
        if inner:
            copy[path[0]] = inner
        else:
            del copy[path[0]]
    return copy


def _check_only_state_changed(
    old_meta: dict[str, Any],
    old_body: str,
    new_text: str,
    key: StateKey,
    stored: bool,
    value: bool,
) -> None:
    """Parse the new version: only ``key`` may differ, it must hold ``stored``, and the
    loader must read the publish state back as ``value``."""
    try:
        new_meta, new_body = _metadata(new_text)
    except FrontMatterError as error:
        raise WriteBackError(f"the edit would break the front matter ({error})") from None
    fmt = split_document(normalise_text(new_text)).format
    read_back = dialects.publish_state(dialects.detect(fmt, new_meta), new_meta)
    if (
        dialects.value_of(new_meta, key.path) is not stored
        or read_back is not value
        or _without(old_meta, key.path) != _without(new_meta, key.path)
        or old_body != new_body
    ):
        raise WriteBackError(f"cannot change '{key.name}' safely in this file; edit it by hand")
