"""The report's compact encodings, Python side: text7 packing, the binary core block, the keyword
index. Each is read back here by a decoder written from the documented layout (the page's
JavaScript reading of the same bytes is tested in tests/test_report_decode_browser.py)."""

from __future__ import annotations

import json
import re
import struct
import unicodedata

import numpy as np
import pytest
from _report_fixtures import hand_corpus

from helpers.query.index import index_for
from helpers.query.keywords import KeywordIndex
from helpers.report.compute import build_core, encode_core, encode_keyword_index, front_code
from helpers.report.render import (
    TEXT7_FORBIDDEN,
    TEXT7_LAST_BASE,
    TEXT7_PAIR_BASE,
    data_block,
    deflate_smallest,
    pack,
    text7_decode,
    text7_encode,
    unpack,
)


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """One little-endian base-128 varint at ``pos``: ``(value, position after it)``."""
    value, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, pos


def read_varints(data: bytes, pos: int, count: int) -> tuple[list[int], int]:
    out = []
    for _ in range(count):
        value, pos = read_varint(data, pos)
        out.append(value)
    return out, pos


def unfront(shared: list[int], suffixes: list[str]) -> list[str]:
    """Front-coded words back, counting shared prefixes in UTF-16 code units as the page does."""
    words, prev = [], b""
    for k, suffix in zip(shared, suffixes, strict=True):
        prev = prev[: 2 * k] + suffix.encode("utf-16-le")
        words.append(prev.decode("utf-16-le"))
    return words


def decode_index(data: bytes) -> dict[str, list[int]]:
    """token -> sorted article positions, from the binary keyword index (in the index's order)."""
    assert data[:4] == b"CAI2"
    n_tok, text_len = struct.unpack("<II", data[4:12])
    suffixes = data[12 : 12 + text_len].decode().split(" ") if n_tok else []
    shared, pos = read_varints(data, 12 + text_len, n_tok)
    lengths, pos = read_varints(data, pos, n_tok)
    out = {}
    for word, length in zip(unfront(shared, suffixes), lengths, strict=True):
        end, prev, arts = pos + length, -1, []
        while pos < end:
            gap, pos = read_varint(data, pos)
            prev += 1 + gap
            arts.append(prev)
        assert pos == end
        out[word] = arts
    assert pos == len(data)
    return out


def decode_core(data: bytes) -> dict:
    """The ``core`` object back from :func:`encode_core` bytes."""
    assert data[:4] == b"CAC1"
    (text_len,) = struct.unpack("<I", data[4:8])
    head = json.loads(data[8 : 8 + text_len])
    n, n_ent, pos = head["n"], len(head["ent_suffix"]), 8 + text_len
    day, pos = read_varints(data, pos, n)
    outlet, pos = read_varints(data, pos, n)
    ae_count, pos = read_varints(data, pos, n)
    ae_gap, pos = read_varints(data, pos, sum(ae_count))
    ent_kind, pos = read_varints(data, pos, n_ent)
    ent_place, pos = read_varints(data, pos, n_ent)
    shared, pos = read_varints(data, pos, n_ent)
    assert pos == len(data)
    core = {k: v for k, v in head.items() if k not in ("day0", "ent_suffix")}
    core.update(
        day=[None if d == 0 else d + head["day0"] - 1 for d in day],
        outlet=outlet,
        ae_count=ae_count,
        ae_gap=ae_gap,
        ent_kind=ent_kind,
        ent_place=[p - 1 for p in ent_place],
        ent_name=unfront(shared, head["ent_suffix"]),
    )
    return core


def chunks_of(data: bytes) -> list[int]:
    """The 7-bit chunks of ``data`` as the layout defines them (most significant bit first)."""
    bits = "".join(f"{b:08b}" for b in data)
    bits += "0" * (-len(bits) % 7)
    return [int(bits[k : k + 7], 2) for k in range(0, len(bits), 7)]


#: what text7 may write, from the documented layout: ASCII but NUL, TAB, CR, SPACE and "<"; the
#: pair characters U+0100..U+02FF and U+0400..U+047F; the last-chunk characters U+0500..U+0504
TEXT7_ALPHABET = frozenset(
    [chr(c) for c in range(0x80) if chr(c) not in "\x00\t\r <"]
    + [chr(c) for c in [*range(0x100, 0x300), *range(0x400, 0x480), *range(0x500, 0x505)]]
)


def editor_save(text: str) -> str:
    """``text`` as an editor's usual save options leave it: spaces and tabs trimmed at the end of
    each line, tabs expanded to spaces, Unicode NFC normalisation."""
    lines = (re.sub(r"[ \t]+$", "", line).expandtabs(4) for line in text.split("\n"))
    return unicodedata.normalize("NFC", "\n".join(lines))


@pytest.mark.parametrize("size", [*range(40), 1000, 4096])
def test_text7_round_trips_and_avoids_what_html_changes(size):
    rng = np.random.default_rng(size)
    for data in (
        rng.integers(0, 256, size).astype(np.uint8).tobytes(),
        *(v * size for v in (b"\0", b"<", b" ")),
    ):
        text = text7_encode(data)
        assert set(text) <= TEXT7_ALPHABET
        assert text7_decode(text) == data
        chunks = chunks_of(data)
        assert len(text) <= len(chunks) == -(-8 * size // 7)
        # UTF-8 bytes: one a chunk (a pair character is 2 bytes for 2), one more for a last one alone
        assert len(text.encode()) == len(chunks) + (text[-1:] >= chr(TEXT7_LAST_BASE))


def test_text7_alphabet_has_no_combining_mark_and_is_stable_under_nfc():
    assert len(TEXT7_ALPHABET) == 123 + 5 * 128 + 5
    assert [c for c in TEXT7_ALPHABET if unicodedata.combining(c)] == []
    assert all(unicodedata.category(c) not in ("Mn", "Mc", "Me", "Cn") for c in TEXT7_ALPHABET if c > "~")
    everything = "".join(sorted(TEXT7_ALPHABET))
    assert unicodedata.normalize("NFC", everything) == everything
    pairs = "".join(a + b for a in everything for b in everything)  # no two compose either
    assert unicodedata.normalize("NFC", pairs) == pairs


def test_text7_writes_the_documented_characters():
    # 8 chunks = 7 bytes. Forbidden value j (NUL, TAB, CR, SPACE, "<") and the next chunk c -> one
    # character TEXT7_PAIR_BASE[j] | c; a forbidden last chunk stands alone as U+0500 + j
    for chunks, text in [
        ([0x41, 0x3C, 0x05, *[0x41] * 5], "A\u0405" + "A" * 5),
        ([0x00, 0x0D, *[0x41] * 6], "\u010d" + "A" * 6),
        ([0x09, 0x20, 0x20, 0x7F, *[0x41] * 4], "\u01a0\u02ff" + "A" * 4),
        ([*[0x41] * 5, 0x0D, 0x0D, 0x0D], "A" * 5 + "\u020d\u0502"),
        ([*[0x41] * 6, 0x3C, 0x20], "A" * 6 + "\u0420"),
        ([*[0x41] * 7, 0x20], "A" * 7 + "\u0503"),
        ([*[0x41] * 7, 0x00], "A" * 7 + "\u0500"),
    ]:
        data = int("".join(f"{c:07b}" for c in chunks), 2).to_bytes(7, "big")
        assert chunks_of(data) == chunks
        assert text7_encode(data) == text and text7_decode(text) == data
    assert tuple(sorted(ord(c) for c in "\x00\t\r <")) == TEXT7_FORBIDDEN
    assert (TEXT7_PAIR_BASE, TEXT7_LAST_BASE) == ((0x100, 0x180, 0x200, 0x280, 0x400), 0x500)


def test_text7_refuses_text_it_cannot_have_written():
    outside = ["\u00e9", "\u0300", "\u036f", "\u0374", "\u0387", "\u0480", "\u0483", "\u0505", "\u4e00"]
    for bad in ["<", "A\x00", "A\r", "A\t", "A ", *outside, "\u0500A", "\u0503\u0503", "\u0101\ufffd"]:
        with pytest.raises(ValueError, match="text7"):
            text7_decode(bad)


def test_text7_block_survives_an_editor_save():
    """Random bytes packed hold no TAB, SPACE, CR, NUL, "<" or combining mark, so trimming trailing
    whitespace, expanding tabs and NFC have nothing to change."""
    data = np.random.default_rng(13).integers(0, 256, 200_000).astype(np.uint8).tobytes()
    block = data_block("x", data, compress=True)
    text = block[block.index(">") + 1 : block.rindex("</script>")]
    assert not set(text) & {"\t", " ", "\r", "\x00", "<"}
    assert set(text) <= TEXT7_ALPHABET and [c for c in set(text) if unicodedata.combining(c)] == []
    assert text.count("\n") > 1000 and {ord(c) >> 7 for c in text} >= {2, 3, 4, 5, 8}  # all pair kinds
    assert editor_save(block) == block and unpack(text) == data
    assert editor_save("a \t\n\tb\u0065\u0301") == "a\n    b\u00e9"  # what the save does to other text


def test_pack_round_trips_and_costs_an_eighth():
    rng = np.random.default_rng(7)
    data = rng.integers(0, 256, 100_000).astype(np.uint8).tobytes()  # incompressible
    text = pack(data)
    assert unpack(text) == data
    assert len(text.encode("utf-8")) < 1.15 * len(data) + 100
    block = data_block("x", data, compress=True)
    assert 'data-encoding="gzip+text7"' in block and block.count("<") == 2


def test_front_code_counts_utf16_units():
    words = ["a", "ab", "abc", "b", "𝒜x", "𝒜y", "𝒜", "é", "éa"]
    shared, suffixes = front_code(words)
    assert shared.tolist() == [0, 1, 2, 0, 0, 2, 2, 0, 1]
    assert unfront(shared.tolist(), suffixes) == words
    assert "".join(suffixes) == "abcb𝒜xyéa"


def test_core_bytes_give_back_the_core():
    corpus = hand_corpus(40)
    core = build_core(corpus)
    assert decode_core(encode_core(core)) == core
    assert any(d is None for d in core["day"]) and any(p == -1 for p in core["ent_place"])


def test_core_bytes_of_an_empty_corpus():
    empty = {
        "n": 0, "title": [], "day": [], "outlet": [], "url": [], "outlets": [], "ae_count": [],
        "ae_gap": [], "kinds": [], "ent_name": [], "ent_kind": [], "ent_place": [], "ent_alias": [],
        "place_id": [], "place_name": [], "place_country": [], "place_lat": [], "place_lon": [],
    }  # fmt: skip
    assert decode_core(encode_core(empty)) == empty


def test_keyword_index_holds_every_token_exactly():
    corpus = hand_corpus(40)
    arts = corpus.articles.copy()
    arts.loc[0, "body"] = "𝒜lpha 𝒜lphabet zürich zurich ZÜRICH"
    index = decode_index(encode_keyword_index(KeywordIndex(arts["title"], arts["body"])))
    from helpers.query.tokens import tokens

    expected: dict[str, set[int]] = {}
    for i, (title, body) in enumerate(zip(arts["title"], arts["body"], strict=True)):
        for tok in tokens(f"{title}\n{body}"):
            expected.setdefault(tok, set()).add(i)
    assert {k: set(v) for k, v in index.items()} == expected
    assert all(v == sorted(v) for v in index.values())
    order = [(-len(v), k) for k, v in index.items()]
    assert order == sorted(order)  # most frequent first, then by code point


def test_deflate_keeps_the_smaller_strategy():
    import gzip
    import zlib

    numbers = bytes(np.random.default_rng(3).geometric(0.2, 50_000).clip(0, 255).astype(np.uint8))
    text = " ".join(f"word{k % 300} and more text" for k in range(5_000)).encode()
    chosen = {}
    for data in (numbers, text, b""):
        out = deflate_smallest(data)
        assert gzip.decompress(out) == data and deflate_smallest(data) == out
        sizes = []
        for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED):
            packer = zlib.compressobj(9, zlib.DEFLATED, 31, 8, strategy)
            sizes.append(len(packer.compress(data) + packer.flush()))
        assert len(out) == min(sizes)
        chosen[data[:8]] = sizes
    assert chosen[numbers[:8]][1] < 0.9 * chosen[numbers[:8]][0]  # small numbers: Z_FILTERED wins


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.timeout(600)
def test_real_corpus_index_and_core_are_exact(ukraine_dir):
    """Every token of the 5,189 real articles (loaded without NER) with exactly its articles, and
    the core block read back equal, through the text7 packing."""
    from helpers.corpus.model import load_corpus
    from helpers.query.tokens import tokens

    corpus = load_corpus(ukraine_dir, enrich=False, progress=False)
    index = decode_index(unpack(pack(encode_keyword_index(index_for(corpus).keywords))))
    expected: dict[str, list[int]] = {}
    for i, (title, body) in enumerate(zip(corpus.articles["title"], corpus.articles["body"], strict=True)):
        for tok in set(tokens(f"{title}\n{body}")):
            expected.setdefault(tok, []).append(i)
    assert index == expected
    core = build_core(corpus)
    assert decode_core(unpack(pack(encode_core(core)))) == core


def test_text7_of_blocks_larger_than_a_slice():
    from helpers.report.render import _SLICE_GROUPS, _bytes_to_chunks

    size = 7 * _SLICE_GROUPS + 10
    data = np.random.default_rng(11).integers(0, 256, size).astype(np.uint8)
    chunks = _bytes_to_chunks(data)
    assert chunks.size == -(-8 * size // 7)
    edge = 7 * _SLICE_GROUPS  # the chunks around the slice boundary, computed from those bytes alone
    assert chunks[8 * _SLICE_GROUPS - 8 :].tolist() == chunks_of(data[edge - 7 :].tobytes())
    assert text7_decode(text7_encode(data.tobytes())) == data.tobytes()
