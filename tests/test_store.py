"""The store: lookups, facets, sorting, related resolution, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime

from tui_reader.data.model import Article, Provider
from tui_reader.data.store import SortKey, Store


def article(name: str, **fields: object) -> Article:
    values: dict[str, object] = {
        "key": f"https://ex.org/{name}",
        "path": f"/feed/{name}.md",
        "rel_path": f"{name}.md",
        "title": name.title(),
        "provider": Provider("Ex", "ex.org"),
        "original_url": f"https://ex.org/{name}",
        "web_url": f"https://ex.org/{name}",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def day(n: int) -> datetime:
    return datetime(2024, 1, n, tzinfo=UTC)


def test_lookup_by_uid_key_and_url() -> None:
    a = article("a", web_url="https://m.ex.org/a")
    store = Store([a])
    assert store[a.uid] is a and store.by_key("https://ex.org/a") == [a]
    assert store.by_url("https://m.ex.org/a") == [a] and store.resolve("https://ex.org/a") is a
    assert store.resolve("https://elsewhere.org") is None


def test_sorting_puts_unknowns_last_and_breaks_ties_by_date() -> None:
    a = article("a", published_at=day(1), heat=5, quality=None, provider=Provider("Zed", ""))
    b = article("b", published_at=day(3), heat=5, quality=9, provider=Provider("alpha", ""))
    c = article("c", published_at=None, heat=None, quality=1, provider=Provider("", ""))
    store = Store([a, b, c])
    order = {key: [store[u].title for u in store.sorted_uids(key)] for key in SortKey}
    assert order[SortKey.DATE] == ["B", "A", "C"]
    assert order[SortKey.HEAT] == ["B", "A", "C"]
    assert order[SortKey.QUALITY] == ["B", "C", "A"]
    assert order[SortKey.PROVIDER] == ["B", "A", "C"]
    assert order[SortKey.TITLE] == ["A", "B", "C"]


def test_facets() -> None:
    store = Store(
        [
            article("a", topics=("AI", "Privacy"), category="news", type="article"),
            article("b", topics=("AI",), category="news", type="video"),
            article("c", provider=Provider("Other", "o.org")),
        ]
    )
    facets = store.facets()
    assert facets.providers == {"Ex": 2, "Other": 1}
    assert facets.topics == {"AI": 2, "Privacy": 1}
    assert facets.categories == {"news": 2} and facets.types == {"article": 1, "video": 1}


def test_related_and_cited_by() -> None:
    a = article("a", related_urls=("https://ex.org/b", "https://outside.org/x"))
    b = article("b", related_urls=("https://ex.org/a",))
    c = article("c", related_urls=("https://ex.org/b",))
    store = Store([a, b, c])
    assert store.related_articles(a) == [b]
    assert store.cited_by(b) == [a, c] and store.cited_by(c) == []
    store.remove([c.uid])
    assert store.cited_by(b) == [a]


def test_duplicates_by_url() -> None:
    a, a2, b = article("a"), article("a", path="/feed/copy.md", rel_path="copy.md"), article("b")
    store = Store([a, a2, b])
    assert len(store) == 3 and store.is_duplicate(a) and not store.is_duplicate(b)
    assert store.duplicates_of(a) == [a2] and store.duplicate_keys() == ["https://ex.org/a"]


def test_replace_keeps_the_uid() -> None:
    a = article("a")
    store = Store([a])
    uid = a.uid
    store.replace(uid, article("a", title="Renamed"))
    assert store[uid].title == "Renamed" and store.by_key("https://ex.org/a")[0].uid == uid


def test_duplicates_come_and_go_in_order() -> None:
    a, a2, a3 = (article("a", path=f"/feed/{n}.md", rel_path=f"{n}.md") for n in "xyz")
    b = article("b")
    store = Store([a, b, a2, a3])
    assert store.by_key(a.key) == [a, a2, a3] and store.resolve(a.url) is a
    assert store.count_with_keys({a.key, b.key, "https://elsewhere.org"}) == 4
    store.remove([a.uid])
    assert store.by_url(a.url) == [a2, a3] and store.resolve(a.url) is a2
    assert store.related_articles(article("c", related_urls=(a.url,))) == [a2]
    store.remove([a2.uid])
    assert store.by_key(a.key) == [a3] and not store.is_duplicate(a3)
    assert store.duplicate_keys() == [] and store.count_with_keys({a.key}) == 1
    store.remove([a3.uid])
    assert store.by_key(a.key) == [] and store.resolve(a.url) is None
    assert store.count_with_keys({a.key, b.key}) == 1
