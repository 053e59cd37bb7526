/* Corpus Atlas report: the application. Reads the embedded blocks, keeps the filter state, wires
 * the controls and the plot clicks, redraws every view on each change. window.CorpusAtlas is a
 * small API for tests and benchmarks (setState, state, selected, counts, timing, drawn). */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib, views = global.CorpusAtlasViews, ui = global.CorpusAtlasUI;
  const bars = global.CorpusAtlasBars, cmp = global.CorpusAtlasCompare;
  const el = ui.el, $ = (id) => document.getElementById(id);
  const TOP_K = 10, COOC_K = 12, MAX_CHIPS = 30;
  const FIELDS = ["entities", "places", "outlets"];

  function cloneState(s) {
    return {
      start: s.start, end: s.end, mode: s.mode || "any", keyword: s.keyword || "",
      entities: (s.entities || []).map((c) => ({ label: c.label, codes: c.codes.slice() })),
      places: (s.places || []).map((c) => ({ label: c.label, codes: c.codes.slice() })),
      outlets: (s.outlets || []).map((c) => ({ label: c.label, codes: c.codes.slice() })),
    };
  }
  const EMPTY = { start: null, end: null, mode: "any", keyword: "", entities: [], places: [], outlets: [] };

  class App {
    constructor(meta, data, extra) {
      this.meta = meta;
      this.data = data;
      this.extra = extra;  // stop words, tone, stories (helpers/report/extras.py)
      this.perStory = false;  // "count each story once"
      this.storyTotal = extra.stories.reduce((n, g) => n - g.length + 1, data.n);
      this.state = cloneState(meta.initial);
      this.kw = { query: null, result: null };
      this.limit = 25;
      this.timing = {};
      this.plotsReady = false;
      const all = { mask: new Uint8Array(data.n).fill(1), count: data.n };
      this.whole = lib.aggregate(data, all, TOP_K, COOC_K);
    }

    selectedEntities() {
      const set = new Set();
      for (const chip of this.state.entities) for (const c of chip.codes) set.add(c);
      return set;
    }

    selectedCodes(field) {
      const set = new Set();
      for (const chip of this.state[field]) for (const c of chip.codes) set.add(c);
      return set;
    }

    /** Decode the snippets block on the first drill-down (once, however many clicks arrive). */
    async ensureDetails() {
      if (this.data.details !== null || !this.meta.contents.snippets) return;
      this.detailsLoading = this.detailsLoading || lib.readJSON("ca-details");
      this.data.details = await this.detailsLoading;
    }

    /** Filter, count and redraw every view; returns the timings in ms. */
    apply() {
      const t0 = performance.now();
      if (this.kw.query !== this.state.keyword) {
        this.kw = { query: this.state.keyword, result: lib.keywordMask(this.data, this.state.keyword) };
      }
      this.rawSel = this.sel = lib.select(this.data, this.state, this.kw.result);
      if (this.perStory) this.sel = cmp.oncePerStory(this.extra, this.sel);
      const t1 = performance.now();
      // every article selected (the start, a reset): the counts of the whole report, made at boot
      this.agg = this.sel.count === this.data.n ? this.whole : lib.aggregate(this.data, this.sel, TOP_K, COOC_K);
      const t2 = performance.now();
      this.draw();
      const t3 = performance.now();
      this.limit = 25;
      ui.renderList(this, $("ca-list"), this.limit);
      this.renderControls();
      const t4 = performance.now();
      this.timing = { filter: t1 - t0, count: t2 - t1, plots: t3 - t2, dom: t4 - t3, total: t4 - t0, ...this.panelTiming };
      return this.timing;
    }

    draw() {
      const d = this.data, a = this.agg, map = views.places(d, a, this.selectedCodes("places"));
      if (!this.plotsReady) this.wireViews();
      this.updateTimeline(a, this.base(), this.state, $("ca-scale").checked);
      /** Resolves when the views show this change (they paint synchronously, on canvases). */
      this.drawn = Promise.resolve();
      this.drawMap(map.points);
      $("ca-map-note").textContent = map.note;
      this.plotsReady = true;
      this.updateEntities(a, this.selectedEntities());
      this.updateOutlets(a, this.selectedCodes("outlets"));
      this.updateCooc(a);
      const c0 = performance.now();
      this.updateCompare(this);
      const c1 = performance.now();
      this.updateTone(this);
      this.panelTiming = { compare: c1 - c0, tone: performance.now() - c1 };
    }

    /** The counts of the whole report: of its articles, or of its stories with "each story once". */
    base() {
      if (!this.perStory) return this.whole;
      const all = { mask: new Uint8Array(this.data.n).fill(1), count: this.data.n };
      this.wholeStories = this.wholeStories || lib.aggregate(this.data, cmp.oncePerStory(this.extra, all), TOP_K, COOC_K);
      return this.wholeStories;
    }

    wireViews() {
      this.updateTimeline = views.timeline($("ca-timeline"), this.data,
        (start, end) => this.update({ start, end }), () => this.update({ start: null, end: null }));
      this.drawMap = views.placesMap($("ca-map"), this.data, (p) => this.addChip("places", p, this.data.placeName[p]));
      this.updateEntities = bars.entities(this, $("ca-entities"), views);
      this.updateOutlets = bars.outlets(this, $("ca-outlets"));
      this.updateCooc = bars.cooccurrence(this, $("ca-cooc"), COOC_K, views);
      this.updateCompare = cmp.panel($("ca-compare"), this.data, this.extra);
      this.updateTone = cmp.tonePanel($("ca-tone"), this.data, this.extra,
        (start, end) => this.update({ start, end }), () => this.update({ start: null, end: null }));
    }

    /** Articles naming both entities (a co-occurrence cell); one entity for a diagonal cell. */
    addPair(a, b) {
      if (a === b) return this.addEntity(a);
      for (const e of [a, b]) this.pushChip("entities", e, this.data.entName[e]);
      return this.update({ mode: "all" });
    }

    update(changes) {
      Object.assign(this.state, changes);
      return this.apply();
    }

    pushChip(field, code, label) {
      const chips = this.state[field];
      if (chips.length >= MAX_CHIPS || chips.some((c) => c.codes.length === 1 && c.codes[0] === code)) return;
      chips.push({ label, codes: [code] });
    }

    addChip(field, code, label) {
      this.pushChip(field, code, label);
      this.apply();
    }

    addEntity(code) {
      this.addChip("entities", code, this.data.entName[code]);
    }

    showMore() {
      this.limit += 100;
      ui.renderList(this, $("ca-list"), this.limit);
    }

    reset(toInitial) {
      this.state = cloneState(toInitial ? this.meta.initial : EMPTY);
      for (const field of FIELDS) {  // text typed in a picker and not chosen goes too
        $(`ca-input-${field}`).value = "";
        $(`ca-input-${field}`).dispatchEvent(new Event("input"));
      }
      $("ca-keyword").value = "";
      return this.apply();
    }

    renderControls() {
      const s = this.state, d = this.data;
      const setValue = (input, value) => { if (input.value !== value) input.value = value; };
      setValue($("ca-from"), s.start === null ? "" : lib.dayToISO(s.start));
      setValue($("ca-to"), s.end === null ? "" : lib.dayToISO(s.end));
      if (document.activeElement !== $("ca-keyword")) setValue($("ca-keyword"), s.keyword);
      setValue($("ca-mode"), s.mode);
      for (const field of FIELDS) {
        const box = $(`ca-chips-${field}`), key = JSON.stringify(s[field]);
        if (box.caKey === key) continue;  // the same chips as drawn: keep them
        box.caKey = key;
        box.replaceChildren(...s[field].map((chip, k) => {
          const x = el("button", { type: "button", className: "ca-chip-x", title: "Remove", "aria-label": "Remove " + chip.label }, "×");
          x.addEventListener("click", () => { this.state[field].splice(k, 1); this.apply(); });
          const cls = chip.codes.length ? "ca-chip" : "ca-chip ca-chip-unknown";
          const tip = chip.codes.length ? chip.label : "Not found in this corpus: matches no article";
          return el("span", { className: cls, title: tip }, el("span", { className: "ca-chip-label" }, chip.label), x);
        }));
      }
      const exact = !this.kw.result || this.kw.result.exact;
      $("ca-keyword-note").hidden = exact;
      const c = this.sel.count;
      $("ca-count").textContent = ui.fmt(c);
      $("ca-total").textContent = ui.fmt(this.perStory ? this.storyTotal : d.n);
      $("ca-unit").textContent = this.perStory ? "stories" : "articles";
      $("ca-undated").textContent = this.agg.undated ? `${ui.fmt(this.agg.undated)} undated article(s) selected, not on the timeline.` : "";
      $("ca-filter-text").textContent = describe(this);
      $("ca-python").textContent = ui.pythonFilter(s);
      $("ca-initial").hidden = !this.meta.initial_text || sameState(s, this.meta.initial);
    }
  }

  function sameState(a, b) {
    return JSON.stringify(cloneState(a)) === JSON.stringify(cloneState(b));
  }

  function describe(app) {
    const s = app.state, parts = [];
    if (s.start !== null || s.end !== null) {
      parts.push(`${s.start === null ? "…" : ui.dayText(s.start)} – ${s.end === null ? "…" : ui.dayText(s.end)}`);
    }
    const names = (field) => s[field].map((c) => c.label).join(", ");
    if (s.entities.length) parts.push(`${s.mode === "all" && s.entities.length > 1 ? "all of" : "any of"}: ${names("entities")}`);
    if (s.places.length) parts.push(`places: ${names("places")}`);
    if (s.outlets.length) parts.push(`outlets: ${names("outlets")}`);
    const terms = lib.queryTerms(s.keyword);
    if (terms.length) parts.push("keyword: " + terms.map((t) => `"${t.join(" ")}"`).join(" "));
    return parts.length ? parts.join(" · ") : "All articles in this report";
  }

  // ---- type-ahead --------------------------------------------------------------------------------
  function typeahead(app, field, search) {
    const input = $(`ca-input-${field}`), list = $(`ca-suggest-${field}`);
    let items = [], active = 0;
    const close = () => { list.hidden = true; list.replaceChildren(); items = []; };
    const choose = (item) => { input.value = ""; close(); app.addChip(field, item.code, item.label); };
    const render = () => {
      list.replaceChildren(...items.map((item, k) => {
        const b = el("li", { role: "option", className: k === active ? "ca-opt ca-opt-active" : "ca-opt" },
          el("span", { className: "ca-opt-label" }, item.label), el("span", { className: "ca-opt-sub" }, item.sub));
        b.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(item); });
        return b;
      }));
      list.hidden = !items.length;
    };
    input.addEventListener("input", () => { items = search(input.value.trim().toLowerCase()); active = 0; render(); });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (items.length) active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        render();
      } else if (ev.key === "Enter" && items.length) { ev.preventDefault(); choose(items[active]); }
      else if (ev.key === "Escape") close();
    });
    input.addEventListener("blur", close);
  }

  /** Where the words of `key` start: its first character and each token's first (the report's own
   * tokeniser: the same letters and digits as the keyword search), cached per key. */
  const WORD_STARTS = new Map();
  function startsWord(key, q) {
    let starts = WORD_STARTS.get(key);
    if (!starts) WORD_STARTS.set(key, starts = [0, ...lib.tokenSpans(key).map((t) => t[1])]);
    return starts.some((at) => key.startsWith(q, at));
  }

  /** Suggestions for `q`: names or aliases with a word starting with `q` first, then any other
   * substring match; within each, most articles in the selection, then in the whole report, then
   * the code (first seen first). */
  function typeaheadRank(q, size, keys, selected, total) {
    const hits = [];
    for (let k = 0; k < size; k++) {
      const ks = keys[k];
      const rank = ks.some((x) => startsWord(x, q)) ? 0 : ks.some((x) => x.includes(q)) ? 1 : -1;
      if (rank >= 0) hits.push([rank, -selected(k), -total(k), k]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    return hits.map((h) => h[3]);
  }

  function matcher(count, total, labelOf, keysOf, subOf, size) {
    let keys = null;
    return (q) => {
      if (!q) return [];
      keys = keys || Array.from({ length: size }, (_, k) => keysOf(k).map((x) => String(x).toLowerCase()));
      return typeaheadRank(q, size, keys, count, total).slice(0, 8)
        .map((k) => ({ code: k, label: labelOf(k), sub: subOf(k) }));
    };
  }

  function wireControls(app) {
    const d = app.data;
    const counted = (n, whole) => `${ui.fmt(n)} of ${ui.fmt(whole)}`;
    typeahead(app, "entities", matcher((e) => app.agg.entCount[e], (e) => app.base().entCount[e], (e) => d.entName[e], (e) => [d.entName[e], ...d.entAlias[e]],
      (e) => `${d.kinds[d.entKind[e]]} · ${counted(app.agg.entCount[e], app.base().entCount[e])}`, d.nEnt));
    typeahead(app, "places", matcher((p) => app.agg.placeCount[p], (p) => app.base().placeCount[p], (p) => d.placeName[p], (p) => [d.placeName[p], d.placeId[p]],
      (p) => `${d.placeCountry[p]} · ${counted(app.agg.placeCount[p], app.base().placeCount[p])}`, d.nPlace));
    typeahead(app, "outlets", matcher((o) => app.agg.outletCount[o], (o) => app.base().outletCount[o], (o) => d.outlets[o] || "(no outlet)", (o) => [d.outlets[o] || "(no outlet)"],
      (o) => counted(app.agg.outletCount[o], app.base().outletCount[o]), d.outlets.length));
    const setDate = (key, input) => input.addEventListener("change", () => app.update({ [key]: lib.isoToDay(input.value) }));
    setDate("start", $("ca-from"));
    setDate("end", $("ca-to"));
    const kw = $("ca-keyword");
    kw.addEventListener("keydown", (ev) => { if (ev.key === "Enter") app.update({ keyword: kw.value }); });
    kw.addEventListener("change", () => app.update({ keyword: kw.value }));
    $("ca-mode").addEventListener("change", () => app.update({ mode: $("ca-mode").value }));
    $("ca-reset").addEventListener("click", () => app.reset(false));
    $("ca-csv").addEventListener("click", () => ui.downloadCSV(app));
    $("ca-scale").addEventListener("change", () => app.draw());
    $("ca-zoom-reset").addEventListener("click", () => $("ca-timeline").caChart.resetZoom());
    for (const button of document.querySelectorAll(".ca-png")) {
      button.addEventListener("click", () => { const png = viewPNG(app, button.dataset.view); global.CorpusAtlasChart.download(png.canvas, png.name); });
    }
    $("ca-initial").addEventListener("click", () => app.reset(true));
    $("ca-per-story").disabled = !app.extra.stories.length;
    $("ca-per-story").addEventListener("change", () => { app.perStory = $("ca-per-story").checked; app.apply(); });
    if (d.bins.lo !== undefined) {
      for (const id of ["ca-from", "ca-to"]) { $(id).min = lib.dayToISO(d.bins.lo); $(id).max = lib.dayToISO(d.bins.hi); }
    }
  }

  const VIEW_TITLES = { timeline: "Articles over time", entities: "Most mentioned", map: "Places",
    outlets: "Outlets", cooc: "Mentioned together" };

  /** The PNG of a view with the report's title and the filter under it: {canvas, lines, name}. */
  function viewPNG(app, view) {
    const d = app.data, a = app.agg, chart = global.CorpusAtlasChart;
    let image;
    if (view === "timeline") image = $("ca-timeline").caChart.snapshot();
    else if (view === "map") image = $("ca-map").caSnapshot();
    else if (view === "cooc") image = $("ca-cooc").caSnapshot();
    else if (view === "entities") {
      image = bars.listsImage(d.kinds.slice(0, 4).map((kind, k) => ({ title: views.kindTitle(kind), color: views.kindSoft(kind),
        rows: (a.topByKind[k] || []).map((e) => ({ label: d.entName[e], value: a.entCount[e] })) })), views.FONT);
    } else if (view === "outlets") {
      const codes = [...d.outlets.keys()].filter((o) => a.outletCount[o] > 0)
        .sort((x, y) => a.outletCount[y] - a.outletCount[x] || x - y).slice(0, 15);
      image = bars.listsImage([{ title: "Outlets", color: "#cffafe",
        rows: codes.map((o) => ({ label: d.outlets[o] || "(no outlet)", value: a.outletCount[o] })) }], views.FONT);
    } else throw new Error("no view " + view);
    const counted = `${ui.fmt(app.sel.count)} of ${ui.fmt(d.n)} articles`;
    const out = chart.withCaption(image, VIEW_TITLES[view], app.meta.title, `${describe(app)} (${counted})`);
    return Object.assign(out, { name: `corpus-atlas-${view}.png` });
  }

  function renderProvenance(meta) {
    $("ca-keyword-help").textContent = meta.keyword_help;
    $("ca-provenance-list").replaceChildren(...meta.provenance.map(([k, v]) => el("div", { className: "ca-prov-row" },
      el("dt", {}, k), el("dd", {}, v))));
    $("ca-initial").textContent = "Back to the exported filter";
    $("ca-initial").title = meta.initial_text || "";
  }

  async function boot() {
    const meta = await lib.readJSON("ca-meta");
    const [core, indexBytes, bodies, geo, extra] = await Promise.all([
      lib.readCore("ca-core"), lib.readBytes("ca-index"), meta.contents.bodies ? lib.readJSON("ca-bodies") : null,
      document.getElementById("ca-geo") ? lib.readJSON("ca-geo") : null, lib.readJSON("ca-extra")]);
    global.CorpusAtlasBaseMap = geo;  // the base map's lines (helpers/report/export.py base_map)
    const data = lib.buildData(core, lib.buildIndex(indexBytes), null, bodies);
    data.phrases = Object.assign(Object.create(null), meta.phrases || {});
    const app = new App(meta, data, extra);
    renderProvenance(meta);
    wireControls(app);
    app.apply();
    document.body.classList.remove("ca-loading");
    global.__caFirstDraw = performance.now();
    return app;
  }

  const ready = boot().catch((err) => {
    const box = document.getElementById("ca-error");
    box.hidden = false;
    const damaged = /corrupt|decompress|Failed to fetch|JSON/i.test(String(err));
    box.textContent = "This report could not start: " + err + ". " + (damaged
      ? "Its embedded data is damaged: was the file edited, re-encoded or cut short? Ask for a fresh copy."
      : "It needs a current browser (Chromium, Firefox or Safari from 2023 on).");
    throw err;
  });

  global.CorpusAtlas = {
    ready,
    /** Replace the whole filter state ({start, end, mode, keyword, entities/places/outlets: chips}). */
    setState: async (s) => {
      const app = await ready;
      app.state = cloneState(Object.assign({}, EMPTY, s));
      return app.apply();
    },
    state: async () => cloneState((await ready).state),
    selected: async () => { const app = await ready; const out = []; app.sel.mask.forEach((m, i) => { if (m) out.push(i); }); return out; },
    counts: async () => {
      const app = await ready;
      return { articles: app.sel.count, entities: Array.from(app.agg.entCount), places: Array.from(app.agg.placeCount),
        outlets: Array.from(app.agg.outletCount), timeline: Array.from(app.agg.timeline), undated: app.agg.undated };
    },
    timing: async () => (await ready).timing,
    /** "Count each story once" on or off (as the check box): the timings of the redraw. */
    perStory: async (on) => { const app = await ready; $("ca-per-story").checked = app.perStory = Boolean(on); return app.apply(); },
    /** The compare panel's figures for the selection: per kind, the terms with counts, delta and z. */
    compare: async () => {
      const res = (await ready).comparison;
      const part = (p) => ({ terms: Array.from(p.z, (_, t) => p.label(t)), ya: Array.from(p.ya), yb: Array.from(p.yb),
        delta: Array.from(p.delta), z: Array.from(p.z), topA: cmp.top(p, "a", 12), topB: cmp.top(p, "b", 12) });
      return res ? { words: part(res.words), entities: part(res.entities) } : null;
    },
    /** The tone panel's series: per timeline bin {n, mean, lo, hi} and the bins' first days. */
    tone: async () => { const app = await ready; return Object.assign({ starts: app.data.bins.starts, groups: app.toneGroups }, app.tone || {}); },
    /** Resolves when the plots show the latest change (they draw in the browser's next frame). */
    drawn: async () => (await ready).drawn,
    app: () => ready,
    /** The PNG export of a view ("timeline", "entities", "map", "outlets", "cooc"): caption lines,
     * size in pixels and the image as a data: URL. */
    png: async (view) => {
      const png = viewPNG(await ready, view);
      return { lines: png.lines, width: png.canvas.width, height: png.canvas.height, url: png.canvas.toDataURL("image/png") };
    },
    /** Suggestion order of the type-ahead (for tests): codes for query `q` over `keys` per code. */
    rank: (q, keys, selected, total) => typeaheadRank(q, keys.length, keys, (k) => selected[k], (k) => total[k]),
  };
})(window);
