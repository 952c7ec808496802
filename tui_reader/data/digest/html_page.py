"""A digest as one self-contained HTML page: styles inline, nothing fetched, no script.

Every feed text is HTML-escaped (quotes too), only http(s) URLs become links, and the
page's Content-Security-Policy forbids scripts and fetches, so even markup that slipped
through could neither run nor call home.
"""

from __future__ import annotations

import html

from tui_reader.data.digest.fields import (
    day_of,
    heading_of,
    link_of,
    provider_of,
    timestamp,
    title_of,
)
from tui_reader.data.digest.model import Digest
from tui_reader.data.sanitize import clean_block, clean_line

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
    title, summary = heading_of(digest)
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
            url = link_of(article)
            name = _h(title_of(article))
            link = (
                f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{name}</a>'
                if url
                else name
            )
            out += ["<article>", f"<{heading}>{link}</{heading}>"]
            meta = [_h(part) for part in (provider_of(article),) if part]
            if article.published_at is not None:
                moment = timestamp(article.published_at)
                meta.append(f'<time datetime="{_h(moment)}">{day_of(article.published_at)}</time>')
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
