"""Stories in the filter and the CLI: ``story:ID``, ``is:repeat``, one row a story,
``--list --json`` story fields and ``--list --stories``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_BODY, SEED_FRONT_MATTER

from tui_reader.cli import main
from tui_reader.data.session import FeedSession
from tui_reader.data.stories.feed_stories import FeedStories
from tui_reader.data.stories.story_groups import group_by_story
from tui_reader.query import Matcher, QueryError, parse
from tui_reader.query.atoms import RepeatTerm, StoryTerm

SEEDS = {SEED_FRONT_MATTER, SEED_BODY, "002_protest-amazon-surveillance-empire.md"}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    from tui_reader.resources import sample_feed_dir

    session = FeedSession([str(sample_feed_dir())], use_cache=False)
    session.load_all()
    stories = FeedStories(session.store)
    stories.prepare()
    return Matcher(session.store, stories=stories)


def names(matcher: Matcher, query: str, **options: bool) -> list[str]:
    store = matcher.store
    return [store[uid].rel_path for uid in matcher.run(query, **options).uids]


def seed_story_id(matcher: Matcher) -> str:
    seed = next(a for a in matcher.store if a.rel_path == SEED_FRONT_MATTER)
    return matcher.stories.current.story_id(seed.uid)


def test_the_grammar_has_story_and_is_repeat() -> None:
    query = parse("story:ABC123 is:repeat")
    atoms = [term.atom for clause in query.clauses for term in clause.terms]
    assert atoms == [StoryTerm("abc123"), RepeatTerm()]
    with pytest.raises(QueryError) as raised:
        parse("story:")
    assert raised.value.incomplete
    with pytest.raises(QueryError) as raised:
        parse("is:rep")
    assert raised.value.incomplete and "repeat" in raised.value.message


def test_story_id_selects_the_reports_of_one_story(matcher: Matcher) -> None:
    assert set(names(matcher, f"story:{seed_story_id(matcher)}")) == SEEDS
    assert set(names(matcher, f"story:{seed_story_id(matcher).upper()}")) == SEEDS
    assert names(matcher, "story:0000000000") == []


def test_a_story_of_one_has_an_id_too(matcher: Matcher) -> None:
    alone = next(a for a in matcher.store if a.rel_path.startswith("007_"))
    story_id = matcher.stories.current.story_id(alone.uid)
    assert names(matcher, f"story:{story_id}") == [alone.rel_path]


def test_is_repeat_is_every_report_but_the_best_of_each_story(matcher: Matcher) -> None:
    stories = matcher.stories.current
    repeats = set(names(matcher, "is:repeat"))
    expected = {
        matcher.store[uid].rel_path
        for members in stories.multi_member_stories()
        for uid in members[1:]
    }
    assert repeats == expected and repeats
    assert set(names(matcher, "!is:repeat")).isdisjoint(repeats)
    # Not the JSON "duplicate" flag (the same key): a copy under another URL is a repeat.
    assert "043_alder-street-bridge-closed-newsletter-copy.md" in repeats


def test_one_row_a_story_shows_the_best_report_matched(matcher: Matcher) -> None:
    rows = names(matcher, "", one_per_story=True)
    stories = matcher.stories.current
    assert len(rows) == len(matcher.store) - stories.repeat_count
    assert len(set(rows) & SEEDS) == 1
    # Only a repeat matches: it stands for its story.
    only = names(matcher, "Thalen | 'Civil rights groups call", one_per_story=True)
    assert only == [SEED_BODY]
    # The whole story matches: its best report, whatever the order of the list.
    amazon = names(matcher, "amazon surveillance", one_per_story=True)
    assert SEEDS & set(amazon) == {"000_21932401d9f8cf9f.txt"}


def test_a_result_of_one_row_a_story_counts_the_other_reports(matcher: Matcher) -> None:
    result = matcher.run("alder", one_per_story=True)
    closed = next(uid for uid in result.uids if matcher.store[uid].rel_path.startswith("040_"))
    assert result.other_reports(closed) == 3
    assert matcher.run("alder").other_reports(closed) == 0


def test_group_by_story_keeps_the_order_given(matcher: Matcher) -> None:
    articles = [matcher.store[uid] for uid in matcher.run("").uids]
    groups = group_by_story(articles, matcher.stories.current)
    assert [a for group in groups for a in group] != [] and sum(map(len, groups)) == len(articles)
    seeds = next(group for group in groups if group[0].rel_path in SEEDS)
    assert {a.rel_path for a in seeds} == SEEDS
    firsts = [group[0] for group in groups]
    assert firsts == sorted(firsts, key=articles.index)


# -- the CLI ----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(list(args)) == 0
    return capsys.readouterr().out.splitlines()


def test_list_json_carries_a_stable_story_id_and_size(
    capsys: pytest.CaptureFixture[str], sample_feed: Path, tmp_path: Path
) -> None:
    cache = str(tmp_path / "cache")
    cold = [
        json.loads(line) for line in run(capsys, "--json", "--cache-dir", cache, str(sample_feed))
    ]
    warm = [
        json.loads(line) for line in run(capsys, "--json", "--cache-dir", cache, str(sample_feed))
    ]
    assert cold == warm
    seeds = [row for row in cold if row["rel_path"] in SEEDS]
    assert len({row["story"] for row in seeds}) == 1 and {row["story_size"] for row in seeds} == {3}
    alone = next(row for row in cold if row["rel_path"].startswith("007_"))
    assert alone["story_size"] == 1 and alone["story"] not in {row["story"] for row in seeds}
    again = run(
        capsys, "--json", "--no-cache", str(sample_feed), "--query", f"story:{seeds[0]['story']}"
    )
    assert {json.loads(line)["rel_path"] for line in again} == SEEDS


def test_list_stories_prints_one_line_a_story(
    capsys: pytest.CaptureFixture[str], sample_feed: Path
) -> None:
    articles = int(run(capsys, "--count", "--no-cache", str(sample_feed))[0])
    repeats = int(run(capsys, "--count", "--no-cache", str(sample_feed), "--query", "is:repeat")[0])
    lines = run(capsys, "--stories", "--no-cache", str(sample_feed))
    assert len(lines) == articles - repeats > 0
    assert int(run(capsys, "--stories", "--count", "--no-cache", str(sample_feed))[0]) == len(lines)
    seed = next(line for line in lines if "Amazon" in line and "+2" in line)
    assert (
        seed.startswith("New Campaign to Fight Amazon's Push")
        and "(+2: Common Dreams, unknown provider)" in seed
    )
    rows = [
        json.loads(line)
        for line in run(capsys, "--stories", "--json", "--no-cache", str(sample_feed))
    ]
    assert len(rows) == len(lines)
    story = next(row for row in rows if row["story_size"] == 3 and "Amazon" in row["title"])
    assert len(story["members"]) == 3
    tsv = run(capsys, "--stories", "--format", "tsv", "--header", "--no-cache", str(sample_feed))
    assert tsv[0].split("\t") == ["story", "size", "title", "providers", "date"]
    assert len(tsv) == len(lines) + 1


def test_list_stories_of_a_query(capsys: pytest.CaptureFixture[str], sample_feed: Path) -> None:
    lines = run(capsys, "--stories", "--no-cache", str(sample_feed), "--query", "alder")
    assert len(lines) == 2  # the closure (4 reports) and the reopening
    assert sum("(+3:" in line for line in lines) == 1
