"""Bench of the report's size: whole files against the format with plotly.js, bytes an article per
part of the embedded data, and the decode time in Chromium.

Whole files first: the demo corpus's report and the real corpus's (enriched, with snippets; the
default export), as written now and in *today's format*: the format up to commit eae28ac, whose page
inlined plotly.js (for the timeline) and its own plotly-based code. The data blocks are the same in
both, so today's file is rebuilt as this report minus the current page code plus that commit's page
code (``git show``), its base map script and the installed plotly.js: exact but for the CSP's
hash list (< 1 kB).
Targets: demo <= 600 KB, real corpus <= 8 MB.

For the real corpus (``../shared/corpora/ukraine_media_2022``, skipped with a message where absent)
and generated corpora (:func:`helpers.testing.synthetic.synthetic_corpus`), the ``core`` block and the keyword
index are encoded two ways in the same run:

- *before* (baseline): the format up to commit 761a514, rebuilt here by a small reference encoder
  (core as JSON, index ``CAI1``: vocabulary most frequent first, then lengths and postings; both
  gzip + base85);
- *after*: the current one (:func:`helpers.report.compute.encode_core`, :func:`encode_keyword_index` ``CAI2``,
  gzip + text7 by :func:`helpers.report.render.pack`).

Parts (title, url, entities = article -> entity pairs, names = entity names and aliases, other =
dates, outlets, kinds, places; vocabulary; postings = posting lengths and gaps) are compressed one
by one to attribute the bytes (before: gzip; after: as ``pack`` does,
:func:`helpers.report.render.deflate_smallest`); "gzip, whole blocks" is what the blocks really
compress to and "encoding" what base85 or text7 adds on top; "in the page" is the text of the two
blocks as embedded; "snippets" the ``details`` block (outside the ~300 bytes target; real corpus and
10,000 only).

Decode time: a page holding just the two blocks and the decoder of each format (the baseline's
``report_decode.js`` read from git), timed with ``performance.now()`` in Chromium from the block
text to the decoded core object and keyword index (the work added to the time to first draw),
median of 20 runs (4 alternating rounds of a fresh page each, 5 runs in each).

Run: ``.venv/bin/python bench/bench_report_size.py [--sizes 10000 100000] [--no-real] [--no-browser]
[--files-only]``
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import statistics
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.query.keywords import KeywordIndex
from helpers.query.tokens import tokens
from helpers.report.compute import (
    build_core,
    build_details,
    encode_core,
    encode_keyword_index,
    front_code,
    varint_bytes,
)
from helpers.report.render import (
    APP_SCRIPTS,
    GUARD_SCRIPT,
    deflate_smallest,
    json_for_script,
    pack,
    package_text,
    script_tag,
)

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022"
BASELINE_COMMIT = "761a514"
#: the last commit whose report inlined plotly.js ("today's format" of the whole-file comparison)
PLOTLY_COMMIT = "eae28ac"
PLOTLY_APP_SCRIPTS = (
    "report_decode.js",
    "report_data.js",
    "report_views.js",
    "report_list.js",
    "report_bars.js",
    "report.js",
)
B85_HTML_SAFE = str.maketrans({"&": ".", "<": ",", ">": ":"})
CORE_PARTS = {
    "title": ("title",),
    "url": ("url",),
    "entities": ("ae_count", "ae_gap"),
    "names": ("ent_name", "ent_alias"),
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def as_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def old_pack(data: bytes) -> str:
    """The baseline packing: gzip then RFC 1924 base85 with its HTML-like digits replaced."""
    return base64.b85encode(gzip.compress(data, compresslevel=9, mtime=0)).decode().translate(B85_HTML_SAFE)


def old_keyword_index(articles: pd.DataFrame) -> tuple[bytes, dict[str, bytes]]:
    """The baseline ``CAI1`` index and its parts: vocabulary most frequent first (ties: first use)."""
    vocab: dict[str, int] = {}
    tok_ids, owners = [], []
    texts = [[v if isinstance(v, str) else "" for v in articles[c].tolist()] for c in ("title", "body")]
    for pos, (title, body) in enumerate(zip(*texts, strict=True)):
        ids = {vocab.setdefault(t, len(vocab)) for t in tokens(f"{title}\n{body}")}
        tok_ids.extend(ids)
        owners.extend([pos] * len(ids))
    tok, art = np.asarray(tok_ids, dtype=np.int64), np.asarray(owners, dtype=np.int64)
    freq = np.bincount(tok, minlength=len(vocab))
    rank_order = np.lexsort((np.arange(len(vocab)), -freq))
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[rank_order] = np.arange(len(vocab))
    tok = rank[tok]
    order = np.lexsort((art, tok))
    tok, art = tok[order], art[order]
    first = np.r_[True, tok[1:] != tok[:-1]]
    gaps = np.where(first, art, art - np.roll(art, 1) - 1)
    nbytes = 1 + sum((gaps >= 128**k).astype(np.int64) for k in range(1, 5))  # varint sizes
    lengths = np.bincount(tok, weights=nbytes, minlength=len(vocab)).astype(np.int64)
    words = np.array(list(vocab), dtype=object)[rank_order].tolist()
    text = " ".join(words).encode()
    parts = {"vocabulary": text, "postings": varint_bytes(lengths) + varint_bytes(gaps)}
    return b"CAI1" + struct.pack("<II", len(text), len(vocab)) + text + parts["postings"], parts


def new_index_parts(index: bytes) -> dict[str, bytes]:
    """The current ``CAI2`` index cut into its vocabulary (suffixes + shared lengths) and postings."""
    n_tok, text_len = struct.unpack("<II", index[4:12])
    rest = np.frombuffer(index[12 + text_len :], dtype=np.uint8)
    ends = np.flatnonzero(rest < 0x80) + 1  # end of each varint
    cut = int(ends[n_tok - 1]) if n_tok else 0
    vocabulary = index[12 : 12 + text_len] + rest[:cut].tobytes()
    return {"vocabulary": vocabulary, "postings": rest[cut:].tobytes()}


def core_parts(core: dict, binary: bool) -> dict[str, bytes]:
    """The core's parts as each format writes them (binary: varints and front-coded names)."""
    parts = {name: as_json([core[k] for k in keys]) for name, keys in CORE_PARTS.items()}
    used = {k for keys in CORE_PARTS.values() for k in keys}
    parts["other"] = as_json({k: v for k, v in core.items() if k not in used})
    if binary:
        counts = varint_bytes(np.asarray(core["ae_count"], dtype=np.int64))
        parts["entities"] = counts + varint_bytes(np.asarray(core["ae_gap"], dtype=np.int64))
        shared, suffixes = front_code(core["ent_name"])
        parts["names"] = as_json([suffixes, core["ent_alias"]]) + varint_bytes(shared)
    return parts


def measure(articles: pd.DataFrame, core: dict, details: dict | None) -> dict[str, dict]:
    """Bytes of every part, before and after, and the two blocks of each format."""
    old_index, old_idx_parts = old_keyword_index(articles)
    new_index = encode_keyword_index(KeywordIndex(articles["title"].fillna(""), articles["body"].fillna("")))
    after_parts = {**core_parts(core, True), **new_index_parts(new_index)}
    formats = (
        ("before", {**core_parts(core, False), **old_idx_parts}, as_json(core), old_index, old_pack, gz),
        ("after", after_parts, encode_core(core), new_index, pack, lambda data: len(deflate_smallest(data))),
    )
    out = {}
    for name, parts, core_bytes, index, packer, compressed in formats:
        sizes = {part: compressed(data) for part, data in parts.items()}
        sizes["gzip, whole blocks"] = compressed(core_bytes) + compressed(index)
        blocks = (packer(core_bytes), packer(index))
        sizes["in the page"] = sum(len(b.encode()) for b in blocks)
        sizes["encoding"] = sizes["in the page"] - sizes["gzip, whole blocks"]
        if details is not None:
            sizes["snippets (not above)"] = len(packer(as_json(details)).encode())
        out[name] = {"sizes": sizes, "blocks": blocks}
    return out


def print_table(label: str, n: int, result: dict) -> None:
    before, after = result["before"]["sizes"], result["after"]["sizes"]
    print(f"\n{label}: {n:,} articles, bytes an article (each part compressed alone)")
    print(f"  {'part':22s} {'before':>8s} {'after':>8s} {'saved':>7s}")
    totals = ["gzip, whole blocks", "encoding", "in the page", "snippets (not above)"]
    for part in [*CORE_PARTS, "other", "vocabulary", "postings", *totals]:
        if part in before:
            b, a = before[part] / n, after[part] / n
            print(f"  {part:22s} {b:8.1f} {a:8.1f} {100 * (1 - a / b) if b else 0:6.1f}%")


DECODE_JS = """
async ([reps, format]) => {
  const lib = window.CorpusAtlasLib, times = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const core = format === "after" ? await lib.readCore("ca-core") : await lib.readJSON("ca-core");
    const index = lib.buildIndex(await lib.readBytes("ca-index"));
    times.push(performance.now() - t0);
    if (core.n === undefined || !index.vocab.size) throw new Error("nothing decoded");
  }
  return times;
}
"""


def decode_page(folder: Path, name: str, blocks: tuple[str, str], decoder: str) -> Path:
    enc = "gzip+text7" if name == "after" else "gzip+base85"
    html = (
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        f'<script type="application/octet-stream" id="ca-core" data-encoding="{enc}">{blocks[0]}</script>'
        f'<script type="application/octet-stream" id="ca-index" data-encoding="{enc}">{blocks[1]}</script>'
        f"<script>{decoder}</script></body></html>"
    )
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def decode_times(results: dict, rounds: int = 4, reps: int = 5) -> dict[str, float]:
    """Median decode ms of each format in Chromium: ``rounds`` alternating fresh pages of each
    format, ``reps`` decodes in each (alternating, so a busy moment of the machine hits both)."""
    from playwright.sync_api import sync_playwright

    from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS

    decoders = {"after": package_text("static", "report_decode.js")}
    try:
        decoders["before"] = subprocess.run(
            ["git", "show", f"{BASELINE_COMMIT}:helpers/static/report_decode.js"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        print("  (no git history here: the baseline's decoder is not timed)")
    times: dict[str, list[float]] = {name: [] for name in decoders}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        paths = {n: decode_page(Path(tmp), n, results[n]["blocks"], d) for n, d in decoders.items()}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for _ in range(rounds):
                for name, path in paths.items():
                    page = browser.new_page()
                    page.goto(path.as_uri())
                    times[name] += page.evaluate(DECODE_JS, [reps, name])
                    page.close()
        finally:
            browser.close()
    return {name: statistics.median(values) for name, values in times.items()}


def run(label: str, corpus, browser: bool, snippets: bool) -> None:
    core = build_core(corpus)
    result = measure(corpus.articles, core, build_details(corpus, core) if snippets else None)
    print_table(label, core["n"], result)
    if browser:
        times = decode_times(result)
        text = ", ".join(f"{k} {v:.0f} ms" for k, v in times.items())
        print(f"  decode in Chromium (core + index, median of 20): {text}")


def _git_text(commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def page_code_bytes(read, scripts: tuple[str, ...], extra: str = "") -> int:
    """Bytes of a page's own code as the report inlines it: script elements, CSS and template."""
    tags = "\n".join(script_tag(read(f"helpers/report/static/{name}"), name) for name in scripts)
    css, template = read("helpers/report/static/report.css"), read("helpers/report/templates/report.html")
    return len((tags + extra + css + template).encode())


def whole_files(real) -> None:
    """The demo and the real corpus's reports: now, and in the format with plotly.js (same data)."""
    from plotly.offline import get_plotlyjs

    from helpers.corpus.model import load_corpus
    from helpers.report.export import base_map, build_report

    try:
        old = page_code_bytes(lambda path: _git_text(PLOTLY_COMMIT, path), PLOTLY_APP_SCRIPTS)
    except (OSError, subprocess.CalledProcessError):
        print("  (no git history here: today's format cannot be rebuilt)")
        return
    now = page_code_bytes(
        lambda path: (ROOT / path).read_text(encoding="utf-8"), APP_SCRIPTS, script_tag(GUARD_SCRIPT, "guard")
    )
    plotly = len(script_tag(get_plotlyjs(), "plotly.js").encode())
    # today's page carried the base map as a script, now it is a packed data block
    old += len(script_tag(f"window.CorpusAtlasBaseMap={json_for_script(base_map())};", "base map").encode())
    print("\nwhole report files (default export: snippets, no full text)")
    print(
        f"  {'corpus':34s} {'articles':>8s} {'today (plotly.js)':>18s} {'now':>10s}"
        f" {'ratio':>7s} {'target':>8s}"
    )
    cases = [("demo corpus", load_corpus(None, progress=False), 600e3)]
    if real is not None:
        cases.append(("real corpus (ukraine_media_2022)", real, 8e6))
    for label, corpus, target in cases:
        report = build_report(corpus)
        before = report.total_bytes - now - report.sizes["geo"] + old + plotly
        ok = "met" if report.total_bytes <= target else "MISSED"
        print(
            f"  {label:34s} {report.articles:8,d} {before / 1e6:15.2f} MB {report.total_bytes / 1e6:7.2f} MB"
            f" {report.total_bytes / before:7.3f} {target / 1e6:5.1f} MB {ok}"
        )
        print(f"    now: {report.describe_size()}")
    print(
        f"  page code: today {(old + plotly) / 1e3:.0f} kB (plotly.js {plotly / 1e3:.0f} kB),"
        f" now {now / 1e3:.0f} kB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--no-real", action="store_true", help="skip the real corpus")
    parser.add_argument("--no-browser", action="store_true", help="sizes only, no decode timing")
    parser.add_argument("--files-only", action="store_true", help="only the whole-file comparison")
    args = parser.parse_args(argv)
    real = None
    if not args.no_real:
        if REAL.exists():
            from helpers import load_corpus

            real = load_corpus(REAL, progress=False, enrich=True)
        else:
            print(f"{REAL} is absent: the real corpus is skipped")
    whole_files(real)
    if args.files_only:
        return 0
    if real is not None:
        run("real corpus (ukraine_media_2022)", real, not args.no_browser, True)
    for n in args.sizes:
        from helpers.testing.synthetic import synthetic_corpus

        corpus = synthetic_corpus(n)
        run(f"generated corpus (synthetic_corpus({n}))", corpus, not args.no_browser, n <= 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
