"""The page's decoders in real browsers: text7 (raw and gzip) for every length 0..64, runs of the
characters that must be escaped and a few MB, in Chromium and Firefox; the binary core block and
the keyword index against the Python objects they encode."""

from __future__ import annotations

import base64
import json
import shutil

import numpy as np
import pytest
from _report_fixtures import FirefoxPage, hand_corpus
from test_report_encoding import decode_index, editor_save

from helpers.query.index import index_for
from helpers.report.compute import build_core, encode_core, encode_keyword_index
from helpers.report.render import (
    TEXT7_FORBIDDEN,
    _chunks_to_bytes,
    data_block,
    json_for_script,
    package_text,
    text7_encode,
)

pytestmark = [pytest.mark.browser]

#: returns the ids of the blocks whose decoded bytes differ from the expected ones
CHECK_BYTES = """
const lib = window.CorpusAtlasLib, bad = [];
const expected = JSON.parse(document.getElementById("expected").textContent);
const same = (a, b) => a.length === b.length && a.every((v, k) => v === b[k]);
for (const [id, b64] of Object.entries(expected)) {
  const el = document.getElementById(id);
  const want = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  try {
    const got = el.dataset.encoding ? await lib.readBytes(id) : lib.text7ToBytes(el.textContent);
    if (!same(got, want)) bad.push(id);
  } catch (e) { bad.push(id + ": " + e); }
}
return {bad, count: Object.keys(expected).length};
"""


READ_CORE_AND_INDEX = """async () => {
  const lib = CorpusAtlasLib, text = (id) => document.getElementById(id).textContent;
  const index = lib.buildIndex(await lib.readBytes("index"));
  const want = JSON.parse(text("postings")), str = JSON.stringify;
  const wrong = Object.keys(want).filter((t) => str(Array.from(lib.postings(index, t))) !== str(want[t]));
  return {
    bin: str(await lib.readCore("bin-core")), json: str(JSON.parse(text("json-core"))),
    packed: str(await lib.readCore("packed-json-core")), readJson: str(await lib.readCore("json-core")),
    vocab: index.vocab.size, wrong, none: lib.postings(index, "zzzz-not-a-token").length,
  };
}"""


def payloads() -> dict[str, bytes]:
    """Random bytes of every length 0..64, bytes made only of the escaped chunks, and 3 MB."""
    rng = np.random.default_rng(5)
    out = {f"r{n}": rng.integers(0, 256, n).astype(np.uint8).tobytes() for n in range(65)}
    for v in TEXT7_FORBIDDEN:
        for n in (1, 2, 7, 8, 9, 63, 64):
            out[f"f{v}-{n}"] = _chunks_to_bytes(np.full(-(-8 * n // 7), v, dtype=np.uint8))[:n]
    mixed = rng.choice(np.asarray([*TEXT7_FORBIDDEN, 10, 65], dtype=np.uint8), 700)
    out["mixed"] = _chunks_to_bytes(mixed)
    out["big"] = rng.integers(0, 256, 3_000_000).astype(np.uint8).tobytes()
    return out


def bytes_page(tmp_path, newline: str, edited: bool = False):
    """A page with each payload as a raw text7 block and as a gzip+text7 block, written with ``newline``
    (after :func:`editor_save` if ``edited``)."""
    blocks, expected = [], {}
    for name, data in payloads().items():
        blocks.append(f'<script type="application/octet-stream" id="{name}">{text7_encode(data)}</script>')
        blocks.append(data_block(f"gz-{name}", data, compress=True))
        expected[name] = expected[f"gz-{name}"] = base64.b64encode(data).decode()
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>text7</title></head><body>\n'
        + "\n".join(blocks)
        + f'\n<script type="application/json" id="expected">{json_for_script(expected)}</script>'
        + f"\n<script>{package_text('static', 'report_decode.js')}</script></body></html>\n"
    )
    path = tmp_path / f"text7{len(newline)}{'e' * edited}.html"
    path.write_text(editor_save(html) if edited else html, encoding="utf-8", newline=newline)
    return path


@pytest.mark.parametrize(("newline", "edited"), [("\n", False), ("\r\n", False), ("\n", True)])
def test_text7_blocks_decode_in_chromium(browser, tmp_path, newline, edited):
    page = browser.new_page()
    try:
        page.goto(bytes_page(tmp_path, newline, edited).as_uri())
        result = page.evaluate(f"async () => {{ {CHECK_BYTES} }}")
    finally:
        page.close()
    assert result["bad"] == [] and result["count"] == 2 * len(payloads())


def test_text7_blocks_decode_in_firefox(tmp_path):
    binary = shutil.which("firefox-esr") or shutil.which("firefox")
    if binary is None:
        pytest.skip("no firefox-esr on this machine (apt-get install firefox-esr)")
    ff = FirefoxPage(bytes_page(tmp_path, "\r\n"), binary)
    try:
        result = ff.run(CHECK_BYTES)
    finally:
        ff.close()
    assert result["bad"] == [] and result["count"] == 2 * len(payloads())


def test_text7_decoder_refuses_foreign_text(browser):
    page = browser.new_page()
    try:
        page.set_content(f"<script>{package_text('static', 'report_decode.js')}</script>")
        outside = ["\u00e9", "\u0300", "\u036f", "\u0374", "\u0387", "\u0480", "\u0483", "\u0505", "\u4e00"]
        for text in ["<", "a\x00", "a\r", "a\t", "a ", *outside, "\u0500a", "\u0503\u0503", "\u0101\ufffd"]:
            message = page.evaluate(
                "t => { try { CorpusAtlasLib.text7ToBytes(t); } catch (e) { return e.message; } }", text
            )
            assert message == "corrupt data block (text7 character)", text
    finally:
        page.close()


def test_core_and_index_blocks_decode_to_the_python_objects(browser, tmp_path):
    corpus = hand_corpus(50)
    core = build_core(corpus)
    index_bytes = encode_keyword_index(index_for(corpus).keywords)
    index = decode_index(index_bytes)
    html = (
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        + data_block("bin-core", encode_core(core), compress=True)
        + data_block("json-core", core, compress=False)
        + data_block("packed-json-core", core, compress=True)
        + data_block("index", index_bytes, compress=True)
        + f'<script type="application/json" id="postings">{json_for_script(index)}</script>'
        + f"<script>{package_text('static', 'report_decode.js')}</script></body></html>"
    )
    path = tmp_path / "core.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        got = page.evaluate(READ_CORE_AND_INDEX)
    finally:
        page.close()
    assert json.loads(got["bin"]) == core
    assert got["bin"] == got["json"] == got["packed"] == got["readJson"]  # same keys in the same order
    assert got["vocab"] == len(index) and got["wrong"] == [] and got["none"] == 0
