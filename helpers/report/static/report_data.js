/* Corpus Atlas report: keyword search, the data's typed arrays, filtering and counting. No DOM
 * access (report_decode.js reads the embedded blocks). The filter semantics are the contract of
 * docs/filter_contract.md, which helpers/query/filters.py implements too: fields combine with AND;
 * outlets/places: any; entities: any/all by chip; an undated article is dropped as soon as a date
 * bound is set; keyword terms must all match, each as a contiguous token sequence of title + "\n" + body. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;  // from report_decode.js
  const NO_DAY = -2147483648;
  // A query term: a "quoted phrase" (closing quote optional) or a run of characters that are neither
  // white space nor a quote. White space is Unicode's White_Space, listed here and in QUERY_RE of
  // helpers/query/tokens.py (the same source): the regex white-space class differs between the two.
  const QUERY_RE = /"([^"]*)"?|([^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"]+)/g;
  // Built once by lib.setTokenChars from the exporter's table (docs/filter_contract.md, "In the
  // browser"): the token regex, the characters Python's Unicode tables do not know, and the capital
  // sigmas Python lower-cases to a final sigma.
  let TOKEN_RE = null, UNKNOWN_RE = null, FINAL_SIGMA_RE = null;
  lib.NO_DAY = NO_DAY;

  // ---- tokens and the keyword index --------------------------------------------------------------
  /** Build the page's one token regex from `table` (helpers/query/chars.py token_chars): runs of code
   * points from U+0000 on, each a class letter and its length in base 36. Classes: U unassigned in
   * Python's tables; S, C, I other characters; T, L, M token characters; C and L cased, I and M
   * case-ignorable. Tokens are maximal runs of T, L and M characters, exactly as Python's [^\W_]+
   * finds them, whatever Unicode version this browser has. */
  lib.setTokenChars = function (table) {
    const sets = { U: [], token: [], cased: [], ignorable: [] };
    const hex = (c) => "\\u{" + c.toString(16) + "}";
    const member = { U: ["U"], T: ["token"], L: ["token", "cased"], M: ["token", "ignorable"],
      S: [], C: ["cased"], I: ["ignorable"] };
    let at = 0;
    for (const [, kind, length] of String(table).matchAll(/([USCITLM])([0-9a-z]+)/g)) {
      const end = at + parseInt(length, 36);
      for (const set of member[kind]) sets[set].push(hex(at) + "-" + hex(end - 1));
      at = end;
    }
    if (at !== 0x110000) throw new Error("corrupt core block (token characters)");
    const cased = "[" + sets.cased.join("") + "]", ignorable = "[" + sets.ignorable.join("") + "]*";
    TOKEN_RE = new RegExp("[" + sets.token.join("") + "]+", "gu");
    UNKNOWN_RE = new RegExp("[" + sets.U.join("") + "]", "gu");
    FINAL_SIGMA_RE = new RegExp("\u03a3(?<=" + cased + ignorable + "\u03a3)(?!" + ignorable + cased + ")", "gu");
  };

  /** `text` as Python's str.lower() has it. Characters Python does not know become spaces first (one a
   * UTF-16 unit, so offsets stay), which changes nothing for Python and keeps this browser's newer
   * letters and case pairs out; each capital sigma becomes the final or medial small sigma by Python's
   * rule and casing classes; then toLowerCase(), whose mapping of every other character Python knows
   * is Python's. */
  function lowered(text) {
    if (TOKEN_RE === null) throw new Error("token characters not loaded (lib.setTokenChars)");
    let known = String(text).replace(UNKNOWN_RE, (c) => (c.length === 2 ? "  " : " "));
    if (known.includes("\u03a3")) {
      known = known.replace(FINAL_SIGMA_RE, "\u03c2").replace(/\u03a3/g, "\u03c3");
    }
    return known.toLowerCase();
  }

  /** The tokens of `text`, as helpers/query/tokens.py tokens(): [^\W_]+ runs of the lower-cased text. */
  lib.tokens = function (text) {
    return lowered(text).match(TOKEN_RE) || [];
  };

  /** [token, start, end] for every token of `text`, start/end in `text` (UTF-16 units): where to mark
   * a match. When lower-casing changes the length (U+0130 becomes i + U+0307), a token maps back to
   * whole characters of `text`. */
  lib.tokenSpans = function (text) {
    text = String(text);
    const low = lowered(text), out = [];
    let from = null, to = null;
    if (low.length !== text.length) {
      from = [];
      to = [];
      for (const c of text) {
        const at = from.length ? to[to.length - 1] : 0;
        const units = lowered(c).length;
        for (let k = 0; k < units; k++) { from.push(at); to.push(at + c.length); }
      }
    }
    for (const m of low.matchAll(TOKEN_RE)) {
      const s = m.index, e = s + m[0].length;
      out.push(from === null ? [m[0], s, e] : [m[0], from[s], to[e - 1]]);
    }
    return out;
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

  /** {mask: Uint8Array, exact: bool} for a query, or null when the query has no terms. A phrase is
   * exact with the bodies, or when the report was made with it (`data.phrases`: its articles);
   * otherwise it matches the articles holding all its words and `exact` is false. */
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
        const known = data.phrases && data.phrases[toks.join(" ")];
        if (data.bodies) {
          const needle = " " + toks.join(" ") + " ";
          hits = Int32Array.from(Array.from(hits).filter((i) => lib.tokenText(data, i).includes(needle)));
        } else if (known) {
          hits = Int32Array.from(known);  // a phrase of the exported filter: matched at export
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
   * counts and gaps: first code, then each minus the one before; helpers/report/compute.py). */
  function articleEntities(counts, gaps) {
    const aeOff = new Int32Array(counts.length + 1), aeEnt = new Int32Array(gaps.length);
    for (let i = 0; i < counts.length; i++) {
      aeOff[i + 1] = aeOff[i] + counts[i];
      let code = 0;
      for (let k = aeOff[i]; k < aeOff[i + 1]; k++) { code += gaps[k]; aeEnt[k] = code; }
    }
    return { aeOff, aeEnt };
  }

  /** Typed arrays and derived tables from the `core` block (see helpers/report/compute.py). */
  lib.buildData = function (core, index, details, bodies) {
    lib.setTokenChars(core.token_chars);
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
    Object.assign(data, placesOfArticles(n, data.aeOff, data.aeEnt, data.entPlace, data.nPlace));
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

  /** Counts for every view: timeline bins, entities per kind, places, outlets, co-occurrence.
   * One pass over the selected articles' entity codes (typed arrays held in locals: this is the
   * hot loop of a filter change), then one over their places (see placesOfArticles). */
  lib.aggregate = function (data, sel, topK, coocK) {
    const mask = sel.mask, n = data.n, bin = data.bins.bin, outlet = data.outlet;
    const aeOff = data.aeOff, aeEnt = data.aeEnt, apOff = data.apOff, apPlace = data.apPlace;
    const timeline = new Int32Array(data.bins.starts.length);
    const entCount = new Int32Array(data.nEnt), placeCount = new Int32Array(data.nPlace);
    const outletCount = new Int32Array(data.outlets.length);
    let undated = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) continue;
      const b = bin[i];
      if (b >= 0) timeline[b]++; else undated++;
      outletCount[outlet[i]]++;
      for (let k = aeOff[i], end = aeOff[i + 1]; k < end; k++) entCount[aeEnt[k]]++;
      for (let k = apOff[i], end = apOff[i + 1]; k < end; k++) placeCount[apPlace[k]]++;
    }
    const topByKind = data.kinds.map(() => []);
    const topAll = [], entKind = data.entKind;
    for (let e = 0; e < entCount.length; e++) {
      if (entCount[e] === 0) continue;
      topInsert(topByKind[entKind[e]], entCount, e, topK);
      topInsert(topAll, entCount, e, coocK);
    }
    return { timeline, undated, entCount, placeCount, outletCount, topByKind,
             cooc: cooccurrence(data, mask, topAll) };
  };

  /** {apOff, apPlace}: the distinct places of article i are apPlace[apOff[i] .. apOff[i + 1]) (the
   * places of its entities, an article naming a place twice counted once). */
  function placesOfArticles(n, aeOff, aeEnt, entPlace, nPlace) {
    const apOff = new Int32Array(n + 1), seen = new Int32Array(nPlace).fill(-1), out = [];
    for (let i = 0; i < n; i++) {
      for (let k = aeOff[i]; k < aeOff[i + 1]; k++) {
        const p = entPlace[aeEnt[k]];
        if (p >= 0 && seen[p] !== i) { seen[p] = i; out.push(p); }
      }
      apOff[i + 1] = out.length;
    }
    return { apOff, apPlace: Int32Array.from(out) };
  }

  function cooccurrence(data, mask, top) {
    const k = top.length, rank = new Int16Array(data.nEnt).fill(-1);
    top.forEach((e, r) => { rank[e] = r; });
    const counts = new Int32Array(k * k), present = new Int32Array(k);
    const aeOff = data.aeOff, aeEnt = data.aeEnt;
    for (let i = 0; i < data.n; i++) {
      if (mask[i] === 0) continue;
      let m = 0;
      for (let j = aeOff[i], end = aeOff[i + 1]; j < end; j++) {
        const r = rank[aeEnt[j]];
        if (r >= 0) present[m++] = r;
      }
      for (let a = 0; a < m; a++) {
        for (let b = a + 1; b < m; b++) { counts[present[a] * k + present[b]]++; counts[present[b] * k + present[a]]++; }
      }
    }
    const z = Array.from({ length: k }, (_, a) => Array.from(counts.subarray(a * k, a * k + k)));
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
