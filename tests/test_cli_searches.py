"""The CLI's saved searches, tags and notes: ``tui-reader searches`` (counts, --json,
cycles reported per search), ``--list --query 'search:x'``, ``--list --json`` carrying
the reader's tags and note, and ``mark --tag / --untag`` as one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import write_config

from tui_reader.cli import main
from tui_reader.data.triage import Flag, TriageState


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def story(title: str, provider: str, day: int) -> str:
    slug = title.lower().replace(" ", "-")
    return (
        f"---\ntitle: {title}\nprovider: {provider}\n"
        f"publishedDateTime: 2024-05-{day:02d}T10:00:00Z\nwebUrl: https://news.example/{slug}\n---\n"
        "Body.\n"
    )


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, provider, day in [
        ("Ring Police Requests", "Wire", 1),
        ("Ring Doorbell Sale", "Daily", 2),
        ("Bus Lanes Open", "Wire", 3),
    ]:
        (folder / f"{name.split()[0].lower()}-{day}.md").write_text(story(name, provider, day))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


def test_searches_print_names_queries_and_counts(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    write_config('[searches]\nring = "ring"\nwire-ring = "search:ring provider:wire"\n')
    with TriageState(feed, db) as state:
        state.save_search("buses", "bus")
        state.set_flag(Flag.READ, "https://news.example/ring-police-requests", True)
    code, out, err = run(capsys, "searches", str(feed), "--no-cache", "--state", str(db))
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "ring            2       1 unread  ring",
        "wire-ring       1       0 unread  search:ring provider:wire",
        "buses           1       1 unread  bus",
    ]
    code, out, _ = run(capsys, "searches", str(feed), "--no-cache", "--state", str(db), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0] == {"name": "ring", "query": "ring", "total": 2, "unread": 1, "origin": "config"}
    assert rows[2]["origin"] == "saved"


def test_a_cycle_is_reported_for_its_searches_and_the_others_still_print(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    write_config(
        '[searches]\nring = "ring"\nloop-a = "search:loop-b"\nloop-b = "bus search:loop-a"\n'
    )
    code, out, err = run(capsys, "searches", str(feed), "--no-cache", "--state", str(db), "--json")
    assert code == 1
    rows = {row["name"]: row for row in map(json.loads, out.splitlines())}
    assert rows["ring"]["total"] == 2
    assert rows["loop-a"]["total"] is None
    assert "search:loop-a → search:loop-b → search:loop-a" in rows["loop-a"]["error"]
    assert "search:loop-b → search:loop-a → search:loop-b" in rows["loop-b"]["error"]
    lines = err.splitlines()
    assert len(lines) == 2 and all("cannot run" in line for line in lines)


def test_list_query_names_a_search(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    with TriageState(feed, db) as state:
        state.save_search("doorbells", "ring !provider:wire")
    code, out, _ = run(
        capsys, "--list", str(feed), "--no-cache", "--state", str(db), "--query", "search:doorbells"
    )
    assert code == 0 and out.splitlines() == ["Ring Doorbell Sale — Daily — 2024-05-02"]
    code, _, err = run(capsys, "--list", str(feed), "--no-cache", "--query", "search:nothing")
    assert code == 2 and "search:nothing" in err


def test_mark_tags_and_untags_as_one_undo_step_and_list_json_carries_them(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    common = [str(feed), "--no-cache", "--state", str(db)]
    code, out, _ = run(
        capsys, "mark", *common, "--query", "ring", "--tag", "Briefing", "--tag", "x"
    )
    assert code == 0 and out.strip() == "2 articles match; tagged 2 articles briefing, x"
    code, out, _ = run(capsys, "mark", *common, "--query", "doorbell", "--untag", "x", "--dry-run")
    assert (
        out.strip()
        == "1 article matches; would change the tags of 1 article (--dry-run: nothing changed)"
    )
    run(capsys, "mark", *common, "--query", "doorbell", "--untag", "x")
    with TriageState(feed, db) as state:
        state.set_note("https://news.example/ring-police-requests", "Call the\nprecinct")
    code, out, _ = run(capsys, "--list", *common, "--json", "--query", "tag:briefing")
    rows = {row["title"]: row for row in map(json.loads, out.splitlines())}
    assert rows["Ring Police Requests"]["tags"] == ["briefing", "x"]
    assert rows["Ring Police Requests"]["note"] == "Call the\nprecinct"
    assert rows["Ring Doorbell Sale"]["tags"] == ["briefing"]
    assert rows["Ring Doorbell Sale"]["note"] == ""
    with TriageState(feed, db) as state:
        assert state.undo_depth() == 3
        step = state.peek_undo()
        assert step is not None and step.kind == "note"


def test_mark_refuses_a_bad_tag_and_tag_with_read(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    common = [str(feed), "--no-cache", "--state", str(db), "--query", "ring"]
    code, _, err = run(capsys, "mark", *common, "--tag", "two words")
    assert code == 2 and "one word" in err
    code, _, err = run(capsys, "mark", *common, "--tag", "a", "--read")
    assert code == 2
