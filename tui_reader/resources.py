"""Where the bundled styles and sample feed are, installed or in a source checkout.

A wheel carries them inside the package (pyproject's force-include); a source checkout
or an editable install has them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder {name!r} is missing from this installation")


def styles_dir() -> Path:
    """The folder of ``*.tcss`` files."""
    return _bundled("styles")


def sample_feed_dir() -> Path:
    """The bundled sample feed."""
    return _bundled("sample_feed")
