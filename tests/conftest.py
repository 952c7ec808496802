"""Shared fixtures: every test gets its own cache, config and state directories."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tui_reader.resources import sample_feed_dir

SEED_FRONT_MATTER = "000_21932401d9f8cf9f.txt"
SEED_BODY = "001_67f8682641cddb36.txt"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the user's real cache, config and state out of every test."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))
    monkeypatch.setenv("TUI_READER_CONFIG_DIR", str(base / "config"))
    # The terminal the tests pretend to be: truecolor, colours allowed (the tests of
    # 16 colours and NO_COLOR set these themselves), whatever the machine running them.
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)


@pytest.fixture
def sample_feed() -> Path:
    return sample_feed_dir()


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write a file into ``tmp_path/feed`` (text or bytes) and return its path."""
    feed = tmp_path / "feed"
    feed.mkdir(exist_ok=True)

    def write(name: str, content: str | bytes) -> Path:
        path = feed / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def count_parses(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[str]:
    """Record the relative path of every file ``module`` parses with its ``load_file``."""
    from tui_reader.data.folder_scan import FeedFile
    from tui_reader.data.model import Article, LoadError

    calls: list[str] = []
    real = module.load_file

    def counting(item: FeedFile) -> Article | LoadError:
        calls.append(item.rel_path)
        result: Article | LoadError = real(item)
        return result

    monkeypatch.setattr(module, "load_file", counting)
    return calls
