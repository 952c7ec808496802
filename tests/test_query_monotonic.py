"""Typing more never widens the result (issue 11), checked on article ids.

A feed of headlines from ``benchmarks/make_feed.py``'s vocabulary, and a few hundred
queries a reader would type (words of its titles, typos, abbreviations, providers,
topics, nonsense): for every query, every prefix's result holds the next one's.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from tui_reader.data.model import Article, Provider
from tui_reader.data.store import Store
from tui_reader.query import Matcher

MAKE_FEED = Path(__file__).resolve().parent.parent / "benchmarks" / "make_feed.py"
ARTICLES = 400
QUERIES = 300
_NOT_PLAIN = re.compile(r"""['"^!|$:]""")  # operators and field syntax, not plain words


def _make_feed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_feed", MAKE_FEED)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_feed", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_feed() -> ModuleType:
    if not MAKE_FEED.exists():
        pytest.fail(f"{MAKE_FEED} is part of the source tree and is needed here")
    return _make_feed()


@pytest.fixture(scope="module")
def store(make_feed: ModuleType) -> Store:
    articles = []
    for index in range(ARTICLES):
        core, rng = make_feed._core(0, index)
        name, domain = make_feed.PROVIDERS[core.provider]
        topics = tuple(make_feed.TOPICS[t] for t in rng.sample(range(len(make_feed.TOPICS)), 3))
        articles.append(
            Article(
                key=f"k{index}",
                path=f"/feed/{index}.md",
                rel_path=f"{index}.md",
                title=core.title,
                provider=Provider(name, domain),
                published_at=datetime.fromisoformat(core.when.replace("Z", "+00:00")).astimezone(
                    UTC
                ),
                topics=topics,
            )
        )
    return Store(articles)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    at = rng.randrange(1, len(word))
    kind = rng.randrange(4)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == 0:
        return word[:at] + letter + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        return word[:at] + letter + word[at:]
    at = min(at, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _abbreviation(word: str) -> str:
    return word[:1] + "".join(c for c in word[1:] if c.lower() not in "aeiou")


def realistic_queries(store: Store, make_feed: ModuleType) -> list[str]:
    rng = random.Random(2021)
    titles = [article.title for article in store]
    queries: list[str] = []
    while len(queries) < QUERIES:
        kind = rng.random()
        words = rng.choice(titles).split()
        start = rng.randrange(len(words))
        phrase = words[start : start + rng.randint(1, 3)]
        if kind < 0.4:
            query = " ".join(phrase)
        elif kind < 0.6:
            query = " ".join(_typo(w, rng) if i == 0 else w for i, w in enumerate(phrase))
        elif kind < 0.72:
            query = _abbreviation(max(words, key=len))
        elif kind < 0.82:
            query = rng.choice(make_feed.PROVIDERS)[0]
        elif kind < 0.9:
            query = rng.choice(make_feed.TOPICS) + " " + rng.choice(phrase)
        else:
            query = "".join(rng.choice("qwxzjkv") for _ in range(rng.randint(3, 8)))
        query = _NOT_PLAIN.sub("", query).strip()
        if query:
            queries.append(query[:20] if rng.random() < 0.5 else query.lower()[:20])
    return queries


def keys(store: Store, matcher: Matcher, text: str) -> set[str]:
    return {store[uid].key for uid in matcher.run(text).uids}


def test_typing_more_never_widens_the_result(store: Store, make_feed: ModuleType) -> None:
    queries = realistic_queries(store, make_feed)
    assert len(queries) == QUERIES
    matched_something = 0
    for query in queries:
        matcher = Matcher(store)  # one per query: typed as the filter bar would see it
        previous = keys(store, matcher, query[:1])
        for end in range(2, len(query) + 1):
            current = keys(store, matcher, query[:end])
            assert current <= previous, (query[: end - 1], query[:end], current - previous)
            previous = current
        matched_something += bool(previous)
    # The queries are realistic: most of them find something at full length.
    assert matched_something > QUERIES // 2


def test_typed_and_pasted_queries_give_the_same_articles(
    store: Store, make_feed: ModuleType
) -> None:
    typed = Matcher(store)
    for query in realistic_queries(store, make_feed)[:60]:
        for end in range(1, len(query) + 1):
            typed.run(query[:end])
        pasted = Matcher(store).run(query)
        assert list(typed.run(query).uids) == list(pasted.uids), query
