/* Corpus Atlas report: keyword search, the data's typed arrays, filtering and counting. No DOM
 * access (report_decode.js reads the embedded blocks). The filter semantics follow helpers/query/filters.py
 * exactly (see FILTERS.md): fields combine with AND; outlets/places: any; entities: any/all by chip;
 * an undated article is dropped as soon as a date bound is set; keyword terms must all match, each
 * as a contiguous token sequence of title + "\n" + body. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;  // from report_decode.js
  const NO_DAY = -2147483648;
  const TOKEN_RE = /[\p{L}\p{N}]+/gu;
  const QUERY_RE = /"([^"]*)"?|([^\s"]+)/g;
  lib.NO_DAY = NO_DAY;

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
