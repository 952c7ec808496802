"""Stories follow the feed: new, changed and removed files are placed without clustering
the feed again, the result is what a full build gives, and a warm start reads the story
cache instead of clustering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from story_support import partition

from tui_reader.data.session import FeedSession
from tui_reader.data.stories import story_builder
from tui_reader.data.stories.feed_stories import FeedStories, story_cache_for
from tui_reader.resources import sample_feed_dir

NEW_REPORT = """---
title: "Drawbridge on Alder Street Closed as Girder Cracks Found"
publishedDateTime: 2026-08-11T21:00:00Z
webUrl: "https://coastalcurrent.example/2026/08/11/alder-drawbridge"
provider: Coastal Current
quality: 80
---

The city closed the Alder Street Bridge on Tuesday, after inspectors found cracks in two of
the 1958 drawbridge's main steel girders. City engineer Lorna Vasquez said the bridge, which
carries about 21,000 vehicles a day over the Kessel River, stays shut to all traffic while
crews run ultrasonic tests; drivers are detoured to the Marsh Avenue crossing.
"""
ALDER = {
    "040_alder-street-bridge-closed.md",
    "041_alder-bridge-shut-drivers-detoured.md",
    "042_alder-closure-bus-detours.md",
    "043_alder-street-bridge-closed-newsletter-copy.md",
}


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    shutil.copytree(sample_feed_dir(), folder)
    return folder


def open_feed(feed: Path, cache: Path | None = None) -> FeedSession:
    session = FeedSession([str(feed)], use_cache=cache is not None, cache_dir=cache)
    session.load_all()
    return session


def full_build(session: FeedSession) -> set[frozenset[str]]:
    fresh = FeedStories(session.store)
    fresh.prepare()
    return partition(fresh)


def count_full_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    builds: list[int] = []
    real = story_builder.StoryBuilder.build

    def counting(self, articles, generation):  # type: ignore[no-untyped-def]
        builds.append(len(articles))
        real(self, articles, generation)

    monkeypatch.setattr(story_builder.StoryBuilder, "build", counting)
    return builds


def test_a_new_report_joins_its_story_without_a_full_build(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_feed(feed)
    stories = FeedStories(session.store)
    stories.prepare()
    builds = count_full_builds(monkeypatch)
    (feed / "070_alder-coastal-current.md").write_text(NEW_REPORT, encoding="utf-8")
    session.apply(session.poll())
    stories.prepare()
    assert builds == []
    assert ALDER | {"070_alder-coastal-current.md"} in partition(stories)
    # The new report has the best quality: it leads the story now.
    uid = next(a.uid for a in session.store if a.rel_path.startswith("070_"))
    assert stories.current.lead(uid) == uid
    assert partition(stories) == full_build(session)


@pytest.mark.parametrize("ahead", [False, True], ids=["postings-when-needed", "postings-ahead"])
def test_reports_with_no_date_are_placed_against_every_day_as_a_full_build_places_them(
    feed: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    session = open_feed(feed)
    stories = FeedStories(session.store)
    stories.prepare()
    if ahead:  # as the app's prepare worker does
        stories.prepare_updates()
    builds = count_full_builds(monkeypatch)
    undated = "\n".join(line for line in NEW_REPORT.split("\n") if "DateTime" not in line)
    other_copy = undated.replace("alder-drawbridge", "alder-girders")
    radio = "---\ntitle: Night Owl Radio Schedule\n---\nJazz until midnight, then calls.\n"
    radio_again = radio.replace("calls.", "calls on the night owl line.")
    steps = [
        # The first update that places a report with no date builds the feed's postings
        # (unless they were built ahead); the next ones read them, kept up to date by
        # every change.
        ({"070_alder-undated.md": undated}, ALDER | {"070_alder-undated.md"}),
        (
            {"070_alder-undated.md": radio, "071_alder-undated-again.md": other_copy},
            ALDER | {"071_alder-undated-again.md"},
        ),
        (
            {
                "072_radio-undated.md": radio_again,
                "071_alder-undated-again.md": None,
                "069_scraped-undated-ferry-strike.txt": None,
            },
            {"070_alder-undated.md", "072_radio-undated.md"},
        ),
    ]
    for step, expected in steps:
        for name, text in step.items():
            if text is None:
                (feed / name).unlink()
            else:
                (feed / name).write_text(text, encoding="utf-8")
        session.apply(session.poll())
        stories.prepare()
        assert builds == []
        found = partition(stories)
        assert expected in found
        assert found == full_build(session)
        builds.clear()


def test_a_changed_report_leaves_its_story_and_a_removed_one_is_gone(feed: Path) -> None:
    session = open_feed(feed)
    stories = FeedStories(session.store)
    stories.prepare()
    changed = feed / "041_alder-bridge-shut-drivers-detoured.md"
    changed.write_text(
        "---\ntitle: Night Owl Radio Schedule\npublishedDateTime: 2026-08-11T17:40:00Z\n---\n"
        "Tonight's programs: jazz until midnight, then the overnight call-in show.\n",
        encoding="utf-8",
    )
    (feed / "042_alder-closure-bus-detours.md").unlink()
    session.apply(session.poll())
    stories.prepare()
    groups = partition(stories)
    assert {
        "040_alder-street-bridge-closed.md",
        "043_alder-street-bridge-closed-newsletter-copy.md",
    } in groups
    assert all(changed.name not in group for group in groups)
    assert groups == full_build(session)


def test_removing_the_report_that_linked_two_others_is_decided_again(feed: Path) -> None:
    session = open_feed(feed)
    stories = FeedStories(session.store)
    stories.prepare()
    for name in (
        "040_alder-street-bridge-closed.md",
        "043_alder-street-bridge-closed-newsletter-copy.md",
    ):
        (feed / name).unlink()
    session.apply(session.poll())
    stories.prepare()
    assert partition(stories) == full_build(session)


def test_a_warm_start_reads_the_story_cache_instead_of_clustering(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    session = open_feed(feed, cache)
    first = FeedStories(session.store, story_cache_for(session))
    first.prepare()
    cache_file = story_cache_for(session).path  # type: ignore[union-attr]
    assert cache_file.exists()
    builds = count_full_builds(monkeypatch)
    again = open_feed(feed, cache)
    warm = FeedStories(again.store, story_cache_for(again))
    warm.prepare()
    assert builds == []
    assert partition(warm) == partition(first)
    ids = {a.rel_path: warm.current.story_id(a.uid) for a in again.store}
    assert ids == {a.rel_path: first.current.story_id(a.uid) for a in session.store}


def test_a_warm_start_places_the_files_changed_while_the_app_was_closed(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    session = open_feed(feed, cache)
    FeedStories(session.store, story_cache_for(session)).prepare()
    (feed / "070_alder-coastal-current.md").write_text(NEW_REPORT, encoding="utf-8")
    (feed / "042_alder-closure-bus-detours.md").unlink()
    builds = count_full_builds(monkeypatch)
    again = open_feed(feed, cache)
    warm = FeedStories(again.store, story_cache_for(again))
    warm.prepare()
    assert builds == []
    expected = ALDER - {"042_alder-closure-bus-detours.md"} | {"070_alder-coastal-current.md"}
    assert expected in partition(warm)
    assert partition(warm) == full_build(again)


def test_a_warm_start_links_a_new_report_to_a_story_it_did_not_change(
    feed: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    session = open_feed(feed, cache)
    FeedStories(session.store, story_cache_for(session)).prepare()
    (feed / "070_alder-coastal-current.md").write_text(NEW_REPORT, encoding="utf-8")
    again = open_feed(feed, cache)
    warm = FeedStories(again.store, story_cache_for(again))
    warm.prepare()
    assert ALDER | {"070_alder-coastal-current.md"} in partition(warm)
    assert partition(warm) == full_build(again)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],
        lambda data: b"NOTMINE!" + data[8:],
        lambda data: data[:40] + b"\xff" * 16 + data[56:],
        lambda data: b"",
    ],
)
def test_a_damaged_story_cache_is_ignored_and_rewritten(
    feed: Path, tmp_path: Path, damage: object
) -> None:
    cache = tmp_path / "cache"
    session = open_feed(feed, cache)
    expected = FeedStories(session.store, story_cache_for(session))
    expected.prepare()
    path = story_cache_for(session).path  # type: ignore[union-attr]
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    again = open_feed(feed, cache)
    warm = FeedStories(again.store, story_cache_for(again))
    warm.prepare()
    assert partition(warm) == partition(expected)
    assert story_cache_for(again).load() is not None  # type: ignore[union-attr]


def test_an_unwritable_story_cache_is_reported_not_raised(feed: Path, tmp_path: Path) -> None:
    from tui_reader.data.stories.story_cache import StoryCache
    from tui_reader.data.stories.story_params import DEFAULT_PARAMS

    session = open_feed(feed)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("in the way", encoding="utf-8")
    stories = FeedStories(session.store, StoryCache([str(feed)], not_a_folder, DEFAULT_PARAMS))
    stories.prepare()
    assert stories.error is not None and "cannot write stories" in stories.error.reason
    assert ALDER in partition(stories)
