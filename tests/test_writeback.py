"""Publish write-back: only the ``published`` value changes, atomically, or nothing does."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import SEED_FRONT_MATTER

from tui_reader.data import dialects
from tui_reader.data.frontmatter_parsing import parse_front_matter
from tui_reader.data.frontmatter_split import normalise_text, split_document
from tui_reader.data.writeback import (
    Expected,
    WriteBackError,
    read_version,
    restore_bytes,
    sha256_hex,
    with_published,
    write_published,
)


def published_of(data: bytes) -> bool | None:
    """The publish state as the loader reads it back."""
    split = split_document(normalise_text(data.decode("utf-8")))
    meta = parse_front_matter(split)
    return dialects.publish_state(dialects.detect(split.format, meta), meta)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"---\npublished: false\n---\nbody\n", b"---\npublished: true\n---\nbody\n"),
        # BOM, CRLF, comments, quoting of other keys, key order: all kept.
        (
            b"\xef\xbb\xbf---\r\n# a comment\r\ntitle: 'It''s'  # why\r\n"
            b'published: no   # decided\r\nquality: "30"\r\n---\r\nBody\r\n',
            b"\xef\xbb\xbf---\r\n# a comment\r\ntitle: 'It''s'  # why\r\n"
            b'published: true   # decided\r\nquality: "30"\r\n---\r\nBody\r\n',
        ),
        (b'---\npublished: "yes"\n---\n', b"---\npublished: true\n---\n"),
        (b"---\npublished: 'no'\n---\n", b"---\npublished: true\n---\n"),
        (b"---\npublished:\ntitle: T\n---\n", b"---\npublished: true\ntitle: T\n---\n"),
        (b"---\npublished: false\n...\nbody", b"---\npublished: true\n...\nbody"),
        # A nested ``published`` (inside a related entry) is not the article's.
        (
            b"---\nrelated:\n  - title: R\n    published: false\npublished: false\n---\n",
            b"---\nrelated:\n  - title: R\n    published: false\npublished: true\n---\n",
        ),
        # The seed schema in TOML: its top-level key, not the one of a table.
        (
            b'+++\ntitle = "T"\nwebUrl = "https://x.example/t"\npublished = false # c\n\n'
            b"[extra]\npublished = 1\n+++\nB\n",
            b'+++\ntitle = "T"\nwebUrl = "https://x.example/t"\npublished = true # c\n\n'
            b"[extra]\npublished = 1\n+++\nB\n",
        ),
        # Zola: the value under [extra].
        (
            b'+++\ntitle = "T"\n\n[extra]\npublished = false # c\nteam = "x"\n+++\nB\n',
            b'+++\ntitle = "T"\n\n[extra]\npublished = true # c\nteam = "x"\n+++\nB\n',
        ),
        # A draft key: set to the opposite.
        (b"---\ntitle: T\ndraft: true\n---\n", b"---\ntitle: T\ndraft: false\n---\n"),
        (b"+++\ndraft = 'yes'\n+++\n", b"+++\ndraft = false\n+++\n"),
    ],
)
def test_only_the_value_changes(before: bytes, after: bytes) -> None:
    assert with_published(before, True) == after
    assert published_of(after) is True


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The seed schema (a key only it writes): ``published``.
        (
            b"---\ntitle: T\nwebUrl: https://x.example/t\n---\nbody\n",
            b"---\ntitle: T\nwebUrl: https://x.example/t\npublished: true\n---\nbody\n",
        ),
        (
            b"\xef\xbb\xbf---\r\nprovider: P\r\n---\r\nbody\r\n",
            b"\xef\xbb\xbf---\r\nprovider: P\r\npublished: true\r\n---\r\nbody\r\n",
        ),
        (
            b"---\nheat: 3\nrelated:\n  - published: false\n---\n",
            b"---\nheat: 3\nrelated:\n  - published: false\npublished: true\n---\n",
        ),
        # No tool known: ``draft``, which no tool refuses (Hugo reads ``published`` as a date).
        (b"---\ntitle: T\n---\nbody\n", b"---\ntitle: T\ndraft: false\n---\nbody\n"),
        (b"---\n---\n", b"---\ndraft: false\n---\n"),
        # Every key indented (as some blogs write): the new one too.
        (
            b"---\n title: T\n tags:\n   - a\n---\n",
            b"---\n title: T\n tags:\n   - a\n draft: false\n---\n",
        ),
        # A TOML top-level key goes before the first table.
        (
            b"+++\r\ntitle = 'T'\r\noriginalUrl = 'https://x.example/t'\r\n"
            b"[images]\r\nurl = 'u'\r\n+++\r\n",
            b"+++\r\ntitle = 'T'\r\noriginalUrl = 'https://x.example/t'\r\npublished = true\r\n"
            b"[images]\r\nurl = 'u'\r\n+++\r\n",
        ),
        # Zola (TOML): into [extra], after its last key; a new [extra] table at the end.
        (
            b"+++\r\ntitle = 'T'\r\n[extra]\r\na = 1\r\n\r\n# c\r\n[taxonomies]\r\n+++\r\n",
            b"+++\r\ntitle = 'T'\r\n[extra]\r\na = 1\r\npublished = true\r\n\r\n# c\r\n"
            b"[taxonomies]\r\n+++\r\n",
        ),
        (b"+++\ntitle = 'T'\n+++\n", b"+++\ntitle = 'T'\n\n[extra]\npublished = true\n+++\n"),
        (b"+++\ntitle = 'T'\n\n+++\n", b"+++\ntitle = 'T'\n\n[extra]\npublished = true\n+++\n"),
        (b"+++\n+++\n", b"+++\n[extra]\npublished = true\n+++\n"),
        # Zola (YAML): into ``extra:``, at its indentation.
        (
            b"---\ntaxonomies: {}\nextra:\n    a: 1\n---\n",
            b"---\ntaxonomies: {}\nextra:\n    published: true\n    a: 1\n---\n",
        ),
        (
            b"---\ntaxonomies: {}\n---\n",
            b"---\ntaxonomies: {}\nextra:\n  published: true\n---\n",
        ),
    ],
)
def test_absent_key_is_inserted(before: bytes, after: bytes) -> None:
    assert with_published(before, True) == after
    assert published_of(after) is True


def test_seed_file_keeps_every_other_byte(sample_feed: Path) -> None:
    original = (sample_feed / SEED_FRONT_MATTER).read_bytes()
    changed = with_published(original, True)
    old_lines, new_lines = original.splitlines(keepends=True), changed.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    differing = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert differing == [(b"published: false\n", b"published: true\n")]
    assert with_published(changed, False) == original


def test_same_value_is_no_change() -> None:
    data = b"---\npublished: true  # c\n---\n"
    assert with_published(data, True) == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{\n"published": false\n}\n', "JSON front matter"),
        (b"just a body\n", "no front matter"),
        (b"---\n- a list\n---\n", "not a mapping"),
        (b"---\npublished: [true]\n---\n", "list or mapping"),
        (b"---\ntitle: [unclosed\n---\n", "malformed YAML"),
        (b"---\ntitle: T\n", "no closing"),
        (b"---\ntitle: \xff\n---\n", "not UTF-8"),
        (b"---\n{title: T}\n---\n", "flow mapping"),
        (b"---\ntaxonomies: {}\nextra: {a: 1}\n---\n", "flow mapping"),
        (b"---\ntaxonomies: {}\nextra: x\n---\n", "not a mapping"),
        (b"+++\nextra = { a = 1 }\n+++\n", "break"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(data: bytes, message: str) -> None:
    with pytest.raises(WriteBackError, match=message):
        with_published(data, True)


@pytest.mark.parametrize(
    "data",
    [
        # The only ``published`` line sits inside a TOML multi-line string.
        b'+++\noriginalUrl = "u"\nnote = """\npublished = false\n"""\n+++\n',
        # An ``[extra]`` header inside a multi-line string is not the table.
        b'+++\nnote = """\n[extra]\na = 1\n"""\n+++\n',
    ],
)
def test_refuses_an_edit_that_would_change_other_values(data: bytes) -> None:
    with pytest.raises(WriteBackError, match=r"safely|break"):
        with_published(data, True)


def write(path: Path, data: bytes, mode: int = 0o640) -> str:
    path.write_bytes(data)
    path.chmod(mode)
    return str(path)


def test_write_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    original = b"---\r\ntitle: T\r\npublished: false\r\n---\r\n"
    path = write(tmp_path / "a.md", original)
    result = write_published(path, True, Expected(sha256=sha256_hex(original)))
    assert result.changed and result.previous == original
    assert result.previous_sha256 == sha256_hex(original)
    data = Path(path).read_bytes()
    assert data == original.replace(b"false", b"true") and result.new_sha256 == sha256_hex(data)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.md"]  # no temporary file left
    restore_bytes(path, result.previous, result.new_sha256)
    assert Path(path).read_bytes() == original
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_weak_expectation_from_the_scan(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", b"---\ntitle: T\n---\n")
    info = os.stat(path)
    result = write_published(path, True, Expected.of_scan(info.st_size, info.st_mtime_ns))
    assert result.changed
    with pytest.raises(WriteBackError, match="changed on disk"):
        write_published(path, False, Expected.of_scan(info.st_size, info.st_mtime_ns))


def test_refuses_a_file_changed_since_it_was_loaded(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", b"---\ntitle: T\n---\n")
    seen = read_version(path)
    # Same size, so only the content hash can tell.
    Path(path).write_bytes(b"---\ntitle: U\n---\n")
    with pytest.raises(WriteBackError, match="changed on disk since it was loaded"):
        write_published(path, True, Expected(sha256=seen.sha256))
    assert Path(path).read_bytes() == b"---\ntitle: U\n---\n"


def test_undo_refuses_a_file_changed_since_the_write(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", b"---\ntitle: T\n---\n")
    result = write_published(path, True, Expected(sha256=read_version(path).sha256))
    Path(path).write_bytes(b"---\ntitle: edited\n---\n")
    with pytest.raises(WriteBackError, match="changed on disk"):
        restore_bytes(path, result.previous, result.new_sha256)
    assert Path(path).read_bytes() == b"---\ntitle: edited\n---\n"


def test_refuses_symlinks(tmp_path: Path) -> None:
    target = write(tmp_path / "real.md", b"---\ntitle: T\n---\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    with pytest.raises(WriteBackError, match="symbolic link"):
        read_version(str(link))
    with pytest.raises(WriteBackError, match="symbolic link"):
        write_published(str(link), True, Expected(sha256=sha256_hex(Path(target).read_bytes())))
    assert Path(target).read_bytes() == b"---\ntitle: T\n---\n" and link.is_symlink()


def test_refuses_read_only_files(tmp_path: Path) -> None:
    data = b"---\ntitle: T\n---\n"
    path = write(tmp_path / "a.md", data, mode=0o444)
    with pytest.raises(WriteBackError, match="read-only"):
        write_published(path, True, Expected(sha256=sha256_hex(data)))
    assert Path(path).read_bytes() == data


def test_refuses_read_only_folders(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    data = b"---\ntitle: T\n---\n"
    path = write(folder / "a.md", data)
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteBackError, match="folder is read-only"):
            write_published(path, True, Expected(sha256=sha256_hex(data)))
    finally:
        folder.chmod(0o755)
    assert Path(path).read_bytes() == data


def test_refuses_hard_linked_files(tmp_path: Path) -> None:
    data = b"---\ntitle: T\n---\n"
    path = write(tmp_path / "a.md", data)
    os.link(path, tmp_path / "b.md")
    with pytest.raises(WriteBackError, match="hard links"):
        write_published(path, True, Expected(sha256=sha256_hex(data)))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteBackError, match="cannot read"):
        write_published(str(tmp_path / "gone.md"), True, Expected(sha256="0" * 64))
