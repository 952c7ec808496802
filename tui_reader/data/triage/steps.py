"""What one triage action did (an undo step), and the words for each action.

``ACTIONS`` is the one table of triage verbs: the app's notifications and bulk
questions, ``Step.describe`` and the ``tui-reader mark`` options all read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui_reader.data.triage.flags import Flag
from tui_reader.data.writeback import Expected, WriteBackError


@dataclass(frozen=True, slots=True)
class Action:
    """One triage action: set (or clear) a flag, publish, tag or write a note (``flag``
    None; ``kind`` says which)."""

    flag: Flag | None
    value: bool
    option: str
    """The ``tui-reader mark`` option (``--read``) and the name used in messages."""
    imperative: str
    """ "Mark {n} read", as a question: "Mark 3 articles read?"."""
    past: str
    """ "Marked {n} read", for a notification."""
    state: str = ""
    """What the articles are after the action ("unread"): "…is unread again" on undo."""
    kind: str = "flag"
    """The kind of undo step it makes: ``flag``, ``publish``, ``tag`` or ``note``."""


ACTIONS: tuple[Action, ...] = (
    Action(Flag.READ, True, "read", "Mark {n} read", "Marked {n} read", "read"),
    Action(Flag.READ, False, "unread", "Mark {n} unread", "Marked {n} unread", "unread"),
    Action(Flag.STARRED, True, "star", "Star {n}", "Starred {n}", "starred"),
    Action(Flag.STARRED, False, "unstar", "Unstar {n}", "Unstarred {n}", "not starred"),
    Action(Flag.ARCHIVED, True, "archive", "Archive {n}", "Archived {n}", "archived"),
    Action(
        Flag.ARCHIVED, False, "unarchive", "Unarchive {n}", "Unarchived {n}", "out of the archive"
    ),
    Action(None, True, "publish", "Publish {n}", "Published {n}", "published", "publish"),
    Action(None, False, "unpublish", "Unpublish {n}", "Unpublished {n}", "unpublished", "publish"),
    # The reader's own tags and notes: a tag step may add some tags and remove others.
    Action(None, True, "tag", "Tag {n}", "Tagged {n}", "tagged", "tag"),
    Action(None, False, "untag", "Untag {n}", "Untagged {n}", "untagged", "tag"),
    Action(None, True, "note", "Write a note on {n}", "Noted {n}", "noted", "note"),
    Action(
        None,
        False,
        "unnote",
        "Remove the note of {n}",
        "Removed the note of {n}",
        "unnoted",
        "note",
    ),
)


def action_for(flag: Flag | None, value: bool, kind: str = "") -> Action:
    """The table's entry for setting ``flag`` to ``value`` (``None``: publish, or the
    ``kind`` given: ``tag``, ``note``)."""
    kind = kind or ("flag" if flag is not None else "publish")
    return next(a for a in ACTIONS if a.kind == kind and a.flag is flag and a.value is value)


def plural(count: int, noun: str = "article") -> str:
    """ "1 article", "1,204 articles"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the undo log: an action, single or bulk.

    ``kind`` is ``"flag"``, ``"publish"``, ``"tag"`` or ``"note"``; ``flag`` is set for
    flag steps; ``value`` is what the step set (a tag step: whether it added any tag; a
    note step: whether a note is there after it); ``keys`` are the articles it changed;
    ``paths`` the files a publish step wrote (their articles are read again after the
    step and after its undo); ``added`` and ``removed`` the tags a tag step changed.
    """

    id: int
    kind: str
    flag: Flag | None
    value: bool
    keys: tuple[str, ...]
    paths: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def action(self) -> Action:
        return action_for(self.flag, self.value, self.kind)

    @property
    def annotates(self) -> bool:
        """Whether the step changed the reader's tags or notes (not flags or files)."""
        return self.kind in ("tag", "note")

    def describe(self) -> str:
        """What the step did, as a person says it: "marked 35 articles read"."""
        if self.kind == "tag":
            return tag_change_phrase(self.added, self.removed, plural(len(self.keys)))
        return self.action.past.format(n=plural(len(self.keys))).lower()


def tag_change_phrase(added: Sequence[str], removed: Sequence[str], subject: str) -> str:
    """ "tagged 3 articles policing, untagged follow-up" (what a tag step did)."""
    parts = []
    if added:
        parts.append(f"tagged {subject} {', '.join(added)}")
    if removed:
        parts.append(f"untagged {'' if added else subject + ' '}{', '.join(removed)}")
    return "; ".join(parts) or f"left the tags of {subject} as they were"


@dataclass(frozen=True, slots=True)
class PublishTarget:
    """One file to publish or unpublish, with what the UI last saw of it."""

    key: str
    path: str
    expected: Expected


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What a publish did: the step (None if nothing was written), the keys whose files
    already said so, and the files refused with the reason."""

    step: Step | None
    unchanged: tuple[str, ...] = ()
    refused: tuple[WriteBackError, ...] = field(default_factory=tuple)
    warnings: tuple[WriteBackError, ...] = field(default_factory=tuple)
    """Files written (and in the step) with something to say, e.g. not synced."""
