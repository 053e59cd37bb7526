/* Corpus Atlas report: "this selection versus the rest" (weighted log-odds), mean tone over time,
 * and "count each story once". Computed in the page from the word index, the article -> entities
 * lists and the small ca-extra block (helpers/report/extras.py). Article text reaches the DOM only
 * as text nodes (ui.el). */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib, ui = global.CorpusAtlasUI;
  const cmp = {};
  //: the informative prior's scale, as helpers.compare's default; terms listed from this many uses on
  //: both sides together (helpers.compare min_count)
  cmp.PRIOR = 0.1;
  cmp.MIN_COUNT = 3;
  //: NormalDist().inv_cdf(0.975): a 95 % band, as helpers.tone_series
  const Z95 = 1.959963984540054;

  // ---- count each story once -------------------------------------------------------------------
  /** Of the selection `sel` ({mask, count}), the earliest article of each story (extra.stories:
   * the articles of each story of two or more, earliest first), as Corpus.once_per_story. */
  cmp.oncePerStory = function (extra, sel) {
    const mask = sel.mask.slice();
    let count = sel.count;
    for (const group of extra.stories) {
      let found = false;
      for (const i of group) {
        if (!mask[i]) continue;
        if (found) { mask[i] = 0; count--; } else found = true;
      }
    }
    return { mask, count };
  };

  // ---- weighted log-odds (helpers/analysis/compare.py log_odds) -----------------------------------
  /** {delta, z} of each term from its counts on two sides (Monroe, Colaresi & Quinn 2008): the prior
   * adds prior * (ya + yb) to each side; z = delta / sqrt(1 / (ya + alpha) + 1 / (yb + alpha)). */
  cmp.logOdds = function (ya, yb, prior) {
    const m = ya.length, alpha = new Float64Array(m);
    let alpha0 = 0, na = 0, nb = 0;
    for (let t = 0; t < m; t++) { alpha[t] = prior * (ya[t] + yb[t]); alpha0 += alpha[t]; na += ya[t]; nb += yb[t]; }
    const delta = new Float64Array(m), z = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const a = ya[t] + alpha[t], b = yb[t] + alpha[t];
      delta[t] = Math.log(a / (na + alpha0 - a)) - Math.log(b / (nb + alpha0 - b));
      z[t] = delta[t] / Math.sqrt(1 / a + 1 / b);
    }
    return { delta, z, na, nb };
  };

  /** The word postings of every token that is not a stop word, decoded once, and the same pairs by
   * article: {words, df (articles per word), artOff, tok (the words of article i are
   * tok[artOff[i] .. artOff[i + 1]))}. */
  function wordTable(data, extra) {
    if (data.wordTable) return data.wordTable;
    const stop = new Set(extra.stop), words = [], lists = [];
    let total = 0;
    for (const word of data.index.vocab.keys()) {
      if (stop.has(word)) continue;
      const list = lib.postings(data.index, word);
      words.push(word);
      lists.push(list);
      total += list.length;
    }
    const df = new Float64Array(words.length), artOff = new Int32Array(data.n + 1), tok = new Int32Array(total);
    lists.forEach((list, t) => { df[t] = list.length; for (const i of list) artOff[i + 1]++; });
    for (let i = 0; i < data.n; i++) artOff[i + 1] += artOff[i];
    const fill = artOff.slice(0, data.n);
    lists.forEach((list, t) => { for (const i of list) tok[fill[i]++] = t; });
    data.wordTable = { words, df, artOff, tok };
    return data.wordTable;
  }

  /** The selection (`mask`) against every other article of the report: for words (articles using
   * the word, stop words left out) and entities (articles naming it), {ya, yb, delta, z, na, nb}. */
  cmp.compare = function (data, extra, mask, prior = cmp.PRIOR) {
    const table = wordTable(data, extra), nW = table.words.length, artOff = table.artOff, tok = table.tok;
    // count the smaller side article by article; the other is the word's articles minus it
    let inside = 0;
    for (let i = 0; i < data.n; i++) inside += mask[i];
    const side = inside * 2 <= data.n ? 1 : 0, counted = new Float64Array(nW), other = new Float64Array(nW);
    for (let i = 0; i < data.n; i++) {
      if (mask[i] !== side) continue;
      for (let k = artOff[i], end = artOff[i + 1]; k < end; k++) counted[tok[k]]++;
    }
    for (let t = 0; t < nW; t++) other[t] = table.df[t] - counted[t];
    const wa = side ? counted : other, wb = side ? other : counted;
    const ea = new Float64Array(data.nEnt), eb = new Float64Array(data.nEnt);
    for (let i = 0; i < data.n; i++) {
      const side = mask[i] ? ea : eb;
      for (let k = data.aeOff[i]; k < data.aeOff[i + 1]; k++) side[data.aeEnt[k]]++;
    }
    return {
      words: Object.assign({ ya: wa, yb: wb, label: (t) => table.words[t] }, cmp.logOdds(wa, wb, prior)),
      entities: Object.assign({ ya: ea, yb: eb, label: (e) => data.entName[e] }, cmp.logOdds(ea, eb, prior)),
    };
  };

  /** The `k` terms of `part` most distinctive of side "a" (z > 0, highest first) or "b". */
  cmp.top = function (part, side, k) {
    const out = [], sign = side === "a" ? 1 : -1, zs = part.z;
    for (let t = 0; t < zs.length; t++) {
      const z = zs[t] * sign;  // 1e-9: not a rounding error of 0
      if (!(z > 1e-9) || part.ya[t] + part.yb[t] < cmp.MIN_COUNT) continue;
      if (out.length === k && zs[out[k - 1]] * sign >= z) continue;  // ties: the first term stays
      let j = out.length < k ? out.length : k - 1;
      while (j > 0 && zs[out[j - 1]] * sign < z) { out[j] = out[j - 1]; j--; }
      out[j] = t;
    }
    return out;
  };

  // ---- tone over time -------------------------------------------------------------------------------
  /** Per timeline bin of the selected articles with a tone: {n, mean, lo, hi} (arrays; null where a
   * bin has no tone, lo/hi null for a single article), as helpers.tone_series by=None. */
  cmp.toneSeries = function (data, extra, mask) {
    const nb = data.bins.starts.length, scale = extra.tone_scale;
    const n = new Int32Array(nb), sum = new Float64Array(nb), sq = new Float64Array(nb);
    for (let i = 0; i < data.n; i++) {
      const b = data.bins.bin[i], v = extra.tone[i];
      if (!mask[i] || b < 0 || v === null) continue;
      const x = v / scale;
      n[b]++; sum[b] += x;
    }
    const mean = Array.from(n, (c, b) => (c ? sum[b] / c : null));
    for (let i = 0; i < data.n; i++) {
      const b = data.bins.bin[i], v = extra.tone[i];
      if (!mask[i] || b < 0 || v === null) continue;
      const d = v / scale - mean[b];
      sq[b] += d * d;
    }
    const half = Array.from(n, (c, b) => (c > 1 ? (Z95 * Math.sqrt(sq[b] / (c - 1))) / Math.sqrt(c) : null));
    return { n: Array.from(n), mean, lo: mean.map((m, b) => (half[b] === null ? null : m - half[b])),
      hi: mean.map((m, b) => (half[b] === null ? null : m + half[b])) };
  };

  // ---- the panels ------------------------------------------------------------------------------------
  const el = (...args) => ui.el(...args);
  const zText = (z) => (z >= 0 ? "+" : "−") + Math.abs(z).toFixed(1);

  /** The compare panel in `box`: returns update(app), which recomputes it for app's selection. */
  cmp.panel = function (box, data, extra) {
    setTimeout(() => wordTable(data, extra), 300);  // decode the postings once, after the first draw
    const note = el("p", { className: "ca-hint" });
    const cols = el("div", { className: "ca-barcols ca-compare" });
    box.replaceChildren(note, cols);
    const column = (title, part, side, k) => el("div", { className: "ca-cmp-col" },
      el("h3", { className: "ca-cmp-title" }, title),
      el("ol", { className: "ca-cmp-list" }, ...cmp.top(part, side, k).map((t) => el("li", { className: "ca-cmp-row" },
        el("span", { className: "ca-cmp-term" }, part.label(t)),
        el("span", { className: "ca-cmp-num", title: "z-score; articles in the selection / in the rest" },
          `z ${zText(part.z[t])} · ${ui.fmt(part.ya[t])} / ${ui.fmt(part.yb[t])}`)))));
    return function update(app) {
      const mask = app.rawSel.mask, inside = app.rawSel.count, rest = app.data.n - inside;
      if (!inside || !rest) {
        note.textContent = inside ? "The selection is every article: narrow it to compare it with the rest."
          : "No article selected.";
        cols.replaceChildren();
        app.comparison = null;
        return;
      }
      const res = cmp.compare(app.data, app.extra, mask);
      app.comparison = res;
      note.textContent = `${ui.fmt(inside)} selected articles against the other ${ui.fmt(rest)}: weighted log-odds`
        + " with an informative prior (as helpers.compare), counting articles that use a word or name an entity.";
      cols.replaceChildren(column("Words of the selection", res.words, "a", 12), column("Words of the rest", res.words, "b", 12),
        column("Entities of the selection", res.entities, "a", 8), column("Entities of the rest", res.entities, "b", 8));
    };
  };

  //: line and band colours: the selection, or up to four outlets (chips) each
  const TONE_COLORS = [["#7c3aed", "rgba(124, 58, 237, 0.15)"], ["#0891b2", "rgba(8, 145, 178, 0.12)"],
    ["#ea580c", "rgba(234, 88, 12, 0.12)"], ["#16a34a", "rgba(22, 163, 74, 0.12)"]];

  /** The groups the tone panel draws: with two to four outlets chosen, one per outlet (as
   * helpers.tone_series by="outlet"), else the whole selection: [{name, mask}]. */
  cmp.toneGroups = function (app) {
    const outlets = [...new Set(app.state.outlets.flatMap((chip) => chip.codes))].sort((a, b) => a - b);
    const mask = app.sel.mask, d = app.data;
    if (outlets.length < 2 || outlets.length > TONE_COLORS.length) return [{ name: "selection", mask }];
    return outlets.map((o) => ({ name: d.outlets[o] || "(no outlet)",
      mask: Uint8Array.from(mask, (m, i) => (m && d.outlet[i] === o ? 1 : 0)) }));
  };

  /** The tone panel in `box` (a line with its 95 % band over the timeline's bins): update(app). */
  cmp.tonePanel = function (box, data, extra, onBrush, onClear) {
    if (!extra.tone) {
      box.replaceChildren(el("p", { className: "ca-hint" }, "This corpus was exported without tone (not enriched with it)."));
      return () => {};
    }
    const bins = data.bins, unit = bins.unit === "day" ? "" : bins.unit === "week" ? "week of " : "month from ";
    const legend = el("p", { className: "ca-hint ca-tone-legend" });
    box.after(legend);
    let groups = [];
    const one = (g, k) => (g.series.mean[k] === null ? `${g.name}: no article with a tone`
      : `${g.name}: ${g.series.mean[k].toFixed(3)}` + (g.series.lo[k] === null ? ""
        : ` (95 %: ${g.series.lo[k].toFixed(3)} to ${g.series.hi[k].toFixed(3)})`) + `, ${g.series.n[k]} article(s)`);
    const chart = global.CorpusAtlasChart.timeChart(box, {
      label: "Mean tone over time", bins, onBrush, onClear,
      hoverText: (k) => `${unit}${lib.dayToISO(bins.starts[k])}, mean tone: ` + groups.map((g) => one(g, k)).join("; "),
    });
    box.caChart = chart;
    return function update(app) {
      groups = cmp.toneGroups(app).map((g) => Object.assign(g, { series: cmp.toneSeries(data, extra, g.mask) }));
      app.tone = groups.length === 1 ? groups[0].series : cmp.toneSeries(data, extra, app.sel.mask);
      app.toneGroups = groups.map((g) => ({ name: g.name, ...g.series }));
      let lo = -0.1, hi = 0.1;
      for (const g of groups) {
        for (const arr of [g.series.mean, g.series.lo, g.series.hi]) {
          for (const v of arr) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
      }
      legend.replaceChildren(...groups.map((g, k) => {
        const item = el("span", { className: "ca-tone-key" }, "━ " + g.name);
        item.style.color = TONE_COLORS[k][0];  // CSSOM, not a style attribute (the CSP)
        return item;
      }));
      chart.setRange(app.state.start, app.state.end);
      chart.set(groups.map((g, k) => ({ values: g.series.mean, lo: g.series.lo, hi: g.series.hi, kind: "line",
        color: TONE_COLORS[k][0], fill: TONE_COLORS[k][1] })), Math.min(1, Math.ceil(hi * 10) / 10),
      Math.max(-1, Math.floor(lo * 10) / 10));
    };
  };

  global.CorpusAtlasCompare = cmp;
})(window);
