"""The HTML report, Python side: payload values, escaping, size accounting, provenance, budget, CLI."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _report_fixtures import hand_corpus
from test_report_encoding import decode_core, decode_index, read_varint

import helpers
from helpers.cli.main import main as cli_main
from helpers.core.text import snippet_around
from helpers.ingest.load import corpus_hash
from helpers.query.filters import Filter
from helpers.query.index import index_for
from helpers.query.tokens import tokens
from helpers.report.compute import (
    article_entities,
    build_core,
    encode_keyword_index,
    initial_state,
    safe_url,
    varint_bytes,
)
from helpers.report.export import ReportSizeWarning, build_report, export_report, sample_corpus
from helpers.report.meta import megabytes
from helpers.report.render import (
    APP_SCRIPTS,
    UnsafeAssetError,
    check_script,
    check_style,
    inline_code,
    json_for_script,
    unpack,
    with_hashed_csp,
)

BLOCK_RE = re.compile(r'<script type="[^"]+" id="(ca-\w+)" data-encoding="([\w+]+)">(.*?)</script>', re.S)


def read_blocks(page: str) -> dict[str, object]:
    """Decode every data block of a report page, as the page's JavaScript does."""
    out: dict[str, object] = {}
    for block_id, encoding, body in BLOCK_RE.findall(page):
        if encoding == "json":
            out[block_id] = json.loads(body)
            continue
        assert encoding in ("gzip+text7", "base64"), encoding
        raw = unpack(body) if encoding == "gzip+text7" else base64.b64decode(body)
        if block_id == "ca-index":
            out[block_id] = raw
        else:
            out[block_id] = decode_core(raw) if raw[:4] == b"CAC1" else json.loads(raw)
    return out


@pytest.fixture(scope="module")
def corpus():
    return hand_corpus()


def test_json_for_script_cannot_close_its_element():
    value = {
        "t": "</script><script>alert(1)</script>",
        "c": "<!-- x -->",
        "s": "a\u2028b\u2029c",
        "amp": "&lt;",
    }
    text = json_for_script(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_unsafe_assets_are_refused():
    with pytest.raises(UnsafeAssetError):
        check_script("var s = '</SCRIPT>';", "x.js")
    with pytest.raises(UnsafeAssetError):
        check_script("var s = '<!--';", "x.js")
    with pytest.raises(UnsafeAssetError):
        check_style("a{} </style><script>", "x.css")
    assert check_script("var a = 1 < 2;", "ok.js") == "var a = 1 < 2;"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.bbc.co.uk/news/1", True),
        ("HTTP://example.org/a?b=1", True),
        ("javascript:alert(4)", False),
        (" javascript:alert(4)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://", False),
        ("ftp://example.org/x", False),
        ("https://exa mple.org/", False),
        ("https://example.org/\nx", False),
        (None, False),
    ],
)
def test_only_http_urls_are_kept(url, ok):
    assert (safe_url(url) != "") is ok


def test_core_payload_values(corpus):
    core = build_core(corpus)
    arts = corpus.articles
    assert core["n"] == len(arts) and core["title"] == arts["title"].tolist()
    expected_days = [None if pd.isna(t) else (t - pd.Timestamp("1970-01-01")).days for t in arts["published"]]
    assert core["day"] == expected_days
    assert [core["outlets"][c] for c in core["outlet"]] == arts["outlet"].str.lower().tolist()
    # article -> entity pairs are exactly the unique pairs of the mentions table
    names = core["ent_name"]
    ids_by_name_kind = {
        (n, k): e for e, n, k in corpus.entities[["entity_id", "name", "kind"]].itertuples(index=False)
    }
    got = set()
    offsets, codes = article_entities(core)
    for i in range(core["n"]):
        for code in codes[offsets[i] : offsets[i + 1]].tolist():
            kind = core["kinds"][core["ent_kind"][code]]
            got.add((arts["article_id"][i], ids_by_name_kind[(names[code], kind)]))
    assert got == set(corpus.mentions[["article_id", "entity_id"]].itertuples(index=False, name=None))
    # entities come most-mentioned first, and place entities point at their place
    totals = np.bincount(codes, minlength=len(names))
    assert list(totals) == sorted(totals, reverse=True)
    for code, place in enumerate(core["ent_place"]):
        kind = core["kinds"][core["ent_kind"][code]]
        assert (place >= 0) == (kind == "place")
        if place >= 0:
            assert core["place_name"][place] == names[code]


def test_initial_state_resolves_like_filter(corpus):
    core = build_core(corpus)
    f = Filter(
        entities=("kiev", "nobody", "Washington"),
        places=("Moscow",),
        outlets=("Reuters.com",),
        start="2022-02-03",
    )
    state = initial_state(corpus, f, core)
    chips = {c["label"]: c["codes"] for c in state["entities"]}
    assert [core["ent_name"][c] for c in chips["kiev"]] == ["Kyiv"]
    assert chips["nobody"] == []
    assert sorted(core["kinds"][core["ent_kind"][c]] for c in chips["Washington"]) == ["person", "place"]
    assert [core["place_name"][c] for c in state["places"][0]["codes"]] == ["Moscow"]
    assert [core["outlets"][c] for c in state["outlets"][0]["codes"]] == ["reuters.com"]
    assert state["start"] == (dt.date(2022, 2, 3) - dt.date(1970, 1, 1)).days and state["end"] is None


def test_keyword_index_matches_tokens(corpus):
    index = decode_index(encode_keyword_index(index_for(corpus).keywords))
    expected: dict[str, set[int]] = {}
    for i, (title, body) in enumerate(zip(corpus.articles["title"], corpus.articles["body"], strict=True)):
        for tok in tokens(f"{title}\n{body}"):
            expected.setdefault(tok, set()).add(i)
    assert {k: set(v) for k, v in index.items()} == expected
    assert all(v == sorted(v) for v in index.values())
    # most frequent first
    sizes = [len(v) for v in index.values()]
    assert sizes == sorted(sizes, reverse=True)


def test_varint_encoding_round_trips():
    values = np.array([0, 1, 127, 128, 300, 16383, 16384, 2**31 + 5])
    data = varint_bytes(values)
    decoded, pos = [], 0
    while pos < len(data):
        value, pos = read_varint(data, pos)
        decoded.append(value)
    assert decoded == values.tolist()


def test_snippets_hold_the_mention():
    body = (
        "First paragraph about nothing much at all, really.\n\n"
        "Then Volodymyr Zelensky spoke to reporters in the capital city today."
    )
    start = body.index("Volodymyr")
    left, mention, right = snippet_around(body, start, start + len("Volodymyr Zelensky"), 30)
    assert mention == "Volodymyr Zelensky"
    assert left.startswith("…") and right.endswith("…") and "\n" not in left + right
    assert (left[1:] + mention + right[:-1]).replace(" ", "") in body.replace("\n", "").replace(" ", "")
    assert snippet_around(body, 10, 5) is None and snippet_around(body, 0, len(body) + 1) is None


def test_page_is_one_offline_file(corpus):
    page = build_report(corpus).html
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert not re.search(r"<(script|img|link|iframe|source|embed)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert page.count("<script") == page.count("</script>")
    assert "newPlot" not in page  # no plotly.js: the timeline is our own canvas chart


def test_csp_hashes_exactly_the_inline_blocks(corpus):
    """No 'unsafe-inline': each executable script and style element is allowed by its own SHA-256."""
    page = build_report(corpus).html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "unsafe" not in csp and directives["default-src"] == "'none'"
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    assert "<div" in markup and not re.search(r"\sstyle\s*=", markup), "a style attribute would be blocked"
    scripts, styles = inline_code(page)
    assert len(scripts) == len(APP_SCRIPTS) + 1 and len(styles) == 1  # + the guard
    for directive, blocks in (("script-src", scripts), ("style-src", styles)):
        allowed = set(directives[directive].split())
        digests = {
            f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks
        }
        assert allowed == digests, directive
    # a block the policy would not know about is refused at export, not shipped unhashed
    with pytest.raises(UnsafeAssetError):
        with_hashed_csp(page.replace("</body>", '<script src="x.js"></script></body>'), "unused")


def test_details_and_bodies_blocks(corpus):
    blocks = read_blocks(build_report(corpus, include_bodies=True, compress=False).html)
    assert blocks["ca-bodies"] == corpus.articles["body"].tolist()
    snips = blocks["ca-details"]["snip"]
    names = blocks["ca-core"]["ent_name"]
    first = corpus.mentions.sort_values(["article_id", "start"]).drop_duplicates(["article_id", "entity_id"])
    assert sum(len(s) for s in snips) == len(first)
    for i, article_snips in enumerate(snips):
        for code, _left, mention, _right in article_snips:
            assert mention in corpus.articles["body"][i]
            assert names[code] in blocks["ca-core"]["ent_name"]
    plain = read_blocks(build_report(corpus, snippets=False).html)
    assert "ca-details" not in plain and "ca-bodies" not in plain
    assert plain["ca-core"] == blocks["ca-core"]


def test_size_accounting_adds_up(corpus):
    report = build_report(corpus, include_bodies=True)
    assert sum(report.sizes.values()) == report.total_bytes
    assert set(report.sizes) == {"geo", "app", "meta", "core", "index", "details", "bodies", "extra"}
    assert report.sizes["app"] < 200_000  # the page's code and styles, no charting library
    assert report.describe_size().startswith(megabytes(report.total_bytes) + ": ")


def test_budget_warning_says_what_to_do_and_keeps_everything(corpus, tmp_path):
    total = build_report(corpus, include_bodies=True).total_bytes
    budget = (total - 2_000) / 1e6  # just under: a sample or leaving something out would fit
    with pytest.warns(ReportSizeWarning, match=r"above the .* MB budget.*written in full") as caught:
        out = export_report(corpus, tmp_path / "r.html", size_budget_mb=budget, include_bodies=True)
    message = str(caught[0].message)
    assert "sample=" in message and "include_bodies=False" in message and "snippets=False" in message
    assert read_blocks(out.read_text())["ca-core"]["n"] == len(corpus)
    with pytest.warns(ReportSizeWarning, match="raise the budget"):
        export_report(corpus, tmp_path / "r1.html", size_budget_mb=0.1)  # the page's code is ~0.2 MB
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReportSizeWarning)
        export_report(corpus, tmp_path / "r2.html")


def test_sample_is_declared(corpus):
    sub = sample_corpus(corpus, 10)
    assert len(sub) == 10 and set(sub.mentions["article_id"]) <= set(sub.articles["article_id"])
    assert sub.articles["article_id"].tolist() == [
        a for a in corpus.articles["article_id"] if a in set(sub.articles["article_id"])
    ]
    report = build_report(corpus, sample=10)
    meta = read_blocks(report.html)["ca-meta"]
    assert report.articles == 10 and read_blocks(report.html)["ca-core"]["n"] == 10
    rows = dict(meta["provenance"])
    assert f"random sample of 10 of {len(corpus)} articles" in rows["Contents"]


def test_provenance_fields(corpus):
    f = Filter(entities=("Putin",), start="2022-02-01")
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    meta = read_blocks(build_report(corpus, filter=f, title="T").html)["ca-meta"]
    rows = dict(meta["provenance"])
    assert rows["Articles"] == f"{len(corpus):,}"
    assert corpus_hash(corpus.articles) in rows["Corpus hash"]
    assert f"Corpus Atlas {helpers.__version__}" in rows["Made with"]
    assert rows["NER model"] == corpus.meta["ner_model"] and rows["Gazetteer"] == corpus.meta["gazetteer"]
    assert rows["Alias table"] == corpus.meta["aliases"]
    assert rows["Filter when exported"] == f.describe(corpus)
    generated = dt.datetime.strptime(rows["Generated"], "%Y-%m-%d %H:%M UTC").replace(tzinfo=dt.UTC)
    assert before <= generated <= dt.datetime.now(dt.UTC)
    assert "4 undated" in rows["Published"]
    assert "private" not in json.dumps(meta)  # the source folder's name only, never its path
    assert meta["filter"] == f.to_dict() and meta["title"] == "T"


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    for i, (title, date, outlet) in enumerate(
        [
            ("Grain deal signed", "July 22, 2022", "reuters.com"),
            ("Peace talks stall", "March 29, 2022", "bbc.co.uk"),
        ]
    ):
        text = f"# {title}\n{date}\n\nThe {title.lower()} today, officials said.\n\nOriginal url:\n<https://www.{outlet}/a/{i}>\n"
        (folder / f"{i:03d}_{i:016x}.txt").write_text(text, encoding="utf-8")


def test_cli_report_writes_the_file(tmp_path, capsys):
    _write_articles(tmp_path / "arts")
    out = tmp_path / "out" / "r.html"
    code = cli_main(
        [
            "report",
            str(tmp_path / "arts"),
            "-o",
            str(out),
            "--no-enrich",
            "--keyword",
            "grain",
            "--title",
            "CLI",
        ]
    )
    assert code == 0 and out.exists()
    blocks = read_blocks(out.read_text())
    assert blocks["ca-core"]["n"] == 2 and blocks["ca-meta"]["filter"]["keyword"] == "grain"
    assert "Report written" in capsys.readouterr().out
    assert (
        cli_main(["report", str(tmp_path / "arts"), "-o", str(out), "--from", "not-a-date", "--no-enrich"])
        == 2
    )
