"""The user's own programs for an article: ``$VISUAL``/``$EDITOR`` and ``$PAGER``, as git.

The command line in the variable is split the way a shell splits words (``shlex``: so
``EDITOR="code --wait"`` works) and run directly, never through a shell; the file name
is one more argument, always absolute (so a name starting with ``-`` is not an option).
Like git: ``$VISUAL`` wins over ``$EDITOR`` unless ``TERM=dumb``, and the pager reads the
text on standard input. Unlike git, nothing is assumed when no variable is set (no
``vi``, no ``less``): the reader says how to set one instead.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping, Sequence


class ProgramError(Exception):
    """The program cannot be run; ``str()`` is a sentence for the user."""


def _command(env: Mapping[str, str], names: Sequence[str], missing: str) -> list[str]:
    """The words of the first of ``names`` that is set (ProgramError ``missing`` if none)."""
    for name in names:
        line = env.get(name, "").strip()
        if not line:
            continue
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise ProgramError(f"${name} cannot be read as a command line: {error}") from None
        if words:
            return words
    raise ProgramError(missing)


def editor_command(env: Mapping[str, str]) -> list[str]:
    """The editor's command line (ProgramError when none is set)."""
    names = ["EDITOR"] if env.get("TERM") == "dumb" else ["VISUAL", "EDITOR"]
    return _command(
        env, names, "No editor is set: export VISUAL or EDITOR (for example EDITOR=nano)."
    )


def pager_command(env: Mapping[str, str]) -> list[str]:
    """The pager's command line (ProgramError when none is set)."""
    return _command(env, ["PAGER"], "No pager is set: export PAGER (for example PAGER=less).")


def run_editor(command: Sequence[str], path: str) -> int:
    """Run the editor on ``path`` in this terminal until it exits; its exit status."""
    return _run([*command, os.path.abspath(path)], None)


def run_pager(command: Sequence[str], text: str) -> int:
    """Run the pager with ``text`` on its standard input; its exit status."""
    return _run(list(command), text.encode("utf-8"))


def _run(argv: list[str], stdin: bytes | None) -> int:
    try:
        # A pager that quits before reading everything is not an error (EPIPE is ignored).
        return subprocess.run(argv, input=stdin, check=False).returncode
    except OSError as error:
        raise ProgramError(f"Cannot run {argv[0]}: {error.strerror}") from None
