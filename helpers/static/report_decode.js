/* Corpus Atlas report: reading the embedded data blocks (gzip + base85, base64 or JSON text) and
 * decoding the binary keyword index (layout: helpers/report_data.py keyword_index). Loaded first:
 * creates window.CorpusAtlasLib, which report_data.js extends. */
"use strict";
(function (global) {
  const lib = {};
  // ---- embedded blocks ---------------------------------------------------------------------------
  function base64ToBytes(text) {
    const clean = text.replace(/\s+/g, "");
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(clean);
    const bin = atob(clean);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // RFC 1924 digits with "&", "<", ">" written as ".", ",", ":" (helpers/report_render.py pack)
  const B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%.()*+-;,=:?@^_`{|}~";
  const B85_VALUE = new Int8Array(128).fill(-1);
  for (let k = 0; k < B85.length; k++) B85_VALUE[B85.charCodeAt(k)] = k;

  /** Base85 text -> bytes: groups of 5 digits -> 4 bytes (big-endian); a last group of k + 1
   * digits -> k bytes (padded with the highest digit, as Python's base64.b85decode does). */
  function base85ToBytes(text) {
    const len = text.length, tail = len % 5;
    if (tail === 1) throw new Error("corrupt data block (base85 length)");
    const out = new Uint8Array(Math.floor(len / 5) * 4 + (tail ? tail - 1 : 0));
    let o = 0;
    for (let i = 0; i < len; i += 5) {
      let v = 0;
      for (let j = i; j < i + 5; j++) {
        const d = j < len ? B85_VALUE[text.charCodeAt(j)] : 84;
        if (d < 0) throw new Error("corrupt data block (base85 digit)");
        v = v * 85 + d;
      }
      if (v > 0xffffffff) throw new Error("corrupt data block (base85 group)");
      const u = v >>> 0;
      for (let shift = 24; shift >= 0 && o < out.length; shift -= 8) out[o++] = (u >>> shift) & 0xff;
    }
    return out;
  }

  lib.base85ToBytes = base85ToBytes;

  async function gunzip(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** The bytes of block `id` (gzip+base85, base64 or json text), or null when the block is absent. */
  lib.readBytes = async function (id) {
    const el = document.getElementById(id);
    if (!el) return null;
    const encoding = el.getAttribute("data-encoding");
    if (encoding === "json") return new TextEncoder().encode(el.textContent);
    if (encoding === "gzip+base85") return gunzip(base85ToBytes(el.textContent));
    return base64ToBytes(el.textContent);
  };

  /** The parsed JSON of block `id`, or null when the block is absent. */
  lib.readJSON = async function (id) {
    const el = document.getElementById(id);
    if (!el) return null;
    if (el.getAttribute("data-encoding") === "json" || el.type === "application/json") {
      return JSON.parse(el.textContent);
    }
    return JSON.parse(new TextDecoder().decode(await lib.readBytes(id)));
  };

  // ---- the keyword index -------------------------------------------------------------------------
  function readVarint(bytes, pos) {
    let value = 0, shift = 0, b;
    do {
      b = bytes[pos.i++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return value;
  }

  /** Decode the binary keyword index (layout: helpers/report_data.py keyword_index). */
  lib.buildIndex = function (bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
    if (magic !== "CAI1") throw new Error("unknown keyword index format " + magic);
    const vocabLen = view.getUint32(4, true), nTok = view.getUint32(8, true);
    const words = nTok ? new TextDecoder().decode(bytes.subarray(12, 12 + vocabLen)).split(" ") : [];
    const vocab = new Map();
    for (let t = 0; t < words.length; t++) vocab.set(words[t], t);
    const pos = { i: 12 + vocabLen };
    const offsets = new Float64Array(nTok + 1);
    for (let t = 0; t < nTok; t++) offsets[t + 1] = offsets[t] + readVarint(bytes, pos);
    return { vocab, offsets, base: pos.i, bytes };
  };

  /** Sorted article positions that contain token `tok` (an empty array when it never occurs). */
  lib.postings = function (index, tok) {
    const t = index.vocab.get(tok);
    if (t === undefined) return new Int32Array(0);
    const pos = { i: index.base + index.offsets[t] };
    const end = index.base + index.offsets[t + 1];
    const out = [];
    let prev = -1;
    while (pos.i < end) {
      prev = prev + 1 + readVarint(index.bytes, pos);
      out.push(prev);
    }
    return Int32Array.from(out);
  };

  global.CorpusAtlasLib = lib;
})(window);
