"""Turn a feed folder (Markdown with YAML front matter) into one RSS 2.0 file.

For the benchmark against newsboat: the same articles, in the format newsboat reads.
Each article becomes an ``<item>`` with its title, link (``webUrl``), guid, publication
date, provider (``<source>``) and, as the description, its excerpt and Markdown body, so
that newsboat stores as much text per article as tui-reader reads from each file.
Files without front matter or a title are skipped (and counted).

Needs PyYAML (a dependency of tui-reader): run it with the installed app's Python.

    python benchmarks/feed_to_rss.py FEED_DIR OUT.xml
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIXES = (".md", ".markdown", ".txt")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def text(value: str) -> str:
    """``value`` as XML character data."""
    return escape(_NOT_XML.sub("", value))


def split_front_matter(text: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, body) of a ``---`` delimited file, or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    data = yaml.load(text[3:end], Loader=Loader)  # a safe loader (C or Python)
    body_start = text.find("\n", end + 1)
    body = text[body_start + 1 :] if body_start >= 0 else ""
    return (data, body.strip()) if isinstance(data, dict) else None


def _date(value: object) -> str | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        return format_datetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    return None


def item(data: dict[str, Any], body: str) -> str | None:
    """One ``<item>`` element, or None without a title."""
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    link = data.get("webUrl") or data.get("originalUrl") or ""
    provider = data.get("provider")
    source = provider.get("name") if isinstance(provider, dict) else None
    domain = provider.get("domain") if isinstance(provider, dict) else None
    excerpt = data.get("excerpt") if isinstance(data.get("excerpt"), str) else ""
    parts = [f"<title>{text(title)}</title>"]
    if isinstance(link, str) and link:
        parts += [f"<link>{text(link)}</link>", f"<guid>{text(link)}</guid>"]
    published = _date(data.get("publishedDateTime"))
    if published:
        parts.append(f"<pubDate>{published}</pubDate>")
    if isinstance(source, str) and source:
        url = quoteattr(_NOT_XML.sub("", f"https://{domain}/" if domain else str(link)))
        parts.append(f"<source url={url}>{text(source)}</source>")
    description = "\n\n".join(part for part in (excerpt, body) if part)
    if description:
        parts.append(f"<description>{text(description)}</description>")
    return "<item>" + "".join(parts) + "</item>\n"


def convert(feed: Path, out: Path) -> tuple[int, int]:
    """Write ``out``; (items written, files skipped)."""
    written = skipped = 0
    temporary = out.with_suffix(out.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8") as rss:
        rss.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n')
        rss.write(f"<title>{text(feed.name)}</title><link>file://{text(str(feed))}</link>\n")
        rss.write(f"<description>{text(feed.name)} as RSS</description>\n")
        for folder, dirs, files in os.walk(feed):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(SUFFIXES):
                    continue
                content = (Path(folder) / name).read_text(encoding="utf-8", errors="replace")
                parsed = split_front_matter(content)
                element = item(*parsed) if parsed is not None else None
                if element is None:
                    skipped += 1
                    continue
                rss.write(element)
                written += 1
        rss.write("</channel></rss>\n")
    os.replace(temporary, out)
    return written, skipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("feed", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    written, skipped = convert(args.feed, args.out)
    print(f"{written} items, {skipped} files skipped -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
