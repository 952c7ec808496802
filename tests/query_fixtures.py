"""Small stores built from Article objects for the query tests."""

from __future__ import annotations

from datetime import UTC, datetime

from tui_reader.data.model import Article, Provider
from tui_reader.data.store import Store
from tui_reader.data.triage import FixedTriage, TriageFlags

DREAMS = Provider("Common Dreams", "commondreams.org")
WIRE = Provider("The Civic Wire", "civicwire.example")
ZURICH = Provider("Zürcher Zeitung", "zz.example")


def article(
    key: str,
    title: str,
    provider: Provider = WIRE,
    day: int = 1,
    **fields: object,
) -> Article:
    return Article(
        key=key,
        path=f"/feed/{key}.md",
        rel_path=f"{key}.md",
        title=title,
        provider=provider,
        published_at=datetime(2021, 6, day, tzinfo=UTC) if day else None,
        **fields,  # type: ignore[arg-type]
    )


def small_store() -> Store:
    return Store(
        [
            article(
                "amazon",
                "New Campaign to Fight Amazon's Push for World 'Dominated by Total Corporate "
                "Surveillance'",
                DREAMS,
                day=10,
                quality=30,
                heat=30,
                published=False,
                topics=("AWS AI", "AI"),
                category="news",
                type="article",
            ),
            article(
                "ring",
                "Ring Quietly Changes How Police Ask for Doorbell Footage",
                DREAMS,
                day=12,
                quality=55,
                heat=80,
                published=True,
                topics=("Privacy", "Policing"),
                category="news",
                type="video",
            ),
            article(
                "heat",
                "Warehouse Workers File Joint Heat-Safety Complaint",
                WIRE,
                day=20,
                quality=10,
                topics=("Labor",),
                category="business",
                type="article",
            ),
            article(
                "cafe",
                "Café Owners in Zürich Rally Against Rent Cap",
                ZURICH,
                day=25,
                quality=70,
                heat=5,
                published=True,
                topics=("Housing",),
                category="opinion",
                type="podcast",
            ),
            article("undated", "Dreams of a Common Transit Pass", WIRE, day=0),
        ]
    )


def flags(read: set[str], starred: set[str], archived: set[str]) -> FixedTriage:
    """A triage view that reads, stars and archives the given keys."""
    return FixedTriage(
        {
            key: TriageFlags(key in read, key in starred, key in archived)
            for key in read | starred | archived
        }
    )
