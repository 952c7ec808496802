"""``--list --query``: the same articles in the same order as ``Matcher.run``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.data import body_index, feed_bodies
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.session import load_feed
from tui_reader.data.store import SortKey, Store
from tui_reader.query import Matcher

ARTICLES = {
    "a.md": ("Amazon Surveillance Push Draws Protest", "Common Dreams", "2021-06-10", 30),
    "b.md": ("Ring Police Requests Fall", "Common Dreams", "2021-06-12", 55),
    "c.md": ("Zürich Café Owners Fight Rent Cap", "Zürcher Zeitung", "2021-06-25", 70),
    "d.md": ("Warehouse Heat Complaint Filed", "The Civic Wire", "2021-06-20", 10),
}


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, (title, provider, day, quality) in ARTICLES.items():
        (folder / name).write_text(
            f'---\ntitle: "{title}"\npublishedDateTime: {day}T10:00:00Z\nquality: {quality}\n'
            f"provider:\n  name: {provider}\n---\nBody of {title}.\n",
            encoding="utf-8",
        )
    return folder


def listed(capsys: pytest.CaptureFixture[str], feed: Path, *args: str) -> list[str]:
    assert main(["--list", "--json", "--no-cache", str(feed), *args]) == 0
    return [json.loads(line)["rel_path"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize(
    ("query", "sort"),
    [
        ("comon dreams", "date"),
        ("amzn surveil", "date"),
        ("quality:>=30", "quality"),
        ("!provider:dreams", "title"),
        ("r", "date"),
        ("ring | zurich", "provider"),
    ],
)
def test_cli_matches_the_matcher(
    capsys: pytest.CaptureFixture[str], feed: Path, query: str, sort: str
) -> None:
    store = Store(load_feed([str(feed)], use_cache=False).articles)
    expected = [store[uid].rel_path for uid in Matcher(store).run(query, SortKey(sort)).uids]
    assert expected  # each case selects something
    assert listed(capsys, feed, "--query", query, "--sort", sort) == expected


def test_cli_query_filters_and_ranks(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    assert listed(capsys, feed, "--query", "amzn surveil") == ["a.md"]
    assert listed(capsys, feed, "--query", "comon dreams") == ["b.md", "a.md"]


def test_cli_bad_query_exits_2_naming_the_term(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    assert main(["--list", "--no-cache", str(feed), "--query", "ring quality:>>x"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "quality:>>x" in error


def test_query_implies_list(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    assert main(["--no-cache", str(feed), "--query", "ring"]) == 0
    assert capsys.readouterr().out.startswith("Ring Police Requests Fall — ")


@pytest.mark.parametrize(
    "query",
    ["body:body", "body:bod*", 'body:"police requests"', "amazon body:body", "!body:cap"],
)
def test_cli_body_terms_match_the_matcher(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path, query: str
) -> None:
    cache = tmp_path / "cache"
    store = Store(load_feed([str(feed)], use_cache=False).articles)
    bodies = FeedBodies([str(feed)], tmp_path / "other-cache")
    bodies.update()
    expected = [store[uid].rel_path for uid in Matcher(store, bodies).run(query).uids]
    args = ["--list", "--json", "--cache-dir", str(cache), str(feed), "--query", query]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert [json.loads(line)["rel_path"] for line in out.splitlines()] == expected
    assert expected or query.startswith("!")


def test_cli_body_index_is_built_with_a_progress_line(
    capsys: pytest.CaptureFixture[str],
    feed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(feed_bodies, "PROGRESS_AFTER", 0.0)  # as if it took more than a second
    monkeypatch.setattr(body_index, "BATCH_FILES", 1)
    cache = tmp_path / "cache"
    args = ["--list", "--count", "--cache-dir", str(cache), str(feed), "--query", "body:cap"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == "1\n"
    assert "indexing bodies" in captured.err and captured.err.endswith("done\n")
    assert any(cache.glob("bodies-*.sqlite"))
    # Warm: nothing to index, no progress line.
    assert main(args) == 0
    assert capsys.readouterr().err == ""


def test_cli_body_query_with_no_cache_writes_no_cache(
    capsys: pytest.CaptureFixture[str], feed: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    args = ["--list", "--count", "--no-cache", "--cache-dir", str(cache), str(feed)]
    assert main([*args, "--query", 'body:"rent cap"']) == 0
    assert capsys.readouterr().out == "1\n"
    assert not cache.exists()
