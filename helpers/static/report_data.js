/* Corpus Atlas report: data decoding, filtering and counting. No DOM access except reading the
 * embedded data blocks. The filter semantics follow helpers/filters.py exactly (see FILTERS.md):
 * fields combine with AND; outlets/places: any; entities: any/all by chip; an undated article is
 * dropped as soon as a date bound is set; keyword terms must all match, each as a contiguous
 * token sequence of title + "\n" + body. */
"use strict";
(function (global) {
  const lib = {};
  const NO_DAY = -2147483648;
  const TOKEN_RE = /[\p{L}\p{N}]+/gu;
  const QUERY_RE = /"([^"]*)"?|([^\s"]+)/g;
  lib.NO_DAY = NO_DAY;

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

  // ---- tokens and the keyword index --------------------------------------------------------------
  lib.tokens = function (text) {
    return String(text).toLowerCase().match(TOKEN_RE) || [];
  };

  /** Terms of a query, each an array of tokens; terms without tokens dropped (as keyword_terms). */
  lib.queryTerms = function (query) {
    const terms = [];
    for (const m of String(query || "").matchAll(QUERY_RE)) {
      const toks = lib.tokens(m[1] !== undefined ? m[1] : m[2]);
      if (toks.length) terms.push(toks);
    }
    return terms;
  };

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

  function intersect(a, b) {
    const out = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return Int32Array.from(out);
  }

  /** " " + tokens of title + "\n" + body joined by spaces + " " for article i (bodies mode only). */
  lib.tokenText = function (data, i) {
    let text = data.tokenTexts.get(i);
    if (text === undefined) {
      text = " " + lib.tokens(data.title[i] + "\n" + data.bodies[i]).join(" ") + " ";
      data.tokenTexts.set(i, text);
    }
    return text;
  };

  /** {mask: Uint8Array, exact: bool} for a query, or null when the query has no terms. */
  lib.keywordMask = function (data, query) {
    const terms = lib.queryTerms(query);
    if (!terms.length) return null;
    let exact = true;
    let found = null;
    for (const toks of terms) {
      let hits = null;
      for (const tok of new Set(toks)) {
        const list = lib.postings(data.index, tok);
        hits = hits === null ? list : intersect(hits, list);
      }
      if (toks.length > 1) {
        if (data.bodies) {
          const needle = " " + toks.join(" ") + " ";
          hits = Int32Array.from(Array.from(hits).filter((i) => lib.tokenText(data, i).includes(needle)));
        } else {
          exact = false;
        }
      }
      found = found === null ? hits : intersect(found, hits);
    }
    const mask = new Uint8Array(data.n);
    for (let k = 0; k < found.length; k++) mask[found[k]] = 1;
    return { mask, exact, terms };
  };

  // ---- the data ----------------------------------------------------------------------------------
  function utcMonth(day) {
    const d = new Date(day * 86400000);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  }

  lib.dayToISO = function (day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  };

  lib.isoToDay = function (text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return null;
    const ms = Date.parse(text + "T00:00:00Z");
    return Number.isFinite(ms) ? Math.floor(ms / 86400000) : null;
  };

  /** Timeline bins for the exported span: day (<= 92 days), week (<= 2 years) or month. */
  function makeBins(day) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < day.length; i++) if (day[i] !== NO_DAY) { lo = Math.min(lo, day[i]); hi = Math.max(hi, day[i]); }
    const bin = new Int32Array(day.length).fill(-1);
    if (lo > hi) return { unit: "day", bin, starts: [], ends: [] };
    const span = hi - lo;
    const unit = span <= 92 ? "day" : span <= 731 ? "week" : "month";
    const keyOf = unit === "day" ? (d) => d : unit === "week" ? (d) => Math.floor((d + 3) / 7) : utcMonth;
    const first = keyOf(lo), last = keyOf(hi);
    for (let i = 0; i < day.length; i++) if (day[i] !== NO_DAY) bin[i] = keyOf(day[i]) - first;
    const starts = [], ends = [];
    for (let k = first; k <= last; k++) {
      if (unit === "day") { starts.push(k); ends.push(k); }
      else if (unit === "week") { starts.push(k * 7 - 3); ends.push(k * 7 + 3); }
      else {
        const y = Math.floor(k / 12), m = k % 12;
        starts.push(Date.UTC(y, m, 1) / 86400000);
        ends.push(Date.UTC(y, m + 1, 1) / 86400000 - 1);
      }
    }
    return { unit, bin, starts, ends, lo, hi };
  }

  /** {aeOff, aeEnt}: the codes of article i are aeEnt[aeOff[i] .. aeOff[i + 1]) (from per-article
   * counts and gaps: first code, then each minus the one before; helpers/report_data.py). */
  function articleEntities(counts, gaps) {
    const aeOff = new Int32Array(counts.length + 1), aeEnt = new Int32Array(gaps.length);
    for (let i = 0; i < counts.length; i++) {
      aeOff[i + 1] = aeOff[i] + counts[i];
      let code = 0;
      for (let k = aeOff[i]; k < aeOff[i + 1]; k++) { code += gaps[k]; aeEnt[k] = code; }
    }
    return { aeOff, aeEnt };
  }

  /** Typed arrays and derived tables from the `core` block (see helpers/report_data.py). */
  lib.buildData = function (core, index, details, bodies) {
    const n = core.n;
    const day = new Int32Array(n);
    for (let i = 0; i < n; i++) day[i] = core.day[i] === null ? NO_DAY : core.day[i];
    const nEnt = core.ent_name.length;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (day[b] - day[a]) || (a - b));
    const data = {
      n, day, order, title: core.title, url: core.url, outlets: core.outlets,
      outlet: Int32Array.from(core.outlet),
      ...articleEntities(core.ae_count, core.ae_gap),
      nEnt, kinds: core.kinds, entName: core.ent_name, entAlias: core.ent_alias,
      entKind: Int32Array.from(core.ent_kind), entPlace: Int32Array.from(core.ent_place),
      placeId: core.place_id, placeName: core.place_name, placeCountry: core.place_country,
      placeLat: core.place_lat, placeLon: core.place_lon, nPlace: core.place_id.length,
      bins: makeBins(day), index, details, bodies, tokenTexts: new Map(),
    };
    const entTotal = new Int32Array(nEnt);
    for (let k = 0; k < data.aeEnt.length; k++) entTotal[data.aeEnt[k]]++;
    data.entTotal = entTotal;
    return data;
  };

  // ---- filtering ---------------------------------------------------------------------------------
  function unionCodes(chips, size) {
    const mark = new Uint8Array(size);
    for (const chip of chips) for (const c of chip.codes) mark[c] = 1;
    return mark;
  }

  /** Select the articles matching `state`; fills and returns {mask, count}. */
  lib.select = function (data, state, keyword) {
    const n = data.n, day = data.day, mask = new Uint8Array(n);
    const dated = state.start !== null || state.end !== null;
    const lo = state.start === null ? -Infinity : state.start;
    const hi = state.end === null ? Infinity : state.end;
    const outletOk = state.outlets.length ? unionCodes(state.outlets, data.outlets.length) : null;
    let placeEnt = null;
    if (state.places.length) {
      const placeOk = unionCodes(state.places, data.nPlace);
      placeEnt = new Uint8Array(data.nEnt);
      for (let e = 0; e < data.nEnt; e++) if (data.entPlace[e] >= 0 && placeOk[data.entPlace[e]]) placeEnt[e] = 1;
    }
    let entBits = null, full = 0;
    if (state.entities.length) {
      entBits = new Int32Array(data.nEnt);
      state.entities.forEach((chip, g) => { for (const c of chip.codes) entBits[c] |= 1 << g; });
      full = state.mode === "all" ? (2 ** state.entities.length) - 1 : -1;
    }
    const kw = keyword ? keyword.mask : null;
    const off = data.aeOff, ents = data.aeEnt;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (dated && (day[i] === NO_DAY || day[i] < lo || day[i] > hi)) continue;
      if (outletOk && !outletOk[data.outlet[i]]) continue;
      if (kw && !kw[i]) continue;
      if (placeEnt) {
        let hit = false;
        for (let k = off[i]; k < off[i + 1] && !hit; k++) hit = placeEnt[ents[k]] === 1;
        if (!hit) continue;
      }
      if (entBits) {
        let bits = 0;
        for (let k = off[i]; k < off[i + 1]; k++) bits |= entBits[ents[k]];
        if (full === -1 ? bits === 0 : bits !== full) continue;
      }
      mask[i] = 1;
      count++;
    }
    return { mask, count };
  };

  // ---- counting ----------------------------------------------------------------------------------
  function topInsert(top, counts, e, k) {
    const c = counts[e];
    if (top.length === k && counts[top[k - 1]] >= c) return;
    let j = top.length < k ? top.length : k - 1;
    top[j] = e;
    while (j > 0 && counts[top[j - 1]] < c) { top[j] = top[j - 1]; top[j - 1] = e; j--; }
  }

  /** Counts for every view: timeline bins, entities per kind, places, outlets, co-occurrence. */
  lib.aggregate = function (data, sel, topK, coocK) {
    const { mask } = sel;
    const timeline = new Int32Array(data.bins.starts.length);
    const entCount = new Int32Array(data.nEnt), placeCount = new Int32Array(data.nPlace);
    const placeSeen = new Int32Array(data.nPlace).fill(-1);
    const outletCount = new Int32Array(data.outlets.length);
    const touched = [];
    let undated = 0;
    for (let i = 0; i < data.n; i++) {
      if (!mask[i]) continue;
      const b = data.bins.bin[i];
      if (b >= 0) timeline[b]++; else undated++;
      outletCount[data.outlet[i]]++;
      for (let k = data.aeOff[i]; k < data.aeOff[i + 1]; k++) {
        const e = data.aeEnt[k];
        if (entCount[e]++ === 0) touched.push(e);
        const p = data.entPlace[e];
        if (p >= 0 && placeSeen[p] !== i) { placeSeen[p] = i; placeCount[p]++; }
      }
    }
    touched.sort((a, b) => a - b);
    const topByKind = data.kinds.map(() => []);
    const topAll = [];
    for (const e of touched) {
      topInsert(topByKind[data.entKind[e]], entCount, e, topK);
      topInsert(topAll, entCount, e, coocK);
    }
    return { timeline, undated, entCount, placeCount, outletCount, topByKind,
             cooc: cooccurrence(data, mask, topAll) };
  };

  function cooccurrence(data, mask, top) {
    const k = top.length, rank = new Int16Array(data.nEnt).fill(-1);
    top.forEach((e, r) => { rank[e] = r; });
    const z = Array.from({ length: k }, () => new Array(k).fill(0));
    const present = [];
    for (let i = 0; i < data.n; i++) {
      if (!mask[i]) continue;
      present.length = 0;
      for (let j = data.aeOff[i]; j < data.aeOff[i + 1]; j++) {
        const r = rank[data.aeEnt[j]];
        if (r >= 0) present.push(r);
      }
      for (let a = 0; a < present.length; a++) {
        for (let b = a + 1; b < present.length; b++) { z[present[a]][present[b]]++; z[present[b]][present[a]]++; }
      }
    }
    return { top, z };
  }

  /** The first `limit` selected articles, newest first (undated last). */
  lib.listPage = function (data, mask, limit) {
    const out = [];
    for (let k = 0; k < data.n && out.length < limit; k++) if (mask[data.order[k]]) out.push(data.order[k]);
    return out;
  };

  global.CorpusAtlasLib = lib;
})(window);
