"""Write an article's publish state into its file, in the file's terms, changing nothing else.

The publish action of the reader is the only place tui-reader writes into a feed. A
curator's files carry comments, a BOM, CRLF line ends, hand-chosen quoting, key order
and the opaque ``secured`` blob; a round trip through a YAML dumper (``frontmatter.dump``)
would rewrite all of it. So the edit is textual: only the bytes of one value change, or
the lines of one key are inserted, with the file's own line ending, when it is absent.

Which key is the file's dialect's (:mod:`.dialects`, documented in ``docs/formats.md``):
an existing ``draft`` is set to the opposite; the seed schema and Jekyll say
``published``; a Zola page keeps it under ``[extra]`` (the table is added at the end when
absent: Zola refuses unknown top-level keys in sections); a file of no known tool gets
``draft``, which every tool accepts or ignores (Hugo reads ``published`` as a date).
The result is parsed again and compared with the original: if anything but that value
would differ, or the loader would not read the new state back, nothing is written.

API (all errors are :class:`WriteBackError`, whose message is meant for the user, one
line, with the path's control characters made visible; whatever a file holds, no other
exception escapes the edit):

- ``sha256_hex(data)``: the content hash the UI keeps of what it saw.
- ``Expected``: what the caller last saw of a file. ``Expected(sha256=...)`` (from
  :func:`read_version` when the detail was opened) is the strong check;
  ``Expected.of_scan(size, mtime_ns)`` (what the loader recorded, for bulk actions on
  articles never opened) is the weak one.
- ``read_version(path) -> FileVersion``: the file's bytes, hash, size and mtime, read
  the way a write would read them (refusing links), for the UI to remember;
  ``check_expected(version, expected)`` compares.
- ``with_published(data, value) -> bytes``: the pure edit (no I/O).
- ``write_published(path, value, expected) -> WriteResult``: the edit, written
  atomically; ``WriteResult.previous`` holds the old bytes, for undo.
- ``restore_bytes(path, data, expected_sha256)``: undo of a write: put ``data`` back,
  atomically, only if the file still holds the bytes that were written.

Writes are atomic: a temporary file in the same folder, written, fsynced, then
``os.replace``d over the article and the folder fsynced, so a crash leaves either the
old or the new file, never a mix. The file's mode (and owner, when running as root) is
kept. Symbolic links, hard-linked files (a replace would split them), read-only files
and read-only folders are refused, as is a file that changed since the caller saw it.
A temporary file left by a crash (``kill -9`` between create and replace) is removed by
the next write into its folder, once it is older than :data:`STALE_TEMP_SECONDS`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from tui_reader.data import dialects
from tui_reader.data.dialects import KeyPath, StateKey
from tui_reader.data.frontmatter_parsing import (
    FrontMatterError,
    normalise_text,
    parse_front_matter,
    split_document,
)
from tui_reader.data.model import FrontMatterFormat
from tui_reader.data.sanitize import display_line, display_name

_CHANGED = "changed on disk since it was loaded; reload it first"
_BOM = b"\xef\xbb\xbf"
_OPENING = re.compile(r"\A[ \t\r\n]*(?:(-{3,})|(\+{3,})|(\{))[ \t]*(\r\n|\r|\n)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_CLOSING = {
    "yaml": re.compile(r"(?:-{3,}|\.{3})[ \t]*(?:\r\n|\r|\n)?\Z"),
    "toml": re.compile(r"\+{3,}[ \t]*(?:\r\n|\r|\n)?\Z"),
}
_TOML_TABLE = re.compile(r"[ \t]*\[")
_TEMP_SUFFIX = ".tmp"
# Our own temporary names only: ".<article name>.<8 characters of mkstemp>.tmp".
_TEMP_NAME = re.compile(r"\.(?P<article>.+)\.[a-z0-9_]{8}\.tmp")
STALE_TEMP_SECONDS = 15 * 60
"""A temporary file of ours this old is a crash's leftover: no write takes that long."""
_swept_folders: set[str] = set()


class WriteBackError(Exception):
    """A write into an article file was refused or failed; ``str()`` says why, for the user."""

    def __init__(self, message: str, path: str = "") -> None:
        message = display_line(message)
        super().__init__(f"{display_name(path)}: {message}" if path else message)
        self.path = path
        self.reason = message


def sha256_hex(data: bytes) -> str:
    """The content hash used to notice that a file changed behind our back."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Expected:
    """What the caller last saw of a file.

    ``sha256`` (of the bytes read when the article was opened) is compared with the
    file's content; without it, ``size`` and ``mtime_ns`` (as the loader scanned them)
    are compared with the file's status. At least one of the two must be given.
    """

    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None

    @classmethod
    def of_scan(cls, size: int, mtime_ns: int) -> Expected:
        """The weak expectation: the size and mtime the loader recorded."""
        return cls(size=size, mtime_ns=mtime_ns)


@dataclass(frozen=True, slots=True)
class FileVersion:
    """One file's bytes as read, with their hash."""

    path: str
    data: bytes
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_published` did: the bytes before and the hashes on both sides.

    ``changed`` is False when the file already said so (nothing was written).
    """

    path: str
    previous: bytes
    previous_sha256: str
    new_sha256: str
    changed: bool


# -- the pure edit ------------------------------------------------------------------


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


# -- files --------------------------------------------------------------------------


def read_version(path: str) -> FileVersion:
    """The file's bytes and hash, refusing what a write would refuse to follow."""
    data, status = _read_regular(path)
    return FileVersion(path, data, sha256_hex(data), status.st_size, status.st_mtime_ns)


def check_expected(version: FileVersion, expected: Expected) -> None:
    """Refuse (WriteBackError) when ``version`` is not what the caller saw."""
    if expected.sha256 is not None:
        if version.sha256 != expected.sha256:
            raise WriteBackError(_CHANGED, version.path)
        return
    if expected.size is None and expected.mtime_ns is None:
        raise ValueError("Expected needs a sha256 or a size and mtime")
    if (expected.size is not None and version.size != expected.size) or (
        expected.mtime_ns is not None and version.mtime_ns != expected.mtime_ns
    ):
        raise WriteBackError(_CHANGED, version.path)


def write_published(path: str, value: bool, expected: Expected) -> WriteResult:
    """Set ``published`` in the file at ``path``, atomically; refuse if it changed."""
    holder: list[bytes] = []

    def edit(data: bytes) -> bytes:
        holder.append(data)
        try:
            return with_published(data, value)
        except WriteBackError as error:
            raise WriteBackError(error.reason, path) from None

    new = _replace_checked(path, expected, edit)
    previous = holder[0]
    return WriteResult(path, previous, sha256_hex(previous), sha256_hex(new), new != previous)


def restore_bytes(path: str, data: bytes, expected_sha256: str) -> None:
    """Put ``data`` back into ``path`` (undo of a write), if it still holds what we wrote."""
    _replace_checked(path, Expected(sha256=expected_sha256), lambda _current: data)


def _read_regular(path: str) -> tuple[bytes, os.stat_result]:
    try:
        info = os.lstat(path)
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None
    if stat.S_ISLNK(info.st_mode):
        raise WriteBackError("is a symbolic link; tui-reader does not write through links", path)
    if not stat.S_ISREG(info.st_mode):
        raise WriteBackError("not a regular file", path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            return stream.read(), status
    except OSError as error:
        raise WriteBackError(f"cannot read: {error.strerror}", path) from None


def _check_writable(path: str, status: os.stat_result) -> None:
    if status.st_nlink > 1:
        raise WriteBackError(
            f"has {status.st_nlink} hard links; replacing it would split them", path
        )
    # Also refused when running as root (who could write anyway): the mode says
    # the owner meant the file to stay as it is.
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteBackError("is read-only; publish state cannot be written", path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError as error:
        raise WriteBackError(f"cannot read its folder: {error.strerror}", path) from None
    if not folder_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
        raise WriteBackError(
            "its folder is read-only; publish state cannot be written atomically", path
        )


def _replace_checked(path: str, expected: Expected, edit: Callable[[bytes], bytes]) -> bytes:
    """Read, check, edit and atomically replace ``path``; return the bytes written."""
    data, status = _read_regular(path)
    check_expected(
        FileVersion(path, data, sha256_hex(data), status.st_size, status.st_mtime_ns), expected
    )
    new = edit(data)
    if new == data:
        return new
    _check_writable(path, status)
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    if folder not in _swept_folders:
        _swept_folders.add(folder)
        remove_stale_temp_files(folder)
    try:
        # A hidden name: the loader skips dot files, so a temp file left by a crash
        # never shows up as an article.
        descriptor, temp_path = tempfile.mkstemp(
            prefix=f".{name}.", suffix=_TEMP_SUFFIX, dir=folder
        )
    except OSError as error:
        raise WriteBackError(f"cannot write in its folder: {error.strerror}", path) from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fchmod(stream.fileno(), stat.S_IMODE(status.st_mode))
            if os.geteuid() == 0:
                os.fchown(stream.fileno(), status.st_uid, status.st_gid)
            os.fsync(stream.fileno())
        # Last look before the replace: a change since the first read is refused too.
        latest, latest_status = _read_regular(path)
        if latest != data or latest_status.st_ino != status.st_ino:
            raise WriteBackError("changed on disk while it was being written; reload it", path)
        os.replace(temp_path, path)
    except BaseException as error:
        _remove_quietly(temp_path, error)
        if isinstance(error, OSError):
            raise WriteBackError(f"cannot write: {error.strerror}", path) from None
        raise
    _fsync_folder(folder, path)
    return new


def remove_stale_temp_files(folder: str, *, now: float | None = None) -> list[str]:
    """Remove our temporary files in ``folder`` left by a crash; return their paths.

    Only names of our own pattern, regular files (never links) owned by this user and
    older than :data:`STALE_TEMP_SECONDS`: a write under way in another instance is
    never touched. Problems are ignored: this is housekeeping, not the write.
    """
    moment = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        if _TEMP_NAME.fullmatch(entry.name) is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.geteuid()
                and moment - info.st_mtime > STALE_TEMP_SECONDS
            ):
                os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            continue
    return removed


def _remove_quietly(temp_path: str, cause: BaseException) -> None:
    try:
        os.unlink(temp_path)
    except FileNotFoundError:
        pass
    except OSError as error:
        # The original error matters more; keep this one attached to it.
        cause.add_note(f"also could not remove the temporary file {temp_path}: {error}")


class WrittenNotSynced(WriteBackError):
    """The file was replaced, but its folder could not be synced: the new bytes are in
    place (and undoable), only their survival of a power cut is not guaranteed."""


def _fsync_folder(folder: str, path: str) -> None:
    """Make the rename itself durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise WrittenNotSynced(f"written, but the folder cannot be synced: {error}", path) from None
    try:
        os.fsync(descriptor)
    except OSError as error:
        raise WrittenNotSynced(f"written, but the folder cannot be synced: {error}", path) from None
    finally:
        os.close(descriptor)
