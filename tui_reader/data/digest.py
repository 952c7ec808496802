"""A digest of articles: title linked to its page, provider, date, excerpt, and the
reader's own tags and note, grouped and written as Markdown, HTML or JSON.

``tui-reader export`` and the app's ``x`` both come here: the caller runs the query and
hands over the articles in their order with their annotations; :func:`read_entries`
reads each excerpt from its file (``loader.load_detail``), :func:`group_entries` groups
them and :func:`render` writes the digest.

Feed text is untrusted, and a digest is read in a browser or a Markdown renderer, which
would run what a title smuggles in. So no text of a feed or of a note is ever written as
markup: HTML escapes every character that means something to HTML (the page also forbids
scripts in its Content-Security-Policy), Markdown backslash-escapes every character that
would start markup (a title such as ``[x](javascript:…)`` or ``</a><script>`` comes out as
those characters), and only http(s) URLs become links. Every text passes the project's
sanitiser first (no control or bidi character reaches a terminal or a file).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui_reader.data.loader import load_detail
from tui_reader.data.model import Article, ArticleDetail, LoadError
from tui_reader.data.sanitize import clean_block, clean_line, fold
from tui_reader.data.urls import is_web_url

FORMATS = ("md", "html", "json")
"""The formats a digest is written in (``--format``; a file name's suffix chooses too)."""
EXCERPT_CHARS = 600
"""An excerpt longer than this is cut at a word, with an ellipsis."""


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One article of a digest: what the file says, and what the reader added."""

    article: Article
    excerpt: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    story: tuple[int, str] | None = None
    """For ``--group story``: where the article's story comes among those of the digest
    (the order of their first report) and its heading (its best report's title)."""


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """A heading (empty when the digest is not grouped) and its articles, in order."""

    name: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """What a digest holds: the query it was made from, how it is grouped, the groups."""

    query: str
    group_by: str
    groups: tuple[DigestGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.groups)


# -- grouping ---------------------------------------------------------------------------

GroupKey = tuple[int, Any, str]
"""How a group sorts (rank, then a value) and its heading."""
Grouping = Callable[[DigestEntry], GroupKey]


def _by_provider(entry: DigestEntry) -> GroupKey:
    name = entry.article.provider.name or entry.article.provider.domain
    return (0, fold(name), name) if name else (1, "", "No provider")


def _by_topic(entry: DigestEntry) -> GroupKey:
    # An article is listed once, under its first topic (the file's own order).
    topics = entry.article.topics
    return (0, fold(topics[0]), topics[0]) if topics else (1, "", "No topic")


def _by_day(entry: DigestEntry) -> GroupKey:
    moment = entry.article.published_at
    if moment is None:
        return (1, 0, "Date unknown")
    day = moment.date()
    return (0, -day.toordinal(), day.isoformat())  # newest day first


def _by_story(entry: DigestEntry) -> GroupKey:
    if entry.story is None:  # no stories known: each article is its own
        return (1, entry.article.uid, entry.article.title)
    rank, heading = entry.story
    return (0, rank, heading)


GROUPINGS: dict[str, Grouping] = {
    "provider": _by_provider,
    "topic": _by_topic,
    "day": _by_day,
    "story": _by_story,
}
"""``--group`` by name: each maps an entry to its group. Providers and topics come in
name order, days newest first, stories in the order of their first report in the query's
order; inside a group the articles keep the order they came in (the query's). The CLI's
``--group`` choices follow from this table."""


def group_entries(entries: Sequence[DigestEntry], group_by: str = "") -> tuple[DigestGroup, ...]:
    """``entries`` in groups (one unnamed group when ``group_by`` is empty)."""
    if not group_by:
        return (DigestGroup("", tuple(entries)),) if entries else ()
    grouping = GROUPINGS[group_by]
    grouped: dict[tuple[int, Any], tuple[str, list[DigestEntry]]] = {}
    for entry in entries:
        rank, value, name = grouping(entry)
        found = grouped.setdefault((rank, value), (name, []))
        found[1].append(entry)
    return tuple(
        DigestGroup(name, tuple(members))
        for _, (name, members) in sorted(grouped.items(), key=lambda item: item[0])
    )


# -- reading ----------------------------------------------------------------------------


def excerpt_of(detail: ArticleDetail | LoadError) -> str:
    """The article's excerpt as one line, else the start of its body's first paragraph
    of text; cut to ``EXCERPT_CHARS`` (nothing when the file cannot be read)."""
    if isinstance(detail, LoadError):
        return ""
    text = clean_line(detail.excerpt)
    if not text:
        for paragraph in detail.body.split("\n\n"):
            line = clean_line(paragraph)
            if line and not line.startswith(("#", "!", "<", "|", "```", "---", ">")):
                text = line
                break
    if len(text) > EXCERPT_CHARS:
        cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text


Annotations = Callable[[Article], tuple[tuple[str, ...], str]]
"""An article's tags and note (the reader's)."""


def read_entries(
    articles: Iterable[Article],
    annotations: Annotations,
    read_detail: Callable[[Article], ArticleDetail | LoadError] = load_detail,
    story_of: Callable[[Article], tuple[int, str]] | None = None,
) -> list[DigestEntry]:
    """An entry per article, its excerpt read from its file (any thread: only files
    are read; ``annotations`` must be safe to call there); ``story_of`` gives each its
    story (for ``--group story``)."""
    entries = []
    for article in articles:
        tags, note = annotations(article)
        story = story_of(article) if story_of is not None else None
        entries.append(DigestEntry(article, excerpt_of(read_detail(article)), tags, note, story))
    return entries


def make_digest(entries: Sequence[DigestEntry], query: str, group_by: str = "") -> Digest:
    return Digest(clean_line(query), group_by, group_entries(entries, group_by))


# -- writing ----------------------------------------------------------------------------


def format_for(path: str, default: str = "md") -> str:
    """The format a file name asks for by its suffix (``.html``, ``.json``, ``.md``)."""
    lowered = path.lower()
    for suffix, name in ((".html", "html"), (".htm", "html"), (".json", "json"), (".md", "md")):
        if lowered.endswith(suffix):
            return name
    return default


def render(digest: Digest, format_name: str) -> str:
    """The digest as a document in ``format_name`` (one of ``FORMATS``)."""
    writers: dict[str, Callable[[Digest], str]] = {
        "md": markdown,
        "html": html_page,
        "json": json_document,
    }
    return writers[format_name](digest)


def _title(article: Article) -> str:
    return clean_line(article.title) or clean_line(article.rel_path)


def _provider(article: Article) -> str:
    return clean_line(article.provider.name or article.provider.domain)


def _date(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment is not None else ""


def _link(article: Article) -> str:
    """The article's page if it is an http(s) URL (anything else is never linked)."""
    url = article.web_url or article.original_url
    return url if is_web_url(url) else ""


def _heading(digest: Digest) -> tuple[str, str]:
    title = f"Digest: {digest.query}" if digest.query else "Digest"
    count = f"{digest.count:,} article{'s' if digest.count != 1 else ''}"
    return title, count + (f", by {digest.group_by}" if digest.group_by else "")


# Markdown: every character that can open inline markup, anywhere; those that only mean
# something at the start of a line (headings, lists, quotes, setext rules), there.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()<>!|~&^$])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+[.)])")


def md_text(text: str) -> str:
    """One line of text as Markdown that renders as exactly that text."""
    escaped = _MD_INLINE.sub(r"\\\1", clean_line(text))
    # Before the one punctuation character ("\#", "12\."): a backslash before a digit
    # is no escape and would show.
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped
    )


def _md_url(url: str) -> str:
    """A URL inside ``(...)``: the characters that could end it or open markup,
    percent-encoded (it is an http(s) URL without spaces or controls already)."""
    return "".join(f"%{ord(c):02X}" if c in "()<>[]\\`*_ \"'" else c for c in url)


def markdown(digest: Digest) -> str:
    title, summary = _heading(digest)
    lines = [f"# {md_text(title)}", "", md_text(summary), ""]
    level = "###" if digest.group_by else "##"
    for group in digest.groups:
        if digest.group_by:
            lines += [f"## {md_text(group.name)}", ""]
        for entry in group.entries:
            article = entry.article
            url = _link(article)
            name = md_text(_title(article))
            lines.append(f"{level} [{name}]({_md_url(url)})" if url else f"{level} {name}")
            lines.append("")
            meta = [part for part in (_provider(article), _date(article.published_at)) if part]
            if meta:
                lines += [md_text(" · ".join(meta)), ""]
            if entry.excerpt:
                lines += [md_text(entry.excerpt), ""]
            if entry.tags:
                lines += ["Tags: " + ", ".join(md_text(tag) for tag in entry.tags), ""]
            if entry.note:
                # One quoted line per line of the note (a backslash at the end of a
                # line is a hard line break).
                note = [md_text(line) for line in clean_block(entry.note).split("\n")]
                lines += [f"> {line}\\" if line else ">" for line in note[:-1]]
                lines += [f"> {note[-1]}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 44rem;
       padding: 0 1rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: 0; }
.summary, .meta { color: #555; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; margin-top: 2rem; }
article { margin: 1.25rem 0; }
article h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.meta, .tags { font-size: .9rem; margin: 0; }
.tags span { background: #eef; border-radius: .25rem; padding: 0 .35rem; margin-right: .25rem; }
blockquote { border-left: 3px solid #ccd; margin: .5rem 0; padding: 0 .75rem;
             white-space: pre-wrap; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #161616; } .summary, .meta { color: #aaa; }
  .tags span { background: #334; } h2 { border-color: #333; }
}
""".strip()


def _h(text: str) -> str:
    return html.escape(clean_line(text), quote=True)


def html_page(digest: Digest) -> str:
    """One self-contained HTML file (styles inline, nothing fetched, no script)."""
    title, summary = _heading(digest)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Defence in depth: even markup that slipped through could not run or fetch.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_h(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="summary">{_h(summary)}</p>',
    ]
    heading = "h3" if digest.group_by else "h2"
    for group in digest.groups:
        if digest.group_by:
            out.append(f"<section>\n<h2>{_h(group.name)}</h2>")
        for entry in group.entries:
            article = entry.article
            url = _link(article)
            name = _h(_title(article))
            link = (
                f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{name}</a>'
                if url
                else name
            )
            out += ["<article>", f"<{heading}>{link}</{heading}>"]
            meta = [_h(part) for part in (_provider(article),) if part]
            if article.published_at is not None:
                moment = article.published_at.isoformat().replace("+00:00", "Z")
                meta.append(f'<time datetime="{_h(moment)}">{_date(article.published_at)}</time>')
            if meta:
                out.append(f'<p class="meta">{" · ".join(meta)}</p>')
            if entry.excerpt:
                out.append(f"<p>{_h(entry.excerpt)}</p>")
            if entry.tags:
                spans = "".join(f"<span>{_h(tag)}</span>" for tag in entry.tags)
                out.append(f'<p class="tags">Tags: {spans}</p>')
            if entry.note:
                note = html.escape(clean_block(entry.note), quote=True)
                out.append(f"<blockquote>{note}</blockquote>")
            out.append("</article>")
        if digest.group_by:
            out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


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
        "title": _title(article),
        "url": _link(article) or None,
        "provider": _provider(article),
        "published_at": moment.isoformat().replace("+00:00", "Z") if moment else None,
        "excerpt": entry.excerpt,
        "tags": list(entry.tags),
        "note": clean_block(entry.note),
        "topics": [clean_line(topic) for topic in article.topics],
        "rel_path": clean_line(article.rel_path),
    }


def write_digest(path: str, text: str) -> str:
    """Write ``text`` to ``path`` atomically (a reader of the file never sees half of
    it; an existing file is replaced whole) and return the absolute path written.

    Raises OSError with the system's reason.
    """
    target = os.path.abspath(os.path.expanduser(path))
    folder = os.path.dirname(target)
    descriptor, temporary = tempfile.mkstemp(prefix=".digest-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target
