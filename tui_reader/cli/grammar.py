"""The command-line grammar as data, read from the argparse parsers: what the shell
completions and the man page are generated from, so neither is kept by hand.

argparse offers no public list of a parser's arguments; ``_actions`` is what every
completion generator reads (shtab, argcomplete), and it has been stable for decades.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from tui_reader.cli.parser import SUBCOMMANDS, build_parser


@dataclass(frozen=True, slots=True)
class Option:
    """One option (or the positional paths, with no flags)."""

    flags: tuple[str, ...]
    help: str
    metavar: str = ""
    """The value's name (empty: a switch)."""
    choices: tuple[str, ...] = ()
    completes: str = ""
    """What the value is: ``file``, ``dir``, ``choice``, or empty for free text."""


@dataclass(frozen=True, slots=True)
class Command:
    """``tui-reader`` (name empty) or one of its subcommands."""

    name: str
    summary: str
    description: str
    epilog: str
    options: tuple[Option, ...]
    paths: Option


def _help(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    text = action.help or ""
    if "%" in text:
        # As argparse expands it for --help.
        text = text % {**vars(action), "prog": parser.prog}
    return text


def _option(action: argparse.Action, parser: argparse.ArgumentParser) -> Option:
    choices = tuple(str(choice) for choice in action.choices or ())
    takes_value = action.nargs != 0
    metavar = ""
    completes = ""
    if takes_value:
        metavar = str(action.metavar or action.dest.upper())
        if choices:
            completes = "choice"
        elif metavar == "DIR":
            completes = "dir"
        elif metavar in ("FILE", "PATH"):
            completes = "file"
    return Option(tuple(action.option_strings), _help(action, parser), metavar, choices, completes)


def _command(name: str, summary: str, parser: argparse.ArgumentParser) -> Command:
    options: list[Option] = []
    paths = Option((), "", "PATH", (), "file")
    for action in parser._actions:
        if action.option_strings:
            options.append(_option(action, parser))
        elif action.dest == "paths":
            paths = Option((), _help(action, parser), "PATH", (), "file")
    return Command(
        name,
        summary,
        parser.description or "",
        parser.epilog or "",
        tuple(options),
        paths,
    )


def commands() -> list[Command]:
    """``tui-reader`` first, then each subcommand."""
    main = build_parser()
    found = [_command("", main.description or "", main)]
    for sub in SUBCOMMANDS.values():
        found.append(_command(sub.name, sub.summary, sub.parser()))
    return found
