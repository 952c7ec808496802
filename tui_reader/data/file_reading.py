"""Read a feed file as text, safely: no hang, no link swapped in, no binary.

A feed folder may hold a FIFO, a file replaced by a symbolic link since the scan, a
file in another encoding or an image with a Markdown name. Every reader of article
files (the loader's scan and detail, the body index) opens and decodes through these
functions, so each such file costs one :class:`FileProblem` with a message for the
user, the same way wherever it is met.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat

from tui_reader.data.frontmatter_split import normalise_text

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""An opened article reads at most this much of its file."""
MAX_STRAY_NULS = 64
"""Up to this many NUL bytes are dropped from any text; more, in more than 10 % of a
file, make it binary."""

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileProblem(Exception):
    """A per-file problem; becomes a LoadError with this message."""


def open_regular(path: str, via_link: bool) -> int:
    """Open without blocking (a FIFO would hang a plain open) and check it is a file."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS | (0 if via_link else _NO_FOLLOW))
    except OSError as error:
        if error.errno == errno.ELOOP:  # ELOOP: O_NOFOLLOW met a link swapped in after the scan
            raise FileProblem("is a symbolic link") from None
        raise FileProblem(f"cannot open: {error.strerror}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise FileProblem("not a regular file")
    return descriptor


def read_up_to(descriptor: int, size: int) -> bytes:
    """``size`` bytes, or fewer at the end of the file (as ``BufferedReader.read``)."""
    data = os.read(descriptor, size)
    if len(data) == size or not data:
        return data
    parts = [data]
    while size > (got := sum(map(len, parts))) and (more := os.read(descriptor, size - got)):
        parts.append(more)
    return b"".join(parts)


def _decode_utf8(data: bytes, final: bool) -> str:
    """UTF-8 ``data``; unless ``final``, a character cut short at the end is left out
    (what an incremental decoder does, without making one per file)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if final or error.start < len(data) - 3:
            raise  # an error before the last character: the same either way
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)


def decode(data: bytes, final: bool) -> str:
    try:
        text = _decode_utf8(data, final)
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    if "\x00" in text:
        # A stray NUL in a scraped article costs that byte, not the article; a file
        # made of NULs (UTF-16, an image that happens to decode) is not text.
        nuls = text.count("\x00")
        if nuls > MAX_STRAY_NULS and nuls * 10 > len(text):
            raise FileProblem("binary file (many NUL bytes: not UTF-8 text)")
        text = text.replace("\x00", "")
    return text


def read_document(path: str, via_link: bool, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of a file, read as the loader reads (no FIFO hang, no following a link
    swapped in after the scan, at most ``limit`` bytes, UTF-8 without NUL bytes).

    Raises :class:`FileProblem` (or OSError) with a message for the user.
    """
    descriptor = open_regular(path, via_link)
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit)
    return normalise_text(decode(data, final=len(data) < limit))
