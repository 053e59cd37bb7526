"""Render step of the HTML report: package assets, safe embedding, the one-file page.

The safety rules live here, in one place:

- JSON goes into ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
  written as ``\\uXXXX`` escapes, so no ``</script>``, ``<!--`` or line separator can appear in it;
- binary and large parts are gzip-compressed and written 7 bits a character (:func:`pack`,
  :func:`text7_encode`): the text holds no ``<`` (so no ``</script`` or ``<!--``), NUL or CR, the
  characters the HTML parser does not hand over unchanged inside a ``<script>`` element; no TAB or
  SPACE, which editors trim at line ends or expand on save; and none of its characters is a
  combining mark or is changed by Unicode NFC normalisation;
- our JavaScript and CSS are inlined only after checking they contain no ``</script``, ``<!--`` or
  ``</style``;
- the page carries a Content-Security-Policy (:func:`csp_for`) that allows exactly our inline
  scripts and styles, each by its SHA-256 hash, and ``data:`` images: no ``'unsafe-inline'``, so a
  script, event handler or ``style`` attribute that hostile text smuggled into the markup is blocked
  (and reported: ``securitypolicyviolation``), and no request to any host can be made
  (``connect-src 'none'``). :func:`render_page` checks that every executable script and style
  element of the page is one it hashed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import zlib
from importlib import resources
from typing import Any

import numpy as np

#: The Content-Security-Policy of every report, ``{scripts}`` and ``{styles}`` being the hash
#: sources of its inline blocks: no network of any kind, no inline code other than those blocks.
CSP_TEMPLATE = (
    "default-src 'none'; script-src {scripts}; style-src {styles}; img-src data:; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
#: Our JavaScript, in load order (package data in ``helpers/static``).
APP_SCRIPTS = (
    "report_decode.js",
    "report_data.js",
    "report_chart.js",
    "report_views.js",
    "report_list.js",
    "report_bars.js",
    "report_compare.js",
    "report.js",
)
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
#: 7-bit values :func:`text7_encode` never writes as themselves: NUL, TAB, CR, SPACE and "<" (sorted)
TEXT7_FORBIDDEN = (0x00, 0x09, 0x0D, 0x20, 0x3C)
#: first code point of the 128 characters standing for ``TEXT7_FORBIDDEN[j]`` and the next chunk:
#: U+0100..U+02FF (Latin Extended-A/B, IPA, spacing modifier letters) and U+0400..U+047F (Cyrillic),
#: skipping U+0300..U+03FF, which holds the combining marks U+0300..U+036F and characters NFC replaces
#: (U+0340, U+0374, U+037E, U+0387 ...), and U+0480..U+04FF (combining U+0483..U+0489)
TEXT7_PAIR_BASE = (0x100, 0x180, 0x200, 0x280, 0x400)
#: ``TEXT7_LAST_BASE + j`` (U+0500..U+0504, Cyrillic Supplement letters) stands for a last chunk
#: ``TEXT7_FORBIDDEN[j]`` alone
TEXT7_LAST_BASE = 0x500
#: ``code >> 7`` of a pair character -> its ``j`` (-1: not a pair character); codes are below 0x800
_TEXT7_PAIR_J = np.full(16, -1, dtype=np.int64)
_TEXT7_PAIR_J[np.asarray(TEXT7_PAIR_BASE) >> 7] = np.arange(len(TEXT7_PAIR_BASE))
#: groups of 7 bytes / 8 chunks converted at a time by the text7 helpers (bounds their memory)
_SLICE_GROUPS = 1 << 20
#: the guard that runs first: it records every CSP violation in ``window.__caViolations``
GUARD_SCRIPT = (
    "window.__caViolations=[];document.addEventListener('securitypolicyviolation',function(e){"
    "window.__caViolations.push({directive:e.effectiveDirective||e.violatedDirective,"
    "blocked:String(e.blockedURI),sample:String(e.sample||'')})});"
)
#: an executable script element (no ``type``, or a JavaScript one) or a style element, with its text
_INLINE_CODE = re.compile(
    r"<(script|style)((?:\s+type=\"(?:text/javascript|module)\")?)>(.*?)</\1>", re.DOTALL | re.IGNORECASE
)
_CODE_OPENER = re.compile(r"<(?:script|style)(?![^>]*\btype=\"application/(?:json|octet-stream)\")", re.I)
#: name of the :func:`pack` encoding in a block's ``data-encoding`` attribute
PACKED = "gzip+text7"


class UnsafeAssetError(ValueError):
    """A script or style that cannot be inlined safely (it could close its own element)."""


def package_text(folder: str, name: str) -> str:
    """A text asset shipped in the package (``helpers/report/<folder>/<name>``), read by name."""
    return resources.files("helpers.report").joinpath(folder, name).read_text(encoding="utf-8")


def json_for_script(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def pack(data: bytes) -> str:
    """:func:`deflate_smallest` (a gzip member) then :func:`text7_encode`: safe inside a ``<script>``.

    text7 costs 14 % over the gzip bytes, where base85 cost 25 % and base64 33 % (the page decodes
    it in ``report_decode.js``, ``text7ToBytes``).
    """
    return text7_encode(deflate_smallest(data))


def deflate_smallest(data: bytes) -> bytes:
    """``data`` gzip-compressed at level 9 with zlib's default strategy or with ``Z_FILTERED``,
    whichever is smaller (deterministic: no timestamp, no name).

    ``Z_FILTERED`` gives up short string matches for better Huffman codes: on number streams such as
    the keyword index's varints it is 3 % smaller (real corpus), on text and JSON about 2 % larger.
    """
    best = b""
    for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED):
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS, 8, strategy)
        out = packer.compress(data) + packer.flush()
        if not best or len(out) < len(best):
            best = out
    return best


def unpack(text: str) -> bytes:
    """The bytes :func:`pack` packed."""
    return gzip.decompress(text7_decode(text))


def text7_encode(data: bytes) -> str:
    """Bytes as text that an HTML ``<script>`` element, an editor's save and Unicode NFC
    normalisation all leave unchanged, 7 bits a character.

    The bits of ``data`` (most significant first, zero-padded at the end) are cut into 7-bit chunks,
    ``ceil(8 * len(data) / 7)`` of them. A chunk is written as the ASCII character of that value,
    except the five values of :data:`TEXT7_FORBIDDEN`: NUL (the HTML parser makes it U+FFFD), CR
    (CR and CRLF become LF), ``<`` (could start ``</script`` or ``<!--``), TAB and SPACE (editors
    trim them at line ends or expand tabs on save). A chunk with the forbidden value number ``j`` is
    written together with the next chunk ``c`` as the one character ``TEXT7_PAIR_BASE[j] | c``; as
    the very last chunk it is written alone as ``TEXT7_LAST_BASE + j``. So the text holds only ASCII
    other than those five, U+0100..U+02FF, U+0400..U+047F and U+0500..U+0504: two bytes in UTF-8,
    no control character, no combining mark (NFC could merge one with the character before it), none
    changed by NFC (tested). The decoder knows the byte count from the chunk count:
    ``floor(7 * chunks / 8)``.
    """
    chunks = _bytes_to_chunks(np.frombuffer(data, dtype=np.uint8))
    out = chunks.copy()
    bad = np.flatnonzero(np.isin(chunks, TEXT7_FORBIDDEN))
    if bad.size:
        # in a run of consecutive forbidden chunks, the 1st, 3rd, ... each take the one after them
        run_start = np.r_[True, bad[1:] != bad[:-1] + 1]
        first_of_run = np.maximum.accumulate(np.where(run_start, np.arange(bad.size), 0))
        lead = bad[(np.arange(bad.size) - first_of_run) % 2 == 0]
        j = np.searchsorted(np.asarray(TEXT7_FORBIDDEN), chunks[lead]).astype(np.int64)
        last = lead == chunks.size - 1
        nxt = chunks[np.minimum(lead + 1, chunks.size - 1)].astype(np.int64)
        code = np.where(last, TEXT7_LAST_BASE + j, np.asarray(TEXT7_PAIR_BASE)[j] | nxt)
        out[lead] = 0xC0 | (code >> 6)  # code < 0x800: a two-byte UTF-8 sequence
        tail = (0x80 | (code & 0x3F)).astype(np.uint8)
        out[lead[~last] + 1] = tail[~last]
        if last[-1]:
            out = np.append(out, tail[-1])
    return out.tobytes().decode("utf-8")


def text7_decode(text: str) -> bytes:
    """The bytes :func:`text7_encode` wrote (:class:`ValueError` on text it cannot have written)."""
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    lead = np.flatnonzero(raw >= 0xC0)  # valid UTF-8: only two-byte characters (lead bytes C2..DF) allowed
    if np.any(raw[lead] >= 0xE0) or np.count_nonzero(raw >= 0x80) != 2 * lead.size:
        raise ValueError("text7: a character outside the alphabet")
    code = ((raw[lead].astype(np.int64) & 0x1F) << 6) | (raw[lead + 1] & 0x3F)
    alone = (code >= TEXT7_LAST_BASE) & (code < TEXT7_LAST_BASE + len(TEXT7_FORBIDDEN))
    j = np.where(alone, code - TEXT7_LAST_BASE, _TEXT7_PAIR_J[code >> 7])
    if np.any(j < 0):
        raise ValueError("text7: a character outside the alphabet")
    if np.any(alone[:-1]) or (alone.size and alone[-1] and lead[-1] + 2 != raw.size):
        raise ValueError("text7: a last-chunk character before the end")
    if np.isin(np.delete(raw, np.r_[lead, lead + 1]), TEXT7_FORBIDDEN).any():
        raise ValueError("text7: a character outside the alphabet")
    chunks = raw.copy()
    chunks[lead] = np.asarray(TEXT7_FORBIDDEN, dtype=np.uint8)[j]
    chunks[lead + 1] = code & 0x7F
    if alone.size and alone[-1]:
        chunks = chunks[:-1]
    return _chunks_to_bytes(chunks)


def _bytes_to_chunks(data: np.ndarray) -> np.ndarray:
    """7-bit chunks of the bits of ``data``: every 7 bytes (56 bits) give 8 chunks."""
    return _regroup(data, 8, 7)[: -(-8 * data.size // 7)]


def _chunks_to_bytes(chunks: np.ndarray) -> bytes:
    """Inverse of :func:`_bytes_to_chunks`: ``floor(7 * len(chunks) / 8)`` bytes."""
    return _regroup(chunks, 7, 8)[: 7 * chunks.size // 8].tobytes()


def _regroup(values: np.ndarray, bits_in: int, bits_out: int) -> np.ndarray:
    """Values of ``bits_in`` bits -> values of ``bits_out`` bits, most significant first, through
    56-bit words (8 <-> 7: zero-padded to whole words), in slices of :data:`_SLICE_GROUPS` words so
    the 64-bit temporaries stay small for large blocks."""
    n_in, n_out = 56 // bits_in, 56 // bits_out
    if values.size > n_in * _SLICE_GROUPS:
        step = n_in * _SLICE_GROUPS
        parts = [_regroup(values[k : k + step], bits_in, bits_out) for k in range(0, values.size, step)]
        return np.concatenate(parts)
    padded = np.zeros(-(-values.size // n_in) * n_in, dtype=np.uint64)
    padded[: values.size] = values
    word = np.zeros(padded.size // n_in, dtype=np.uint64)
    for k, part in enumerate(padded.reshape(-1, n_in).T):
        word |= part << np.uint64(bits_in * (n_in - 1 - k))
    out = np.empty((word.size, n_out), dtype=np.uint8)
    for k in range(n_out):
        out[:, k] = (word >> np.uint64(bits_out * (n_out - 1 - k))) & np.uint64((1 << bits_out) - 1)
    return out.reshape(-1)


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
    """One ``<script>`` data element: JSON (escaped), or :func:`pack` of the JSON / of raw bytes."""
    if isinstance(payload, bytes | bytearray):
        body, encoding = (pack(bytes(payload)), PACKED) if compress else (_b64(payload), "base64")
        kind = "application/octet-stream"
    elif compress:
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        body, encoding, kind = pack(raw.encode("utf-8")), PACKED, "application/octet-stream"
    else:
        body, encoding, kind = json_for_script(payload), "json", "application/json"
    return f'<script type="{kind}" id="{block_id}" data-encoding="{encoding}">{body}</script>'


def _b64(data: bytes | bytearray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def script_tag(code: str, name: str) -> str:
    """An inline ``<script>`` element for ``code`` (checked by :func:`check_script`)."""
    return f"<script>/* {name} */\n{check_script(code, name)}\n</script>"


def hash_source(text: str) -> str:
    """The CSP hash source of an inline block's exact text: ``'sha256-<base64>'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp_for(scripts: list[str], styles: list[str]) -> str:
    """The report's Content-Security-Policy allowing exactly these inline script and style texts."""
    return CSP_TEMPLATE.format(
        scripts=" ".join(dict.fromkeys(map(hash_source, scripts))) or "'none'",
        styles=" ".join(dict.fromkeys(map(hash_source, styles))) or "'none'",
    )


def inline_code(page: str) -> tuple[list[str], list[str]]:
    """The texts of the executable ``<script>`` and of the ``<style>`` elements of ``page``."""
    found: dict[str, list[str]] = {"script": [], "style": []}
    for m in _INLINE_CODE.finditer(page):
        found[m.group(1).lower()].append(m.group(3))
    return found["script"], found["style"]


def with_hashed_csp(page: str, placeholder: str) -> str:
    """``page`` with ``placeholder`` replaced by a CSP hashing each of its inline scripts and styles.

    Every ``<script`` or ``<style`` opening in the page must be a plain one that :data:`_INLINE_CODE`
    reads or a data block (``type="application/json"`` or ``octet-stream``): anything else (a
    ``<script src>``, an attribute we do not know) raises :class:`UnsafeAssetError`, so no block is
    left out of the accounting.
    """
    scripts, styles = inline_code(page)
    openers = len(_CODE_OPENER.findall(page))
    if openers != len(scripts) + len(styles):
        raise UnsafeAssetError(
            f"{openers} script/style elements but {len(scripts) + len(styles)} inline blocks read"
        )
    return page.replace(placeholder, csp_for(scripts, styles), 1)


def app_scripts() -> str:
    """Our JavaScript, inlined in load order."""
    return "\n".join(script_tag(package_text("static", name), name) for name in APP_SCRIPTS)


def render_page(values: dict[str, str]) -> str:
    """Fill ``templates/report.html``: ``title`` is HTML-escaped here; other values are inserted as given;
    ``csp`` and ``guard`` are made here (the policy hashes every inline block of the filled page).

    Every placeholder must be given and every value used, so a typo cannot leave a hole in a report.
    """
    template = package_text("templates", "report.html")
    marker = "\x00csp\x00"  # no value can hold NUL: the data blocks are escaped JSON or text7
    filled = dict(
        values,
        title=html.escape(values["title"], quote=True),
        csp=marker,
        guard=script_tag(GUARD_SCRIPT, "guard"),
    )
    wanted = set(_PLACEHOLDER.findall(template))
    if wanted != set(filled):
        raise KeyError(f"report template placeholders {sorted(wanted)} != values {sorted(filled)}")
    return with_hashed_csp(_PLACEHOLDER.sub(lambda m: filled[m.group(1)], template), marker)
