"""The man page, ``docs/tui-reader.1``, generated from the parser and the command table.

``python -m tui_reader.cli.manpage docs/tui-reader.1`` rewrites it; a test fails when it
is stale (like the README's key table). The wheel installs it as
``share/man/man1/tui-reader.1``, where ``man tui-reader`` finds it next to the command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader import __version__
from tui_reader.cli.grammar import Command, Option, commands
from tui_reader.cli.parser import PROGRAM

SUMMARY = "read and triage folders of news articles in the terminal"

FILES = (
    (
        "$XDG_CONFIG_HOME/tui-reader/config.toml",
        "Settings and the keymap; see docs/config.md or tui-reader --print-config. "
        "The folder is $TUI_READER_CONFIG_DIR when that is set. The reader never writes it.",
    ),
    (
        "$XDG_STATE_HOME/tui-reader/triage.sqlite3",
        "Read, starred and archived flags, the undo log and, per feed, where you left off "
        "(the cursor's article, the filter, the view, the sort). Chosen with --state.",
    ),
    (
        "$XDG_STATE_HOME/tui-reader/remembered.json",
        "Choices the reader remembers by itself: the theme picked with ctrl+t.",
    ),
    (
        "$XDG_CACHE_HOME/tui-reader/",
        "The metadata cache, one file per feed folder (safe to delete; see --no-cache).",
    ),
)

ENVIRONMENT = (
    ("VISUAL, EDITOR", "The editor E opens the article's file in ($VISUAL first)."),
    ("PAGER", "The pager P sends the article's text to, on standard input."),
    ("TUI_READER_CONFIG_DIR", "The folder of config.toml, instead of the user config dir."),
    ("NO_COLOR", "Set: no colours."),
)


def roff(text: str) -> str:
    """``text`` safe in a roff line: backslashes and minus signs escaped."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def _flag_line(option: Option) -> str:
    flags = ", ".join(f"\\fB{roff(flag)}\\fR" for flag in option.flags)
    if option.choices:
        return flags + " " + "|".join(f"\\fI{roff(choice)}\\fR" for choice in option.choices)
    return f"{flags} \\fI{roff(option.metavar)}\\fR" if option.metavar else flags


def _options(options: tuple[Option, ...]) -> list[str]:
    lines: list[str] = []
    for option in options:
        lines += [".TP", _flag_line(option), roff(option.help)]
    return lines


def _synopsis(command: Command) -> str:
    name = f"{PROGRAM} {command.name}".strip()
    return f".B {roff(name)}\n[\\fIoptions\\fR] [\\fIPATH\\fR ...]"


def _keys() -> list[str]:
    # The command table is the UI's (and imports Textual): only needed to write the page.
    from tui_reader.ui.command_table import COMMANDS, FILTER, effective_keys
    from tui_reader.ui.user_config import config_spelling

    lines: list[str] = []
    for group, group_commands in COMMANDS.items():
        if group == FILTER:
            continue
        lines += [".SS " + roff(group)]
        for command in group_commands:
            # As config.toml spells them (plain ASCII, unlike the footer's arrows).
            keys = ", ".join(config_spelling(k) for k in effective_keys(command, {}))
            lines += [
                ".TP",
                f"\\fB{roff(keys)}\\fR ({roff(command.id)})",
                roff(command.description),
            ]
    return lines


def manual() -> str:
    """The man page's roff source."""
    main, *subcommands = commands()
    lines = [
        f'.TH TUI\\-READER 1 "" "{PROGRAM} {__version__}" "User Commands"',
        ".SH NAME",
        f"{roff(PROGRAM)} \\- {roff(SUMMARY)}",
        ".SH SYNOPSIS",
        _synopsis(main),
        ".br",
        f".B {roff(PROGRAM)} \\-\\-list\n[\\fIlisting options\\fR] [\\fIPATH\\fR ...]",
    ]
    for command in subcommands:
        lines += [".br", _synopsis(command)]
    lines += [".SH DESCRIPTION", roff(main.description.replace("\n", " "))]
    lines += [
        "Keys typed while the feed loads wait and then act in order; each feed opens "
        "where you left it. Settings and the keymap are in config.toml (see FILES).",
        ".SH OPTIONS",
        ".TP",
        "\\fIPATH\\fR ...",
        roff(main.paths.help),
        *_options(main.options),
        ".SH COMMANDS",
    ]
    for command in subcommands:
        lines += [
            f".SS {roff(PROGRAM)} {roff(command.name)}",
            roff(command.description),
            *_options(command.options),
        ]
        if command.epilog:
            lines += [".PP", roff(command.epilog)]
    lines += [
        ".SH KEYS",
        "In the reader; config.toml's [keys] table gives a command other keys, by its id "
        '(for example star = "f").',
        *_keys(),
    ]
    lines += [".SH FILES"]
    for path, what in FILES:
        lines += [".TP", f"\\fI{roff(path)}\\fR", roff(what)]
    lines += [".SH ENVIRONMENT"]
    for name, what in ENVIRONMENT:
        lines += [".TP", f"\\fB{roff(name)}\\fR", roff(what)]
    lines += [
        ".SH EXIT STATUS",
        "0: done (with \\-\\-list, also when some files could not be read: they are listed "
        "on standard error). 1: nothing could be loaded, or the triage state could not be "
        "opened or saved. 2: a mistake in the command line.",
        ".SH SEE ALSO",
        "docs/config.md (every setting), README.md (the filter language)",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the man page to the path in ``argv`` (default: docs/tui-reader.1)."""
    path = Path(argv[0] if argv else "docs/tui-reader.1")
    path.write_text(manual(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
