"""The file side of publishing: plan each write, write, and restore on undo.

The database side (recording the step before any file is written, so a crash never
leaves a written file without its undo) is :meth:`TriageState.publish`, with the step's
rows in :mod:`.publish_steps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui_reader.data.triage.steps import PublishTarget
from tui_reader.data.writeback import (
    Expected,
    WriteBackError,
    WrittenNotSynced,
    check_expected,
    read_version,
    restore_bytes,
    sha256_hex,
    with_published,
    write_published,
)


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    """One file to write: its target, the bytes it holds and the bytes it will hold."""

    target: PublishTarget
    old: bytes
    new: bytes


@dataclass(slots=True)
class PublishPlan:
    """What a publish would do, before anything is written."""

    writes: list[PlannedWrite] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[WriteBackError] = field(default_factory=list)


def plan(targets: Sequence[PublishTarget], value: bool) -> PublishPlan:
    """Read each target and prepare its edit; refusals are collected, never raised."""
    result = PublishPlan()
    for target in targets:
        try:
            version = read_version(target.path)
            check_expected(version, target.expected)
            new = with_published(version.data, value)
        except WriteBackError as error:
            result.refused.append(
                error if error.path else WriteBackError(error.reason, target.path)
            )
            continue
        if new == version.data:
            result.unchanged.append(target.key)
        else:
            result.writes.append(PlannedWrite(target, version.data, new))
    return result


@dataclass(slots=True)
class WriteOutcome:
    written: list[PublishTarget] = field(default_factory=list)
    failed: list[PublishTarget] = field(default_factory=list)
    refused: list[WriteBackError] = field(default_factory=list)
    warnings: list[WriteBackError] = field(default_factory=list)


def write(writes: Sequence[PlannedWrite], value: bool) -> WriteOutcome:
    """Write each planned file, against the very bytes recorded for its undo."""
    outcome = WriteOutcome()
    for planned in writes:
        target = planned.target
        try:
            write_published(target.path, value, Expected(sha256=sha256_hex(planned.old)))
            outcome.written.append(target)
        except WrittenNotSynced as warning:
            # Replaced: it is written and its undo record must stay.
            outcome.written.append(target)
            outcome.warnings.append(warning)
        except WriteBackError as error:
            outcome.refused.append(error)
            outcome.failed.append(target)
    return outcome


def restore(files: Sequence[tuple[str, bytes, str, str]]) -> None:
    """Undo of a publish step: put each file's previous bytes back.

    ``files`` are (path, previous bytes, previous sha256, written sha256). Refuses with
    WriteBackError, restoring nothing, when any file changed since it was written.
    """
    pending: list[tuple[str, bytes, str]] = []
    problems: list[str] = []
    for path, previous, previous_sha, written_sha in files:
        current = read_version(path).sha256
        if current == previous_sha:
            continue  # a crash came before the write, or it was already restored
        if current != written_sha:
            problems.append(f"{path}: changed on disk since it was published")
        else:
            pending.append((path, previous, written_sha))
    if problems:
        raise WriteBackError("cannot undo: " + "; ".join(problems))
    for path, previous, written_sha in pending:
        restore_bytes(path, previous, written_sha)
