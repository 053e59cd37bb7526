"""The outlet of an article: who published it, from its URL.

An outlet is the *registered domain* of the URL's host (``www.bbc.co.uk`` -> ``bbc.co.uk``,
``edition.cnn.com`` -> ``cnn.com``), from the Public Suffix List snapshot bundled with tldextract
(never fetched), private section included, so ``someone.blogspot.com`` is an outlet of its own.
Two kinds of URL name a publication more narrowly than their registered domain:

- hosts under a *portal* domain, where each subdomain is a separate publication
  (:data:`PORTAL_DOMAINS`: ``abcnews.go.com`` is ABC News, ``espn.go.com`` is ESPN; newsletters
  on ``substack.com``): the outlet is the host without ``www.``;
- *wire sections*, where a site republishes a news agency's copy under a path of its own
  (:data:`WIRE_SECTIONS`: ``dailymail.co.uk/wires/ap/...`` is Associated Press copy as the Daily
  Mail runs it, not the Daily Mail's own reporting): the outlet keeps that path,
  ``dailymail.co.uk/wires/ap``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = ["PORTAL_DOMAINS", "WIRE_SECTIONS", "url_outlet"]

#: registered domains whose subdomains are separate publications
PORTAL_DOMAINS = frozenset({"go.com", "substack.com", "wordpress.com", "tumblr.com", "livejournal.com"})
#: outlet -> first path segment under which it runs agency copy, one agency per next segment
WIRE_SECTIONS = {"dailymail.co.uk": "wires"}

_URL_RE = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^@/?#\s]*@)?([^:/?#\s\[\]]+)(?::\d*)?([/?#][^\s]*)?$"
)
_SEGMENT_RE = re.compile(r"[a-z0-9][a-z0-9_\-]{0,40}")


def url_outlet(url: str) -> str:
    """The outlet of ``url`` (see the module docstring); "" for something that is not a web address.

    A host whose suffix is not in the list (``intranet.lan``, ``site.example``) gives the host without
    ``www.``. Memoised per host name.
    """
    candidate = url.strip().strip("<>")
    if "://" not in candidate:
        candidate = "//" + candidate
    match = _URL_RE.match(candidate)
    if not match:
        return ""
    outlet = _host_outlet(match.group(1).lower().rstrip("."))
    section = WIRE_SECTIONS.get(outlet)
    if section and match.group(2):
        parts = match.group(2).split("?", 1)[0].split("#", 1)[0].lower().split("/")
        if len(parts) > 3 and parts[1] == section and _SEGMENT_RE.fullmatch(parts[2]):
            outlet = f"{outlet}/{section}/{parts[2]}"
    return outlet


@lru_cache(maxsize=65536)
def _host_outlet(host: str) -> str:
    if "." not in host or host.startswith("["):
        return ""
    parts = _extractor()(host)
    if not (parts.domain and parts.suffix):
        return host.removeprefix("www.")
    registered = f"{parts.domain}.{parts.suffix}"
    if registered in PORTAL_DOMAINS and parts.subdomain not in ("", "www"):
        return host.removeprefix("www.")
    return registered


@cache
def _extractor():  # -> tldextract.TLDExtract (imported lazily: it reads its snapshot on first use)
    """A tldextract instance that never touches the network nor writes a cache on disk."""
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True, include_psl_private_domains=True
    )
