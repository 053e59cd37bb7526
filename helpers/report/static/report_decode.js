/* Corpus Atlas report: reading the embedded data blocks (gzip + text7, base64 or JSON text) and
 * decoding the binary `core` block and keyword index (layouts: helpers/report/compute.py encode_core and
 * keyword_index). Loaded first: creates window.CorpusAtlasLib, which report_data.js extends. */
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

  // text7 (helpers/report/render.py text7_encode). 7-bit chunk values never written as themselves:
  // NUL (the HTML parser makes it U+FFFD), TAB, CR (CR and CRLF become LF), SPACE, "<" (could start
  // the element's end tag or a comment opener); TAB and SPACE: editors trim them at line ends or
  // expand tabs on save.
  const TEXT7_FORBIDDEN = [0x00, 0x09, 0x0d, 0x20, 0x3c];
  // c >> 7 of a pair character -> j (-1: none): bases U+0100, U+0180, U+0200, U+0280, U+0400, so no
  // combining mark (U+0300..U+036F, U+0483..U+0489), which Unicode normalisation could merge
  const TEXT7_PAIR_J = [-1, -1, 0, 1, 2, 3, -1, -1, 4, -1, -1, -1, -1, -1, -1, -1];
  // TEXT7_LAST_BASE + j (U+0500..U+0504), last character only: TEXT7_FORBIDDEN[j] as the last chunk
  const TEXT7_LAST_BASE = 0x500;

  /** text7 text -> bytes: one 7-bit chunk per ASCII character (never one of TEXT7_FORBIDDEN); a
   * character c with j = TEXT7_PAIR_J[c >> 7] >= 0 stands for the chunks TEXT7_FORBIDDEN[j], c & 0x7f;
   * TEXT7_LAST_BASE + j (last only) for TEXT7_FORBIDDEN[j] alone. The bits, most significant first,
   * are the bytes; the few bits left over at the end are padding. */
  function text7ToBytes(text) {
    const len = text.length;
    const out = new Uint8Array(Math.floor((len * 14) / 8) + 1);
    let acc = 0, bits = 0, o = 0;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c === 0x00 || c === 0x09 || c === 0x0d || c === 0x20 || c === 0x3c) {
          throw new Error("corrupt data block (text7 character)");
        }
        acc = (acc << 7) | c;
        bits += 7;
      } else {
        const j = c < 0x800 ? TEXT7_PAIR_J[c >> 7] : -1, k = c - TEXT7_LAST_BASE;
        if (j >= 0) {
          acc = (acc << 14) | (TEXT7_FORBIDDEN[j] << 7) | (c & 0x7f);
          bits += 14;
        } else if (k >= 0 && k < TEXT7_FORBIDDEN.length && i === len - 1) {
          acc = (acc << 7) | TEXT7_FORBIDDEN[k];
          bits += 7;
        } else throw new Error("corrupt data block (text7 character)");
      }
      while (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >>> bits) & 0xff;
      }
      acc &= (1 << bits) - 1;
    }
    return out.subarray(0, o);
  }

  lib.text7ToBytes = text7ToBytes;

  async function gunzip(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** The bytes of block `id` (gzip+text7, base64 or json text), or null when the block is absent. */
  lib.readBytes = async function (id) {
    const el = document.getElementById(id);
    if (!el) return null;
    const encoding = el.getAttribute("data-encoding");
    if (encoding === "json") return new TextEncoder().encode(el.textContent);
    if (encoding === "gzip+text7") return gunzip(text7ToBytes(el.textContent));
    if (encoding === "base64") return base64ToBytes(el.textContent);
    throw new Error("unknown data block encoding " + encoding);
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

  // ---- varints and front coding ------------------------------------------------------------------
  /** `count` LEB128 varints from bytes[pos.i ...] as an Array (pos.i moves past them); `shift` is
   * added to each value. */
  function readVarints(bytes, pos, count, shift) {
    const out = new Array(count);
    let i = pos.i;
    for (let k = 0; k < count; k++) {
      let b = bytes[i++], value = b & 0x7f;
      for (let s = 7; b & 0x80; s += 7) {
        b = bytes[i++];
        value += (b & 0x7f) * 2 ** s;
      }
      out[k] = value + shift;
    }
    if (i > bytes.length) throw new Error("corrupt data block (varints past the end)");
    pos.i = i;
    return out;
  }

  /** Words from front coding: word k = the first shared[k] UTF-16 units of word k - 1 + suffix[k]. */
  function unfront(shared, suffixes) {
    const words = new Array(suffixes.length);
    let prev = "";
    for (let k = 0; k < suffixes.length; k++) prev = words[k] = prev.slice(0, shared[k]) + suffixes[k];
    return words;
  }

  function magic(bytes) {
    return String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  }

  // ---- the core block ----------------------------------------------------------------------------
  /** The `core` object of block `id` exactly as helpers/report/compute.py build_core returns it, from
   * its JSON or from the bytes of encode_core. */
  lib.readCore = async function (id) {
    const bytes = await lib.readBytes(id);
    if (bytes.length < 8 || magic(bytes) !== "CAC1") return JSON.parse(new TextDecoder().decode(bytes));
    return lib.decodeCore(bytes);
  };

  /** encode_core bytes -> the build_core object (same fields, order and values). */
  lib.decodeCore = function (bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const textLen = view.getUint32(4, true);
    const head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + textLen)));
    const pos = { i: 8 + textLen }, n = head.n, nEnt = head.ent_suffix.length;
    const day = readVarints(bytes, pos, n, head.day0 - 1);
    for (let i = 0; i < n; i++) if (day[i] === head.day0 - 1) day[i] = null;
    const outlet = readVarints(bytes, pos, n, 0), aeCount = readVarints(bytes, pos, n, 0);
    let pairs = 0;
    for (let i = 0; i < n; i++) pairs += aeCount[i];
    const aeGap = readVarints(bytes, pos, pairs, 0);
    const entKind = readVarints(bytes, pos, nEnt, 0), entPlace = readVarints(bytes, pos, nEnt, -1);
    const entName = unfront(readVarints(bytes, pos, nEnt, 0), head.ent_suffix);
    if (pos.i !== bytes.length) throw new Error("corrupt core block (length)");
    return {
      n, title: head.title, day, outlet, url: head.url, outlets: head.outlets, ae_count: aeCount, ae_gap: aeGap,
      kinds: head.kinds, ent_name: entName, ent_kind: entKind, ent_place: entPlace, ent_alias: head.ent_alias,
      place_id: head.place_id, place_name: head.place_name, place_country: head.place_country,
      place_lat: head.place_lat, place_lon: head.place_lon, token_chars: head.token_chars,
    };
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

  /** Decode the binary keyword index (layout: helpers/report/compute.py keyword_index). */
  lib.buildIndex = function (bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (magic(bytes) !== "CAI2") throw new Error("unknown keyword index format " + magic(bytes));
    const nTok = view.getUint32(4, true), textLen = view.getUint32(8, true);
    const suffixes = nTok ? new TextDecoder().decode(bytes.subarray(12, 12 + textLen)).split(" ") : [];
    const pos = { i: 12 + textLen };
    const words = unfront(readVarints(bytes, pos, nTok, 0), suffixes);
    const vocab = new Map();
    for (let t = 0; t < nTok; t++) vocab.set(words[t], t);
    const lengths = readVarints(bytes, pos, nTok, 0);
    const offsets = new Float64Array(nTok + 1);
    for (let t = 0; t < nTok; t++) offsets[t + 1] = offsets[t] + lengths[t];
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
