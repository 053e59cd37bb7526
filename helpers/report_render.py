"""Render step of the HTML report: package assets, safe embedding, the one-file page.

The safety rules live here, in one place:

- JSON goes into ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
  written as ``\\uXXXX`` escapes, so no ``</script>``, ``<!--`` or line separator can appear in it;
- binary and large parts are gzip-compressed and base85-encoded (:func:`pack`: an alphabet without
  ``<``, ``>`` or ``&``);
- our JavaScript, plotly.js and CSS are inlined only after checking they contain no ``</script``,
  ``<!--`` or ``</style``;
- the page carries a Content-Security-Policy that allows inline code and ``data:`` images and
  nothing else: no request to any host can be made (``connect-src 'none'``).
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from importlib import resources
from typing import Any

#: The Content-Security-Policy of every report: inline code only, no network of any kind.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
#: Our JavaScript, in load order (package data in ``helpers/static``).
APP_SCRIPTS = (
    "report_decode.js",
    "report_data.js",
    "report_views.js",
    "report_list.js",
    "report_bars.js",
    "report.js",
)
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
#: RFC 1924 base85 digits that look like HTML, and what :func:`pack` writes instead (unused digits)
B85_HTML_SAFE = {"&": ".", "<": ",", ">": ":"}
_B85_OUT = str.maketrans(B85_HTML_SAFE)
_B85_IN = str.maketrans({v: k for k, v in B85_HTML_SAFE.items()})


class UnsafeAssetError(ValueError):
    """A script or style that cannot be inlined safely (it could close its own element)."""


def package_text(folder: str, name: str) -> str:
    """A text asset shipped in the package (``helpers/<folder>/<name>``), read by name."""
    return resources.files("helpers").joinpath(folder, name).read_text(encoding="utf-8")


def json_for_script(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def pack(data: bytes) -> str:
    """gzip (deterministic: no timestamp) then base85: safe in any HTML element.

    Base85 is :func:`base64.b85encode` (RFC 1924 digits, big-endian groups of 4 bytes -> 5 digits,
    a last partial group of k bytes -> k + 1 digits) with its three HTML-like digits written as
    ``.``, ``,`` and ``:`` (see :data:`B85_HTML_SAFE`). It costs 25 % over the bytes where base64
    costs 33 %: 6 % off every data block (the page decodes it in ``report_decode.js``).
    """
    return base64.b85encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii").translate(_B85_OUT)


def unpack(text: str) -> bytes:
    """The bytes :func:`pack` packed."""
    return gzip.decompress(base64.b85decode(text.translate(_B85_IN)))


def check_script(code: str, name: str) -> str:
    """``code`` if it can be inlined in a ``<script>`` element, else :class:`UnsafeAssetError`."""
    lowered = code.lower()
    for bad in ("</script", "<!--"):
        if bad in lowered:
            raise UnsafeAssetError(f"{name} contains {bad!r}: it cannot be inlined in a <script> element")
    return code


def check_style(css: str, name: str) -> str:
    """``css`` if it can be inlined in a ``<style>`` element, else :class:`UnsafeAssetError`."""
    if "</style" in css.lower() or "<!--" in css:
        raise UnsafeAssetError(f"{name} contains '</style' or '<!--': it cannot be inlined")
    return css


def data_block(block_id: str, payload: Any, *, compress: bool) -> str:
    """One ``<script>`` data element: JSON (escaped) or gzip+base85 of the JSON / of raw bytes."""
    if isinstance(payload, bytes | bytearray):
        body, encoding = (pack(bytes(payload)), "gzip+base85") if compress else (_b64(payload), "base64")
        kind = "application/octet-stream"
    elif compress:
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        body, encoding, kind = pack(raw.encode("utf-8")), "gzip+base85", "application/octet-stream"
    else:
        body, encoding, kind = json_for_script(payload), "json", "application/json"
    return f'<script type="{kind}" id="{block_id}" data-encoding="{encoding}">{body}</script>'


def _b64(data: bytes | bytearray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def script_tag(code: str, name: str) -> str:
    """An inline ``<script>`` element for ``code`` (checked by :func:`check_script`)."""
    return f"<script>/* {name} */\n{check_script(code, name)}\n</script>"


def app_scripts() -> str:
    """Our JavaScript, inlined in load order."""
    return "\n".join(script_tag(package_text("static", name), name) for name in APP_SCRIPTS)


def plotly_script() -> tuple[str, str]:
    """``(script element with plotly.js, plotly.js version)``; plotly.js comes from the plotly package."""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    return script_tag(get_plotlyjs(), "plotly.js"), get_plotlyjs_version()


def render_page(values: dict[str, str]) -> str:
    """Fill ``templates/report.html``: ``title`` is HTML-escaped here; other values are inserted as given.

    Every placeholder must be given and every value used, so a typo cannot leave a hole in a report.
    """
    template = package_text("templates", "report.html")
    filled = dict(values, title=html.escape(values["title"], quote=True))
    wanted = set(_PLACEHOLDER.findall(template))
    if wanted != set(filled):
        raise KeyError(f"report template placeholders {sorted(wanted)} != values {sorted(filled)}")
    return _PLACEHOLDER.sub(lambda m: filled[m.group(1)], template)
