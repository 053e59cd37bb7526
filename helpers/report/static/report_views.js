/* Corpus Atlas report: the timeline (on CorpusAtlasChart's canvas chart), the places map (an SVG
 * base map under a canvas of points) and the canvas layer the map and the matrix share. Text from
 * the corpus reaches the page only through textContent and canvas fillText. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;
  const views = {};
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const ACCENT = "#2563eb", MUTED = "#cbd5e1", INK = "#1f2937";
  const KIND_COLORS = { person: "#2563eb", org: "#d97706", place: "#059669", group: "#9333ea" };
  const KIND_SOFT = { person: "#dbe6fe", org: "#fdecc8", place: "#d1f2e4", group: "#efe0fc" };
  const KIND_TITLES = { person: "People", org: "Organisations", place: "Places", group: "Groups" };
  views.FONT = FONT;
  views.kindColor = (kind) => KIND_COLORS[kind] || "#64748b";
  views.kindSoft = (kind) => KIND_SOFT[kind] || "#e2e8f0";
  views.kindTitle = (kind) => KIND_TITLES[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);

  /** The timeline: all articles (light bars) and the selection (blue bars) per bin, in `box`.
   * Returns update(agg, whole, state, scaled): `scaled` fits the y axis to the selection. */
  views.timeline = function (box, data, onBrush, onClear) {
    const bins = data.bins, chart = global.CorpusAtlasChart;
    const unit = bins.unit === "day" ? "" : bins.unit === "week" ? "week of " : "month from ";
    let agg = null, whole = null;
    const timeChart = chart.timeChart(box, {
      label: "Articles over time", bins, onBrush, onClear,
      hoverText: (k) => `${unit}${lib.dayToISO(bins.starts[k])}: ${agg.timeline[k]} of ${whole.timeline[k]} articles`,
    });
    box.caChart = timeChart;
    return function update(nextAgg, nextWhole, state, scaled) {
      agg = nextAgg;
      whole = nextWhole;
      let max = 1;
      for (const v of scaled ? agg.timeline : whole.timeline) max = Math.max(max, v);
      timeChart.setRange(state.start, state.end);
      timeChart.set([{ values: whole.timeline, color: "#e2e8f0", kind: "bars" },
        { values: agg.timeline, color: "rgba(37, 99, 235, 0.75)", kind: "bars" }], max);
    };
  };

  /** Natural Earth projection (polynomial form; the same formula as helpers.geo.project), degrees. */
  function project(lon, lat) {
    const phi = (lat * Math.PI) / 180, lam = (lon * Math.PI) / 180, p2 = phi * phi, p4 = p2 * p2;
    const x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)));
    const y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    return [(x * 180) / Math.PI, (y * 180) / Math.PI];
  }
  const MAP_X = [-157, 157], MAP_Y = [-62, 87];
  /** At most this many places are drawn (the most mentioned); the map says how many are left out. */
  views.MAP_POINTS = 150;
  function svgPath(line) {
    let d = "", pen = false;
    for (let k = 0; k < line.lon.length; k++) {
      if (line.lon[k] === null) { pen = false; continue; }
      const [x, y] = project(line.lon[k], line.lat[k]);
      d += (pen ? "L" : "M") + x.toFixed(1) + " " + (-y).toFixed(1);
      pen = true;
    }
    return d;
  }

  /** The map's view: every place of the exported corpus with a margin (the same for any filter). */
  function extent(data) {
    if (data.mapExtent) return data.mapExtent;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let p = 0; p < data.nPlace; p++) {
      if (data.placeLat[p] === null) continue;
      const [x, y] = project(data.placeLon[p], data.placeLat[p]);
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    const pad = Math.max(8, 0.12 * Math.max(x1 - x0, y1 - y0));
    data.mapExtent = x0 > x1 ? { x: MAP_X, y: MAP_Y } : {
      x: [Math.max(MAP_X[0], x0 - pad), Math.min(MAP_X[1], x1 + pad)],
      y: [Math.max(MAP_Y[0], y0 - pad), Math.min(MAP_Y[1], y1 + pad)],
    };
    return data.mapExtent;
  }

  /** The map's points for a selection: the MAP_POINTS places with most selected articles (biggest
   * last, drawn on top), sized by count; `note` says how many more there are. */
  views.places = function (data, agg, selected) {
    const codes = [];
    for (let p = 0; p < data.nPlace; p++) if (agg.placeCount[p] > 0 && data.placeLat[p] !== null) codes.push(p);
    codes.sort((a, b) => agg.placeCount[b] - agg.placeCount[a] || a - b);
    const hidden = Math.max(0, codes.length - views.MAP_POINTS);
    codes.length -= hidden;
    codes.reverse();
    const max = Math.max(1, ...codes.map((p) => agg.placeCount[p]));
    const points = codes.map((p) => {
      const [x, y] = project(data.placeLon[p], data.placeLat[p]);
      return { code: p, x, y, size: 5 + 25 * Math.sqrt(agg.placeCount[p] / max), selected: selected.has(p),
        text: `${data.placeName[p]} (${data.placeCountry[p]}): ${agg.placeCount[p]} articles` };
    });
    return { points, note: hidden ? `${views.MAP_POINTS} most mentioned places shown; ${hidden} more are in the filters` : "" };
  };

  const SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  /** A canvas filling `box` at the screen's pixel density, with a tooltip, pointer picking and
   * keyboard navigation.
   *
   * `hit(x, y)` (CSS pixels from the canvas's top left) returns the item under the pointer or null;
   * an item has `key` (what it is), `text` (the tooltip, set as textContent), its place `x`, `y`
   * (and `w`, `h` for a box) and is passed to `onPick` when clicked or chosen with Enter.
   * `step(item, key)` gives the item an arrow key moves to from `item` (null: none yet), or
   * undefined for other keys. `paint(ctx, width, height, hover)` draws everything; it runs on
   * `redraw()`, on resize and when the hovered or focused item changes. Returns {canvas, redraw}. */
  views.canvasLayer = function (box, label, hit, paint, onPick, step) {
    const canvas = document.createElement("canvas"), tip = document.createElement("div");
    canvas.className = "ca-canvas";
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "application");  // it takes the arrow keys (a screen reader passes them on)
    canvas.setAttribute("aria-label", label + " (arrow keys to move, Enter to filter)");
    tip.className = "ca-tip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    box.append(canvas, tip);
    const ctx = canvas.getContext("2d");
    let width = 0, height = 0, hover = null;
    // the size comes from the ResizeObserver, never read in redraw(): reading it there would force
    // a layout of everything changed before it in the same filter change
    const redraw = () => {
      const ratio = global.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(width * ratio)), h = Math.max(1, Math.round(height * ratio));
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      paint(ctx, width, height, hover);
    };
    /** Point at `item` (or nothing), with its tooltip at (x, y) in the canvas's pixels: below right
     * of it, or left / above where it would leave the canvas (sizes read here, on hover only). */
    const point = (item, x, y) => {
      tip.hidden = !item;
      if (item) {
        tip.textContent = item.text;
        const w = tip.offsetWidth, h = tip.offsetHeight;
        const left = x + 12 + w > width ? Math.max(0, x - 12 - w) : x + 12;
        const top = y + 12 + h > height ? Math.max(0, y - 12 - h) : y + 12;
        tip.style.left = `${canvas.offsetLeft + left}px`;
        tip.style.top = `${canvas.offsetTop + top}px`;
      }
      if ((item && item.key) !== (hover && hover.key)) { hover = item; redraw(); }
    };
    const at = (ev) => { const r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
    canvas.addEventListener("mousemove", (ev) => {
      const [x, y] = at(ev), item = hit(x, y);
      canvas.style.cursor = item ? "pointer" : "";
      point(item, x, y);
    });
    canvas.addEventListener("mouseleave", () => point(null));
    canvas.addEventListener("click", (ev) => { const item = hit(...at(ev)); if (item) onPick(item); });
    canvas.addEventListener("keydown", (ev) => {
      if ((ev.key === "Enter" || ev.key === " ") && hover) { ev.preventDefault(); onPick(hover); return; }
      const next = step(hover, ev.key);
      if (next === undefined) return;
      ev.preventDefault();
      if (next) point(next, next.x + (next.w || 0) / 2, next.y + (next.h || 0) / 2);
    });
    canvas.addEventListener("blur", () => point(null));
    new ResizeObserver((entries) => {
      ({ width, height } = entries[entries.length - 1].contentRect);
      redraw();
    }).observe(canvas);
    // a new pixel density (zoom, another screen) with the same CSS size: paint at the new one
    const watchDensity = () => {
      const query = global.matchMedia(`(resolution: ${global.devicePixelRatio || 1}dppx)`);
      query.addEventListener("change", () => { redraw(); watchDensity(); }, { once: true });
    };
    if (global.matchMedia) watchDensity();
    /** A canvas with the layer painted at 2x, `under(ctx, width, height)` first (the PNG export). */
    const snapshot = (under) => global.CorpusAtlasChart.paintTo(width, height, (c) => {
      if (under) under(c, width, height);
      paint(c, width, height, null);
    });
    return { canvas, snapshot, size: () => [width, height], redraw: () => { hover = null; tip.hidden = true; redraw(); } };
  };

  /** The arrow-key step along a list: right/down to the next item, left/up to the previous. */
  views.listStep = function (items, item, key) {
    const delta = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[key];
    if (delta === undefined) return undefined;
    if (!items.length) return null;
    const k = item ? items.findIndex((it) => it.key === item.key) : -1;
    return items[k < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, k + delta))];
  };

  /** The places map in `box`: the base map (SVG, drawn once, in a layer of its own) under a canvas
   * with the points. A canvas, not an SVG circle per place: a filter change then repaints one
   * element instead of laying out and painting up to 150. Returns `draw(points)`; `onPick(code)` is
   * called when a point is clicked. Names reach the page only through textContent (the tooltip).
   * `box.caPoints()` gives the drawn points in CSS pixels (for tests). */
  views.placesMap = function (box, data, onPick) {
    const ext = extent(data), [x0, x1] = ext.x, [y0, y1] = ext.y;
    const base = svgEl("svg", { viewBox: `${x0} ${-y1} ${x1 - x0} ${y1 - y0}`, class: "ca-map-base", "aria-hidden": "true" });
    const geo = global.CorpusAtlasBaseMap;
    if (geo) {
      base.append(svgEl("path", { d: svgPath(geo.borders), fill: "none", stroke: "#c3ccd8", "stroke-width": 0.7,
        "vector-effect": "non-scaling-stroke", "stroke-linejoin": "round" }));
    }
    box.replaceChildren(base);
    let points = [];
    /** Projected degrees -> CSS pixels, as the SVG's viewBox is fitted (centred, aspect kept). */
    const place = (p, width, height) => {
      const s = Math.min(width / (x1 - x0), height / (y1 - y0));
      const ox = (width - s * (x1 - x0)) / 2, oy = (height - s * (y1 - y0)) / 2;
      return { x: ox + (p.x - x0) * s, y: oy + (y1 - p.y) * s, r: p.size / 2 };
    };
    let drawn = [];
    const paint = (ctx, width, height, hover) => {
      drawn = points.map((p) => Object.assign(place(p, width, height), { point: p, key: p.code, text: p.text }));
      let style = "";
      for (const d of drawn) {
        ctx.beginPath();
        ctx.arc(d.x, d.y, d.r, 0, 2 * Math.PI);
        const want = d.point.selected ? "rgba(31, 41, 55, 0.85)" : "rgba(5, 150, 105, 0.7)";
        if (want !== style) ctx.fillStyle = style = want;  // a colour string is parsed at each set
        ctx.fill();
        if (hover && hover.key === d.key) { ctx.lineWidth = 1.5; ctx.strokeStyle = INK; ctx.stroke(); }
      }
    };
    const hit = (x, y) => {  // the topmost point (drawn last) under the pointer, with 2 px of slack
      for (let k = drawn.length - 1; k >= 0; k--) {
        const d = drawn[k];
        if ((d.x - x) ** 2 + (d.y - y) ** 2 <= (d.r + 2) ** 2) return d;
      }
      return null;
    };
    const layer = views.canvasLayer(box, "Map of the places mentioned in the selected articles", hit, paint,
      (d) => onPick(d.point.code), (item, key) => views.listStep(drawn.slice().reverse(), item, key));
    /** The base map (the same lines as the SVG, fitted the same way) under the points. */
    const under = (c, width, height) => {
      if (!geo) return;
      const s = Math.min(width / (x1 - x0), height / (y1 - y0));
      c.save();
      c.translate((width - s * (x1 - x0)) / 2, (height - s * (y1 - y0)) / 2);
      c.scale(s, s);
      c.translate(-x0, y1);
      c.strokeStyle = "#c3ccd8";
      c.lineWidth = 0.7 / s;
      c.lineJoin = "round";
      c.stroke(new Path2D(svgPath(geo.borders)));
      c.restore();
    };
    box.caSnapshot = () => layer.snapshot(under);
    box.caPoints = () => drawn.map((d) => ({ code: d.point.code, x: d.x, y: d.y, r: d.r, text: d.text }));
    return (next) => { points = next; layer.redraw(); };
  };

  global.CorpusAtlasViews = views;
})(window);
