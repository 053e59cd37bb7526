/* Corpus Atlas report: the plotly views (timeline, places map), counts in, {data, layout} out.
 * Every string from the corpus goes through `label()`: plotly reads a small HTML-like markup in
 * text (<b>, <a href>, &entities;), so "<" and "&" are written as entities and show literally. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;
  const views = {};
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const ACCENT = "#2563eb", MUTED = "#cbd5e1", INK = "#1f2937";
  const KIND_COLORS = { person: "#2563eb", org: "#d97706", place: "#059669", group: "#9333ea" };
  const KIND_SOFT = { person: "#dbe6fe", org: "#fdecc8", place: "#d1f2e4", group: "#efe0fc" };
  const KIND_TITLES = { person: "People", org: "Organisations", place: "Places", group: "Groups" };
  views.CONFIG = {
    displaylogo: false, responsive: true, displayModeBar: "hover", modeBarButtons: [["toImage"]],
  };

  /** Text for plotly: markup characters as entities, long labels cut (hover shows them whole). */
  function label(text, max) {
    let s = String(text);
    if (max && s.length > max) s = s.slice(0, max - 1) + "…";
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  views.label = label;
  views.kindColor = (kind) => KIND_COLORS[kind] || "#64748b";
  views.kindSoft = (kind) => KIND_SOFT[kind] || "#e2e8f0";
  views.kindTitle = (kind) => KIND_TITLES[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);

  function base(height, extra) {
    return Object.assign({
      height, autosize: true, font: { family: FONT, size: 12, color: INK },
      margin: { l: 10, r: 10, t: 10, b: 30 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: false, hoverlabel: { font: { family: FONT } }, dragmode: false,
    }, extra);
  }

  /** Step areas (one SVG path each, cheaper to redraw than a bar per bin): all articles, selected. */
  views.timeline = function (data, agg, whole) {
    const bins = data.bins;
    const x = bins.starts.map(lib.dayToISO);
    const custom = bins.starts.map((s, k) => [s, bins.ends[k]]);
    const unit = bins.unit === "day" ? "" : bins.unit === "week" ? "week of " : "month from ";
    const hover = x.map((d, k) => `${unit}${d}: ${agg.timeline[k]} of ${whole.timeline[k]} articles`);
    const step = { type: "scatter", mode: "lines", x, customdata: custom, line: { shape: "hvh", width: 1 } };
    return {
      data: [
        Object.assign({}, step, { y: Array.from(whole.timeline), fill: "tozeroy", fillcolor: "#e2e8f0",
          line: { shape: "hvh", width: 1, color: MUTED }, hoverinfo: "skip" }),
        Object.assign({}, step, { y: Array.from(agg.timeline), fill: "tozeroy", fillcolor: "rgba(37, 99, 235, 0.55)",
          line: { shape: "hvh", width: 1.5, color: ACCENT }, hovertext: hover, hoverinfo: "text" }),
      ],
      layout: base(220, {
        margin: { l: 44, r: 10, t: 8, b: 28 }, hovermode: "x",
        xaxis: { type: "date", showgrid: false, fixedrange: true },
        // fixed: the whole corpus bounds every selection, so no autorange on a filter change
        yaxis: { fixedrange: true, gridcolor: "#eef2f7", range: [0, 1.06 * Math.max(1, ...whole.timeline)],
          autorange: false, tickformat: ",d" },
      }),
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

  /** The places map in `box`: the base map (drawn once) and the points, in SVG of our own, updated in
   * place (a pool of circles). Measured here: 6 ms of main-thread CPU per change, paint included,
   * against 8-13 ms for the same points as a plotly scatter updated with Plotly.animate. Returns
   * `draw(points)`; `onPick(code)` is called when a point is clicked. Names reach the page only
   * through textContent (the tooltip). */
  views.placesMap = function (box, data, onPick) {
    const ext = extent(data), [x0, x1] = ext.x, [y0, y1] = ext.y;
    const viewBox = `${x0} ${-y1} ${x1 - x0} ${y1 - y0}`;
    // the base map in a layer of its own, so that redrawing the points does not repaint it
    const base = svgEl("svg", { viewBox, class: "ca-map-svg ca-map-base", "aria-hidden": "true" });
    const geo = global.CorpusAtlasBaseMap;
    if (geo) {
      base.append(svgEl("path", { d: svgPath(geo.borders), fill: "none", stroke: "#c3ccd8", "stroke-width": 0.7,
        "vector-effect": "non-scaling-stroke", "stroke-linejoin": "round" }));
    }
    const svg = svgEl("svg", { viewBox, class: "ca-map-svg", role: "img",
      "aria-label": "Map of the places mentioned in the selected articles" });
    const layer = svgEl("g", { class: "ca-points" }), tip = document.createElement("div");
    tip.className = "ca-tip";
    tip.hidden = true;
    svg.append(layer);
    box.replaceChildren(base, svg, tip);
    const pool = [];
    let scale = 1, last = [];
    const measure = () => { scale = Math.max((x1 - x0) / (box.clientWidth || 1), (y1 - y0) / (box.clientHeight || 1)); };
    const draw = (points) => {
      last = points;
      while (pool.length < points.length) pool.push(layer.appendChild(svgEl("circle", { class: "ca-point" })));
      pool.forEach((c, k) => {
        const p = points[k];
        c.setAttribute("display", p ? "inline" : "none");
        if (!p) return;
        c.setAttribute("cx", p.x.toFixed(2));
        c.setAttribute("cy", (-p.y).toFixed(2));
        c.setAttribute("r", ((p.size / 2) * scale).toFixed(3));
        c.classList.toggle("ca-point-selected", p.selected);
        c.caPoint = p;
      });
    };
    new ResizeObserver(() => { measure(); draw(last); }).observe(box);
    svg.addEventListener("click", (ev) => { const c = ev.target.closest(".ca-point"); if (c) onPick(c.caPoint.code); });
    svg.addEventListener("mousemove", (ev) => {
      const c = ev.target.closest(".ca-point");
      tip.hidden = !c;
      if (!c) return;
      const r = box.getBoundingClientRect();
      tip.textContent = c.caPoint.text;
      tip.style.left = `${ev.clientX - r.left + 12}px`;
      tip.style.top = `${ev.clientY - r.top + 12}px`;
    });
    svg.addEventListener("mouseleave", () => { tip.hidden = true; });
    measure();
    return draw;
  };

  const NO_TRANSITION = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };

  /** Draw `fig` in the plot `gd`: the whole figure the first time, after that only the traces whose
   * key (a string of what they show) changed, in the same layout; a promise.
   *
   * `Plotly.animate` without a transition and without redraw updates the traces' points and paths
   * in place; `Plotly.react` and `Plotly.restyle` re-run the whole figure (axes, ticks, text
   * measurement): measured here 5 and 8 ms of main-thread CPU per change for the timeline and the
   * map, against 12 and 17 ms. The axis ranges are fixed, so nothing else has to move. */
  views.update = function (gd, fig, keys) {
    if (!gd.caKeys) {  // the first drawing: the whole figure
      gd.caKeys = keys.slice();
      return Plotly.react(gd, fig.data, fig.layout, views.CONFIG);
    }
    const traces = [], data = [];
    keys.forEach((key, k) => {
      if (key !== null && gd.caKeys[k] === key) return;
      gd.caKeys[k] = key;
      traces.push(k);
      data.push(fig.data[k]);
    });
    if (!traces.length) return Promise.resolve();
    // an update interrupted by a newer one rejects: that is expected, the newer one draws
    return Plotly.animate(gd, { data, traces }, NO_TRANSITION).catch(() => {});
  };

  global.CorpusAtlasViews = views;
})(window);
