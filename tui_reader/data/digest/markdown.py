"""A digest as Markdown, every feed text escaped so that it renders as exactly itself.

A Markdown renderer would run what a title smuggles in (``[x](javascript:…)``,
``</a><script>``), so every character that would start markup is backslash-escaped and
only http(s) URLs become links, percent-encoded where a character could end the link.
"""

from __future__ import annotations

import re

from tui_reader.data.digest.fields import day_of, heading_of, link_of, provider_of, title_of
from tui_reader.data.digest.model import Digest
from tui_reader.data.sanitize import clean_block, clean_line

# Every character that can open inline markup, anywhere; those that only mean something
# at the start of a line (headings, lists, quotes, setext rules), there.
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
    title, summary = heading_of(digest)
    lines = [f"# {md_text(title)}", "", md_text(summary), ""]
    level = "###" if digest.group_by else "##"
    for group in digest.groups:
        if digest.group_by:
            lines += [f"## {md_text(group.name)}", ""]
        for entry in group.entries:
            article = entry.article
            url = link_of(article)
            name = md_text(title_of(article))
            lines.append(f"{level} [{name}]({_md_url(url)})" if url else f"{level} {name}")
            lines.append("")
            meta = [part for part in (provider_of(article), day_of(article.published_at)) if part]
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
