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
  ``dailymail.co.uk/wires/ap``. So ``Filter(outlets=("dailymail.co.uk",))`` is the Daily Mail's
  own articles; give both outlets for everything published on the site.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = ["PORTAL_DOMAINS", "WIRE_SECTIONS", "url_outlet"]

#: registered domains whose subdomains are separate publications
PORTAL_DOMAINS = frozenset({"go.com", "substack.com", "wordpress.com", "tumblr.com", "livejournal.com"})
#: outlet -> (first path segment under which it runs agency copy, the agencies' segments)
WIRE_SECTIONS = {"dailymail.co.uk": ("wires", frozenset({"ap", "afp", "reuters", "pa", "bloomberg"}))}

# scheme, user info, host, port, then anything (a path is read up to the first space: a table cell
# may hold "https://host/a b"); a backslash ends the host as browsers read it
_URL_RE = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^@/?#\\\s]*@)?([^:/?#\\\s\[\]]+)(?::\d*)?([/?#\\].*)?$"
)


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
    wires = WIRE_SECTIONS.get(outlet)
    if wires and match.group(2):
        path = re.split(r"[?#\s]", match.group(2).replace("\\", "/"), maxsplit=1)[0].lower()
        parts = path.split("/")
        if len(parts) > 2 and parts[1] == wires[0] and parts[2] in wires[1]:
            outlet = f"{outlet}/{wires[0]}/{parts[2]}"
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
def _extractor():  # -> tldextract.TLDExtract
    """A tldextract instance that never touches the network nor writes a cache on disk."""
    import tldextract  # deferred: ~0.1 s to import, paid only once a URL needs its outlet

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True, include_psl_private_domains=True
    )
