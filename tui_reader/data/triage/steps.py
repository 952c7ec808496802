"""What one triage action did (an undo step), and the words for each action.

``ACTIONS`` is the one table of triage verbs: the app's notifications and bulk
questions, ``Step.describe`` and the ``tui-reader mark`` options all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.data.triage.flags import Flag
from tui_reader.data.writeback import Expected, WriteBackError


@dataclass(frozen=True, slots=True)
class Action:
    """One triage action: set (or clear) a flag, or publish (``flag`` None)."""

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


ACTIONS: tuple[Action, ...] = (
    Action(Flag.READ, True, "read", "Mark {n} read", "Marked {n} read", "read"),
    Action(Flag.READ, False, "unread", "Mark {n} unread", "Marked {n} unread", "unread"),
    Action(Flag.STARRED, True, "star", "Star {n}", "Starred {n}", "starred"),
    Action(Flag.STARRED, False, "unstar", "Unstar {n}", "Unstarred {n}", "not starred"),
    Action(Flag.ARCHIVED, True, "archive", "Archive {n}", "Archived {n}", "archived"),
    Action(
        Flag.ARCHIVED, False, "unarchive", "Unarchive {n}", "Unarchived {n}", "out of the archive"
    ),
    Action(None, True, "publish", "Publish {n}", "Published {n}", "published"),
    Action(None, False, "unpublish", "Unpublish {n}", "Unpublished {n}", "unpublished"),
)


def action_for(flag: Flag | None, value: bool) -> Action:
    """The table's entry for setting ``flag`` to ``value`` (``None``: publish)."""
    return next(a for a in ACTIONS if a.flag is flag and a.value is value)


def plural(count: int, noun: str = "article") -> str:
    """ "1 article", "1,204 articles"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the undo log: an action, single or bulk.

    ``kind`` is ``"flag"`` or ``"publish"``; ``flag`` is set for flag steps; ``value`` is
    what the step set; ``keys`` are the articles it changed; ``paths`` the files a publish
    step wrote (their articles are read again after the step and after its undo).
    """

    id: int
    kind: str
    flag: Flag | None
    value: bool
    keys: tuple[str, ...]
    paths: tuple[str, ...] = ()

    @property
    def action(self) -> Action:
        return action_for(self.flag, self.value)

    def describe(self) -> str:
        """What the step did, as a person says it: "marked 35 articles read"."""
        return self.action.past.format(n=plural(len(self.keys))).lower()


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
