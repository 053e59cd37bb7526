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

The *country* of an outlet (:func:`outlet_country`; it decides ambiguous time zones such as ``IST``)
comes from a small table of well-known outlets (:data:`OUTLET_COUNTRIES`), else from the
country-code top-level domain (``.in`` -> ``IN``, ``.co.uk`` -> ``GB``; codes sold as generic
names, such as ``.tv`` or ``.io``, say nothing). ``.com`` outlets not in the table are unknown.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = ["OUTLET_COUNTRIES", "PORTAL_DOMAINS", "WIRE_SECTIONS", "outlet_country", "url_outlet"]

#: registered domains whose subdomains are separate publications
PORTAL_DOMAINS = frozenset({"go.com", "substack.com", "wordpress.com", "tumblr.com", "livejournal.com"})
#: outlet -> (first path segment under which it runs agency copy, the agencies' segments)
WIRE_SECTIONS = {"dailymail.co.uk": ("wires", frozenset({"ap", "afp", "reuters", "pa", "bloomberg"}))}

#: outlet (registered domain or portal host) -> ISO country where it is edited, for outlets under
#: generic top-level domains; extend it for your corpus. Sources: the outlets' own "about" pages.
OUTLET_COUNTRIES: dict[str, str] = {
    # United States
    "abcnews.go.com": "US",
    "apnews.com": "US",
    "cbsnews.com": "US",
    "cnn.com": "US",
    "foxnews.com": "US",
    "huffpost.com": "US",
    "latimes.com": "US",
    "nbcnews.com": "US",
    "npr.org": "US",
    "nytimes.com": "US",
    "politico.com": "US",
    "washingtonpost.com": "US",
    "wsj.com": "US",
    "usatoday.com": "US",
    # United Kingdom
    "bbc.com": "GB",
    "independent.co.uk": "GB",
    "theguardian.com": "GB",
    "ft.com": "GB",
    # India
    "hindustantimes.com": "IN",
    "indianexpress.com": "IN",
    "indiatimes.com": "IN",
    "livemint.com": "IN",
    "ndtv.com": "IN",
    "news18.com": "IN",
    "thehindu.com": "IN",
    # Ireland, Israel, China, Russia, elsewhere
    "irishtimes.com": "IE",
    "rte.ie": "IE",
    "haaretz.com": "IL",
    "jpost.com": "IL",
    "timesofisrael.com": "IL",
    "xinhuanet.com": "CN",
    "scmp.com": "HK",
    "rt.com": "RU",
    "aljazeera.com": "QA",
    "dawn.com": "PK",
    "straitstimes.com": "SG",
    "abc.net.au": "AU",
}
#: two-letter top-level domains that do not locate an outlet (sold as generic names, or not a country)
_VANITY_TLDS = frozenset(
    {"ai", "am", "cc", "co", "eu", "fm", "gg", "io", "ly", "me", "nu", "tk", "to", "tv", "ws"}
)

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


def outlet_country(outlet: str) -> str:
    """ISO 3166 code of the country an outlet publishes from ("" when unknown); see the module docstring.

    >>> [outlet_country(o) for o in ("timesofindia.indiatimes.com", "bbc.co.uk", "example.com")]
    ['IN', 'GB', '']
    """
    host = outlet.split("/", 1)[0].lower().removeprefix("www.")
    while host:
        if host in OUTLET_COUNTRIES:
            return OUTLET_COUNTRIES[host]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    tld = outlet.split("/", 1)[0].rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _VANITY_TLDS:
        return ""
    return "GB" if tld == "uk" else tld.upper()


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
