"""One spelling for every URL of the same page: what makes two saved copies one story.

Two files whose URLs differ only in how a link was shared are the same article. The
canonical form (compared, never shown or opened) drops:

- the scheme (``http`` and ``https`` name the same page) and the case of the host;
- ``www.``, ``m.``/``mobile.`` (mobile editions) and ``amp.`` host prefixes, a default
  port and user info;
- AMP variants: a Google AMP cache address (``www-site-com.cdn.ampproject.org/c/s/…``)
  unwrapped, an ``amp`` path segment (``/amp/``, ``…/story/amp``), ``.amp`` before an
  extension (``story.amp.html``), and ``amp``/``outputType=amp`` parameters;
- tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``…) and the fragment;
- a trailing slash, a trailing ``index.html``, repeated slashes; the parameters left
  are sorted (their order never names another page).

The path keeps its case (servers treat it as case-sensitive). A value that is not an
absolute http(s) URL (a relative path, the key of a file without a URL) is returned
stripped, as it is.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from tui_reader.data.urls import MAX_URL_LENGTH

_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_AMP_CACHE = ".cdn.ampproject.org"
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "igsh", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
        "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "cmpid", "ito", "ncid",
        "ref", "ref_src", "ref_url", "referrer", "share", "smid", "sr_share", "at_medium",
        "at_campaign", "at_custom1", "at_custom2", "spm", "guccounter", "guce_referrer",
        "guce_referrer_sig", "amp", "outputtype", "__twitter_impression",
    }
)  # fmt: skip
"""Parameters that say how a link travelled, not which page it names (folded)."""
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_INDEX_PAGES = ("index.html", "index.htm", "index.php")


def canonical_url(url: str) -> str:
    """The form of ``url`` that every shared copy of the same page has."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not host or _has_space(host):
        return url  # a host with spaces is no web address (``http:// #``)
    path = parts.path
    if host.endswith(_AMP_CACHE):
        unwrapped = _unwrap_amp_cache(path, parts.query)
        if unwrapped is not None:
            return canonical_url(unwrapped)
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    query = _kept_query(parts.query)
    return f"//{host}{_canonical_path(path)}{'?' + query if query else ''}"


def _has_space(text: str) -> bool:
    return any(character.isspace() for character in text)


def _canonical_path(path: str) -> str:
    segments = [segment for segment in path.split("/") if segment]
    segments = [segment for segment in segments if segment.lower() != "amp"]
    if segments and segments[-1].lower() in _INDEX_PAGES:
        segments.pop()
    if segments:
        last = segments[-1]
        stem, dot, extension = last.rpartition(".")
        if dot and stem.lower().endswith(".amp"):
            segments[-1] = f"{stem[:-4]}.{extension}"
        elif last.lower().endswith(".amp"):
            segments[-1] = last[:-4]
    return "/" + "/".join(segments) if segments else ""


def _kept_query(query: str) -> str:
    if not query:
        return ""
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    return urlencode(sorted(kept)) if kept else ""


def _is_tracking(name: str) -> bool:
    folded = name.lower()
    return folded in TRACKING_PARAMETERS or folded.startswith(_TRACKING_PREFIXES)


def _unwrap_amp_cache(path: str, query: str) -> str | None:
    """``/c/s/www.site.com/story`` (``/s/`` for https) -> ``https://www.site.com/story``."""
    segments = path.split("/")
    # ['', 'c', 's', 'www.site.com', 'story'] or ['', 'v', 's', ...] or ['', 'c', 'www…']
    if len(segments) < 3 or segments[1] not in ("c", "v", "i"):
        return None
    rest = segments[2:]
    scheme = "http"
    if rest and rest[0] == "s":
        scheme, rest = "https", rest[1:]
    if not rest or "." not in rest[0]:
        return None
    return f"{scheme}://{'/'.join(rest)}{'?' + query if query else ''}"
