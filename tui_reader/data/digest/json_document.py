"""A digest as one JSON document, for scripts: the same entries as the other formats,
every text sanitised (valid UTF-8, no control characters) and nothing escaped twice."""

from __future__ import annotations

import json
from typing import Any

from tui_reader.data.digest.fields import link_of, provider_of, timestamp, title_of
from tui_reader.data.digest.model import Digest, DigestEntry
from tui_reader.data.sanitize import clean_block, clean_line


def json_document(digest: Digest) -> str:
    """The digest as one JSON document (sanitised text: valid UTF-8, no controls)."""
    document = {
        "query": digest.query,
        "group": digest.group_by or None,
        "count": digest.count,
        "groups": [
            {
                "name": group.name or None,
                "articles": [_entry_json(entry) for entry in group.entries],
            }
            for group in digest.groups
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _entry_json(entry: DigestEntry) -> dict[str, Any]:
    article = entry.article
    moment = article.published_at
    return {
        "id": clean_line(article.key),
        "title": title_of(article),
        "url": link_of(article) or None,
        "provider": provider_of(article),
        "published_at": timestamp(moment) if moment else None,
        "excerpt": entry.excerpt,
        "tags": list(entry.tags),
        "note": clean_block(entry.note),
        "topics": [clean_line(topic) for topic in article.topics],
        "rel_path": clean_line(article.rel_path),
    }
