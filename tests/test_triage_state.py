"""Triage state in SQLite: actions, bulk steps, undo across restarts, two instances."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.data.model import Article, Provider
from tui_reader.data.triage import (
    UNDO_DEPTH,
    Flag,
    PublishTarget,
    TriageCounts,
    TriageError,
    TriageFlags,
    TriageState,
    TriageView,
    default_db_path,
    feed_root_of,
)
from tui_reader.data.writeback import Expected, WriteBackError, read_version


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "triage.sqlite3"


@pytest.fixture
def state(feed: Path, db: Path) -> Iterator[TriageState]:
    with TriageState(feed, db) as opened:
        yield opened


def test_is_a_triage_view(state: TriageState) -> None:
    view: TriageView = state
    assert not view.is_read("a") and not view.is_starred("a") and not view.is_archived("a")


def test_each_action_sets_and_clears_its_flag(state: TriageState) -> None:
    state.set_flag(Flag.READ, "a", True)
    state.set_flag(Flag.STARRED, "b", True)
    state.set_flag(Flag.ARCHIVED, "c", True)
    assert state.flags("a") == TriageFlags(read=True)
    assert state.flags("b") == TriageFlags(starred=True)
    assert state.flags("c") == TriageFlags(archived=True)
    state.set_flag(Flag.READ, "a", False)
    state.set_flag(Flag.STARRED, "b", False)
    state.set_flag(Flag.ARCHIVED, "c", False)
    assert [state.flags(key) for key in "abc"] == [TriageFlags()] * 3


def test_a_step_holds_only_the_keys_it_changed(state: TriageState) -> None:
    state.set_flag(Flag.STARRED, "a", True)
    step = state.set_flag(Flag.STARRED, ["a", "b"], True)
    assert step is not None and step.value and step.keys == ("b",)
    step = state.set_flag(Flag.STARRED, ["a", "b"], False)
    assert step is not None and not step.value and set(step.keys) == {"a", "b"}


def test_an_automatic_change_is_committed_without_an_undo_step(
    state: TriageState, feed: Path, db: Path
) -> None:
    state.set_flag(Flag.STARRED, "a", True)
    state.set_flag(Flag.READ, "b", True, undoable=False)
    with TriageState(feed, db) as other:
        assert other.is_read("b")
    step = state.undo()
    assert step is not None and step.flag is Flag.STARRED
    assert state.is_read("b") and not state.is_starred("a")
    assert state.undo() is None


def test_changed_since_names_the_keys_of_each_change(state: TriageState) -> None:
    start = state.generation
    state.set_flag(Flag.READ, ["a", "b"], True)
    state.set_flag(Flag.STARRED, "c", True)
    assert state.changed_since(start) == {"a", "b", "c"}
    assert state.changed_since(state.generation) == set()
    assert state.keys_with(Flag.READ) == {"a", "b"}


def test_no_change_records_no_step(state: TriageState) -> None:
    state.set_flag(Flag.READ, "a", True)
    assert state.set_flag(Flag.READ, "a", True) is None
    assert state.set_flag(Flag.READ, [], True) is None
    assert state.undo_depth() == 1


def test_flags_are_independent(state: TriageState) -> None:
    state.set_flag(Flag.READ, "a", True)
    state.set_flag(Flag.STARRED, "a", True)
    state.set_flag(Flag.ARCHIVED, "a", True)
    state.set_flag(Flag.STARRED, "a", False)
    assert state.flags("a") == TriageFlags(read=True, archived=True)


def test_bulk_is_one_undo_step(state: TriageState) -> None:
    state.set_flag(Flag.READ, "k1", True)
    keys = [f"k{i}" for i in range(500)]
    step = state.set_flag(Flag.READ, keys, True)
    assert step is not None and len(step.keys) == 499  # k1 was read already
    assert step.describe() == "marked 499 articles read"
    assert state.counts() == TriageCounts(read=500)
    assert state.undo() == step
    assert state.counts() == TriageCounts(read=1) and state.is_read("k1")


def test_multi_level_undo_covers_every_action(state: TriageState) -> None:
    state.set_flag(Flag.READ, "a", True)
    state.set_flag(Flag.STARRED, ["a", "b"], True)
    state.set_flag(Flag.ARCHIVED, "b", True)
    state.set_flag(Flag.READ, "a", False)
    assert state.undo_depth() == 4
    expected = [
        {"a": TriageFlags(read=True, starred=True), "b": TriageFlags(starred=True, archived=True)},
        {"a": TriageFlags(read=True, starred=True), "b": TriageFlags(starred=True)},
        {"a": TriageFlags(read=True), "b": TriageFlags()},
        {"a": TriageFlags(), "b": TriageFlags()},
    ]
    for flags in expected:
        assert state.undo() is not None
        assert {key: state.flags(key) for key in "ab"} == flags
    assert state.undo() is None


def test_undo_survives_a_restart(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as first:
        first.set_flag(Flag.READ, ["a", "b"], True)
        first.set_flag(Flag.STARRED, "c", True)
    with TriageState(feed, db) as second:
        assert second.is_read("a") and second.is_starred("c")
        step = second.peek_undo()
        assert step is not None and step.flag is Flag.STARRED and step.keys == ("c",)
        second.undo()
    with TriageState(feed, db) as third:
        assert not third.is_starred("c") and third.is_read("b")
        third.undo()
        assert third.counts() == TriageCounts()


def test_state_is_per_feed_folder(tmp_path: Path, feed: Path, db: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    link = tmp_path / "link"
    link.symlink_to(feed)
    with TriageState(feed, db) as first, TriageState(other, db) as second:
        first.set_flag(Flag.READ, "same-key", True)
        assert not second.is_read("same-key")
        assert second.undo() is None
    with TriageState(link, db) as via_link:
        assert via_link.is_read("same-key")


def test_two_instances_see_each_other_after_refresh(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as one, TriageState(feed, db) as two:
        one.set_flag(Flag.READ, "a", True)
        assert not two.is_read("a")
        assert two.refresh() is True and two.is_read("a")
        assert two.refresh() is False
        two.set_flag(Flag.STARRED, "b", True)
        assert one.refresh() and one.is_starred("b")
        # Undo works on the feed's shared log: the newest step, whoever made it.
        step = one.undo()
        assert step is not None and step.keys == ("b",)
        assert two.refresh() and not two.is_starred("b") and two.is_read("a")


def test_memory_stays_in_sync_when_another_instance_wrote_first(feed: Path, db: Path) -> None:
    with TriageState(feed, db) as one, TriageState(feed, db) as two:
        two.set_flag(Flag.STARRED, "x", True)
        one.set_flag(
            Flag.READ, "a", True
        )  # one had not refreshed: its action brings in two's change too
        assert one.is_starred("x") and one.is_read("a")


def test_counts_over_shown_keys(state: TriageState) -> None:
    state.set_flag(Flag.READ, ["a", "b", "gone"], True)
    state.set_flag(Flag.STARRED, "a", True)
    state.set_flag(Flag.ARCHIVED, "c", True)
    assert state.counts() == TriageCounts(read=3, starred=1, archived=1)
    assert state.counts(["a", "b", "c", "d"]) == TriageCounts(read=2, starred=1, archived=1)


def test_read_only_feed_folder_still_triages(feed: Path, db: Path) -> None:
    (feed / "a.md").write_text("---\ntitle: A\n---\n")
    feed.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with TriageState(feed, db) as state:
            state.set_flag(Flag.READ, "a.md", True)
            state.set_flag(Flag.STARRED, "a.md", True)
            state.set_flag(Flag.ARCHIVED, "a.md", True)
            assert state.flags("a.md") == TriageFlags(True, True, True)
        assert sorted(os.listdir(feed)) == ["a.md"]
    finally:
        feed.chmod(stat.S_IRWXU)


def test_read_only_open_never_creates_the_database(feed: Path, db: Path) -> None:
    with pytest.raises(TriageError):
        TriageState(feed, db, read_only=True)
    assert not db.exists()
    with TriageState(feed, db) as writer:
        writer.set_flag(Flag.READ, "a", True)
    with TriageState(feed, db, read_only=True) as reader:
        assert reader.is_read("a")
        with pytest.raises(PermissionError):
            reader.set_flag(Flag.READ, "b", True)


def test_database_settings(state: TriageState, db: Path) -> None:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_undo_log_keeps_the_newest_steps(
    state: TriageState, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert UNDO_DEPTH >= 100
    monkeypatch.setattr("tui_reader.data.triage.state.UNDO_DEPTH", 5)
    for index in range(8):
        state.set_flag(Flag.READ, f"k{index}", True)
    assert state.undo_depth() == 5
    while state.undo() is not None:
        pass
    assert [state.is_read(f"k{index}") for index in range(8)] == [True] * 3 + [False] * 5


def test_default_database_is_in_the_user_state_directory() -> None:
    assert default_db_path().is_relative_to(Path(os.environ["XDG_STATE_HOME"]))


def test_feed_root_of_an_article(feed: Path) -> None:
    article = Article(
        key="k", path=str(feed / "sub" / "a.md"), rel_path="sub/a.md", title="", provider=Provider()
    )
    assert feed_root_of(article) == os.path.realpath(feed)
    alone = Article(
        key="k", path=str(feed / "a.md"), rel_path="a.md", title="", provider=Provider()
    )
    assert feed_root_of(alone) == os.path.realpath(feed)


def test_publish_and_undo_restore_the_bytes(state: TriageState, feed: Path) -> None:
    original = b"---\r\ntitle: A # keep\r\npublished: false\r\n---\r\nbody\r\n"
    path = feed / "a.md"
    path.write_bytes(original)
    target = PublishTarget("a", str(path), Expected(sha256=read_version(str(path)).sha256))
    outcome = state.publish([target], True)
    assert outcome.step is not None and outcome.step.paths == (str(path),)
    assert outcome.step.describe() == "published 1 article"
    assert path.read_bytes() == original.replace(b"published: false", b"published: true")
    state.set_flag(Flag.READ, "a", True)
    state.undo()  # the read
    undone = state.undo()
    assert undone is not None and undone.kind == "publish"
    assert path.read_bytes() == original


def test_bulk_publish_reports_refusals_and_is_one_step(state: TriageState, feed: Path) -> None:
    good = feed / "good.md"
    good.write_bytes(b"---\ntitle: G\n---\n")
    same = feed / "same.md"
    same.write_bytes(b"---\npublished: true\n---\n")
    changed = feed / "changed.md"
    changed.write_bytes(b"---\ntitle: C\n---\n")
    seen = read_version(str(changed))
    changed.write_bytes(b"---\ntitle: C2\n---\n")
    targets = [
        PublishTarget(name, str(feed / f"{name}.md"), Expected(sha256=read_version(str(p)).sha256))
        for name, p in (("good", good), ("same", same))
    ] + [PublishTarget("changed", str(changed), Expected(sha256=seen.sha256))]
    outcome = state.publish(targets, True)
    assert outcome.step is not None and outcome.step.keys == ("good",)
    assert outcome.unchanged == ("same",)
    assert [error.path for error in outcome.refused] == [str(changed)]
    assert "changed on disk" in str(outcome.refused[0])
    assert changed.read_bytes() == b"---\ntitle: C2\n---\n"
    assert state.undo_depth() == 1


def test_undo_of_publish_refuses_a_file_changed_since(state: TriageState, feed: Path) -> None:
    path = feed / "a.md"
    path.write_bytes(b"---\ntitle: A\n---\n")
    sha = read_version(str(path)).sha256
    state.publish([PublishTarget("a", str(path), Expected(sha256=sha))], True)
    path.write_bytes(b"---\ntitle: edited\npublished: true\n---\n")
    with pytest.raises(WriteBackError, match="changed on disk since it was published"):
        state.undo()
    assert path.read_bytes() == b"---\ntitle: edited\npublished: true\n---\n"
    assert state.undo_depth() == 1
    discarded = state.discard_last_step()
    assert discarded is not None and state.undo_depth() == 0


def test_undo_of_a_publish_whose_write_never_happened(
    state: TriageState, feed: Path, db: Path
) -> None:
    """A crash between recording the step and writing the file: undo has nothing to do."""
    path = feed / "a.md"
    original = b"---\ntitle: A\n---\n"
    path.write_bytes(original)
    sha = read_version(str(path)).sha256
    state.publish([PublishTarget("a", str(path), Expected(sha256=sha))], True)
    path.write_bytes(original)  # as if the write had not happened
    assert state.undo() is not None
    assert path.read_bytes() == original and state.undo_depth() == 0


def list_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, object]]:
    assert main(["--list", "--json", "--no-cache", *args]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {str(row["id"]): row for row in rows}


def test_list_json_shows_triage_state(
    capsys: pytest.CaptureFixture[str], feed: Path, db: Path
) -> None:
    (feed / "a.md").write_text("---\ntitle: A\n---\n")
    (feed / "b.md").write_text("---\ntitle: B\nwebUrl: https://example.org/b\n---\n")
    rows = list_json(capsys, "--state", str(db), str(feed))
    assert all(not (r["read"] or r["starred"] or r["archived"]) for r in rows.values())
    assert not db.exists()  # --list never creates the database
    with TriageState(feed, db) as state:
        state.set_flag(Flag.READ, ["a.md", "https://example.org/b"], True)
        state.set_flag(Flag.STARRED, "https://example.org/b", True)
        state.set_flag(Flag.ARCHIVED, "a.md", True)
    rows = list_json(capsys, "--state", str(db), str(feed))
    assert {key: (r["read"], r["starred"], r["archived"]) for key, r in rows.items()} == {
        "a.md": (True, False, True),
        "https://example.org/b": (True, True, False),
    }
    # A single file given alone shares the state of its folder.
    single = list_json(capsys, "--state", str(db), str(feed / "a.md"))
    assert single["a.md"]["archived"] is True


def test_list_json_uses_the_default_state_database(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    (feed / "a.md").write_text("---\ntitle: A\n---\n")
    with TriageState(feed) as state:
        state.set_flag(Flag.STARRED, "a.md", True)
    assert list_json(capsys, str(feed))["a.md"]["starred"] is True


def test_two_instances_writing_at_once_lose_nothing(feed: Path, db: Path) -> None:
    """Two sessions on one feed: SQLite's lock and busy_timeout serialise them."""
    errors: list[BaseException] = []

    def session(name: str) -> None:
        try:
            with TriageState(feed, db) as state:
                for index in range(40):
                    state.set_flag(Flag.READ, f"{name}-{index}", True)
                    state.set_flag(Flag.STARRED, [f"{name}-{index}", "shared"], True)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=session, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with TriageState(feed, db) as state:
        assert all(state.is_read(f"{n}-{i}") for n in ("one", "two") for i in range(40))
        assert state.undo_depth() == 160
