"""Full-text search of bodies and excerpts (SQLite FTS5 beside the metadata cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.data import body_documents, body_index
from tui_reader.data.body_index import BodyIndex, BodyProgress, BodyQuery
from tui_reader.data.body_snippets import snippet
from tui_reader.data.feed_bodies import FeedBodies
from tui_reader.data.session import load_feed
from tui_reader.data.store import Store
from tui_reader.query import Matcher, QueryError

BODIES = {
    "future.md": (
        "Campaign Launch",
        "2021-06-10",
        "A campaign to fight for the future of privacy.",
    ),
    "scattered.md": ("Other Story", "2021-06-11", "The future is bright; we fight on for it."),
    "zurich.md": ("Cafés", "2021-06-12", "Das Café in Zürich öffnet wieder."),
    "plain.md": ("Plain", "2021-06-13", "Nothing about surveillance here? Surveillance twice."),
}


def write(folder: Path, name: str, title: str, day: str, body: str, excerpt: str = "") -> Path:
    lines = [f'title: "{title}"', f"publishedDateTime: {day}T10:00:00Z"]
    if excerpt:
        lines.append(f'excerpt: "{excerpt}"')
    path = folder / name
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body + "\n", encoding="utf-8")
    return path


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, (title, day, body) in BODIES.items():
        write(folder, name, title, day, body)
    write(
        folder, "excerpt.md", "Only an excerpt", "2021-06-14", "", excerpt="Rekognition moratorium"
    )
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def names(index: BodyIndex, query: BodyQuery) -> list[str]:
    """The files matching ``query``, best first (BM25), else by name."""
    paths = dict(index.documents())
    hits = index.search(query)
    scores = hits.scores or [0.0] * len(hits.ids)
    return [
        name
        for _, name in sorted(
            zip(scores, (os.path.basename(paths[i]) for i in hits.ids), strict=True)
        )
    ]


def test_word_phrase_prefix_and_diacritics(feed: Path, cache: Path) -> None:
    index = BodyIndex(str(feed), cache)
    assert index.update() == BodyProgress(5, 5)
    assert sorted(names(index, BodyQuery("future"))) == ["future.md", "scattered.md"]
    # A phrase needs its words in a row; the other file has them apart.
    assert names(index, BodyQuery("fight for the future", phrase=True)) == ["future.md"]
    assert names(index, BodyQuery("surveil", prefix=True)) == ["plain.md"]
    assert names(index, BodyQuery("surveil")) == []  # a word is a whole token
    # Accents and case fold both ways.
    assert names(index, BodyQuery("zurich")) == ["zurich.md"]
    assert names(index, BodyQuery("CAFE")) == ["zurich.md"]
    assert names(index, BodyQuery("offnet")) == ["zurich.md"]
    # The excerpt of the front matter is searched with the body.
    assert names(index, BodyQuery("rekognition")) == ["excerpt.md"]


def test_query_syntax_in_the_text_has_no_meaning(feed: Path, cache: Path) -> None:
    index = BodyIndex(str(feed), cache)
    index.update()
    for text in ("future OR zurich", "NEAR(future fight)", "text:future", '"', "*", "-future"):
        index.search(BodyQuery(text))  # no error: every word is quoted
    assert names(index, BodyQuery("future OR zurich")) == []


def test_bm25_ranks_the_denser_match_first(feed: Path, cache: Path) -> None:
    write(feed, "dense.md", "Dense", "2021-06-01", "Surveillance, surveillance, surveillance.")
    index = BodyIndex(str(feed), cache)
    index.update()
    assert names(index, BodyQuery("surveillance")) == ["dense.md", "plain.md"]


def test_update_reads_only_what_changed(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = BodyIndex(str(feed), cache)
    index.update()
    read: list[str] = []
    original = body_documents.read_document

    def counting(path: str, via_link: bool, limit: int) -> str:
        read.append(os.path.basename(path))
        return original(path, via_link, limit)

    monkeypatch.setattr(body_documents, "read_document", counting)
    assert index.update() == BodyProgress(5, 5)
    assert read == []  # warm: nothing changed, nothing read
    path = write(feed, "zurich.md", "Cafés", "2021-06-12", "Jetzt in Basel.")
    os.utime(path, ns=(1, 1))  # a different mtime even within the clock's resolution
    (feed / "plain.md").unlink()
    assert index.update() == BodyProgress(4, 4)
    assert read == ["zurich.md"]
    assert names(index, BodyQuery("zurich")) == []  # the old text no longer matches
    assert names(index, BodyQuery("basel")) == ["zurich.md"]
    assert names(index, BodyQuery("surveillance")) == []  # the deleted file is gone
    assert index.progress() == BodyProgress(4, 4)


def test_dead_rows_are_rebuilt_away(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(body_index, "REBUILD_DEAD", 1)
    rebuilt: list[bool] = []
    clear = body_index.clear
    monkeypatch.setattr(body_index, "clear", lambda db: (rebuilt.append(True), clear(db)))
    index = BodyIndex(str(feed), cache)
    index.update()
    for round_ in range(3):
        path = write(feed, "future.md", "Campaign", "2021-06-10", f"Round {round_} of the future.")
        os.utime(path, ns=(round_ + 10, round_ + 10))
        index.update()
    # Two dead rows (more than REBUILD_DEAD, and a quarter of 5): the third update
    # rebuilt the index from the files.
    assert rebuilt == [True]
    assert sorted(names(index, BodyQuery("future"))) == ["future.md", "scattered.md"]
    assert names(index, BodyQuery("round 2", phrase=True)) == ["future.md"]
    assert names(index, BodyQuery("round 1", phrase=True)) == []


def test_searches_answer_over_what_is_indexed_so_far(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(body_index, "BATCH_FILES", 2)
    index = BodyIndex(str(feed), cache)
    seen: list[BodyProgress] = []

    def cancel_after_first_batch() -> bool:
        return len(seen) >= 2

    index.update(progress=seen.append, cancelled=cancel_after_first_batch)
    assert seen == [BodyProgress(0, 5), BodyProgress(2, 5)]
    assert index.progress() == BodyProgress(2, 5)
    assert not index.progress().complete
    # Files are indexed in path order: excerpt.md and future.md are in.
    assert names(index, BodyQuery("future")) == ["future.md"]
    index.update(progress=seen.append)
    assert seen[-1] == BodyProgress(5, 5)
    assert sorted(names(index, BodyQuery("future"))) == ["future.md", "scattered.md"]


def test_unsafe_files_are_not_followed(feed: Path, cache: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    write(tmp_path, "secret.md", "Secret", "2021-06-01", "classified payload")
    (feed / "link.md").symlink_to(outside)
    os.mkfifo(feed / "pipe.md")  # a plain open() would hang on it
    index = BodyIndex(str(feed), cache)
    index.update()
    assert names(index, BodyQuery("classified")) == []


def test_snippet_is_one_safe_line_around_the_hit() -> None:
    text = "Intro line.\n\nThe \x1b[31mdigital\x1b[0m group Fight for the Future launched it."
    found = snippet(text, [BodyQuery("fight for the future", phrase=True)])
    assert "\x1b" not in found.text and "\n" not in found.text
    assert [found.text[a:b] for a, b in found.spans] == ["Fight for the Future"]
    assert snippet("Zürich café", [BodyQuery("zurich")]).spans == ((0, 6),)


def test_snippet_of_a_hit_deep_in_a_long_body() -> None:
    text = "filler words here. " * 2000 + "The Fight for the Future group. " + "tail " * 500
    found = snippet(text, [BodyQuery("fight for the future", phrase=True)])
    assert found.text.startswith("…") and found.text.endswith("…")
    assert [found.text[a:b] for a, b in found.spans] == ["Fight for the Future"]
    # The earliest hit of any query wins: "group" comes before the first "tail".
    both = snippet(text, [BodyQuery("tail"), BodyQuery("group")])
    assert next(both.text[a:b] for a, b in both.spans) == "group"
    assert snippet("no hit in here", [BodyQuery("absent")]).text == "no hit in here"


def test_matcher_body_terms_rank_and_snippet(feed: Path, cache: Path) -> None:
    store = Store(load_feed([str(feed)], use_cache=False).articles)
    bodies = FeedBodies([str(feed)], cache)
    with pytest.raises(QueryError):
        Matcher(store).run("body:future")  # no body index: said, not ignored
    bodies.update()
    matcher = Matcher(store, bodies)
    result = matcher.run("body:surveil*")
    assert [store[uid].rel_path for uid in result.uids] == ["plain.md"]
    assert result.body_progress == BodyProgress(5, 5)
    uid = result.uids[0]
    found = result.snippet(uid)
    assert found is not None
    assert [found.text[a:b] for a, b in found.spans] == ["surveillance", "Surveillance"]
    phrase = matcher.run('body:"fight for the future"')
    assert [store[uid].rel_path for uid in phrase.uids] == ["future.md"]
    # With free words: they rank, the body term filters.
    assert [store[u].rel_path for u in matcher.run("campaign body:future").uids] == ["future.md"]
    assert [store[u].rel_path for u in matcher.run("!body:future body:fight").uids] == []
