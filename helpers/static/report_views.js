/* Corpus Atlas report: one pure function per view, counts in, {data, layout} out (plotly.js).
 * Every string from the corpus goes through `label()`: plotly reads a small HTML-like markup in
 * text (<b>, <a href>, &entities;), so "<" and "&" are written as entities and show literally. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;
  const views = {};
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const ACCENT = "#2563eb", MUTED = "#cbd5e1", INK = "#1f2937";
  const KIND_COLORS = { person: "#2563eb", org: "#d97706", place: "#059669", group: "#9333ea" };
  const KIND_TITLES = { person: "People", org: "Organisations", place: "Places", group: "Groups" };
  views.CONFIG = {
    displaylogo: false, responsive: true, displayModeBar: "hover",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
  };

  /** Text for plotly: markup characters as entities, long labels cut (hover shows them whole). */
  function label(text, max) {
    let s = String(text);
    if (max && s.length > max) s = s.slice(0, max - 1) + "…";
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  views.label = label;
  views.kindColor = (kind) => KIND_COLORS[kind] || "#64748b";
  views.kindTitle = (kind) => KIND_TITLES[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);

  function base(height, extra) {
    return Object.assign({
      height, autosize: true, font: { family: FONT, size: 12, color: INK },
      margin: { l: 10, r: 10, t: 10, b: 30 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: false, hoverlabel: { font: { family: FONT } }, dragmode: false,
    }, extra);
  }

  views.timeline = function (data, agg, whole) {
    const bins = data.bins;
    const x = bins.starts.map(lib.dayToISO);
    const custom = bins.starts.map((s, k) => [s, bins.ends[k]]);
    const unit = bins.unit === "day" ? "day" : bins.unit === "week" ? "week of" : "month";
    const hover = x.map((d, k) => `${unit} ${d}: ${agg.timeline[k]} of ${whole.timeline[k]} articles`);
    return {
      data: [
        { type: "bar", x, y: Array.from(whole.timeline), marker: { color: MUTED }, hoverinfo: "skip", customdata: custom, name: "all" },
        { type: "bar", x, y: Array.from(agg.timeline), marker: { color: ACCENT }, hovertext: hover, hoverinfo: "text",
          customdata: custom, name: "selected" },
      ],
      layout: base(220, {
        barmode: "overlay", bargap: 0.08, margin: { l: 40, r: 10, t: 8, b: 28 },
        xaxis: { type: "date", showgrid: false, fixedrange: true },
        yaxis: { fixedrange: true, gridcolor: "#eef2f7", rangemode: "tozero", tickformat: ",d" },
      }),
    };
  };

  views.entities = function (data, agg, selected) {
    const kinds = data.kinds.slice(0, 4), traces = [], annotations = [], layout = {};
    const gap = 0.06, width = (1 - gap * (kinds.length - 1)) / Math.max(kinds.length, 1);
    kinds.forEach((kind, k) => {
      const top = agg.topByKind[k] || [], ax = k === 0 ? "" : String(k + 1);
      const x0 = k * (width + gap);
      traces.push({
        type: "bar", orientation: "h", xaxis: "x" + ax, yaxis: "y" + ax,
        y: top.map((_, r) => r), x: top.map((e) => agg.entCount[e]), customdata: top,
        marker: { color: top.map((e) => (selected.has(e) ? INK : views.kindColor(kind))) },
        hovertext: top.map((e) => `${label(data.entName[e])}: ${agg.entCount[e]} articles`), hoverinfo: "text",
        text: top.map((e) => agg.entCount[e]), textposition: "outside", cliponaxis: false,
      });
      layout["xaxis" + ax] = { domain: [x0, x0 + width], anchor: "y" + ax, visible: false, fixedrange: true,
        range: [0, Math.max(1, ...top.map((e) => agg.entCount[e])) * 1.25] };
      layout["yaxis" + ax] = { anchor: "x" + ax, autorange: "reversed", fixedrange: true, automargin: true,
        tickvals: top.map((_, r) => r), ticktext: top.map((e) => label(data.entName[e], 24)), ticks: "" };
      annotations.push({ text: views.kindTitle(kind), x: x0, xref: "paper", xanchor: "left", y: 1.0, yref: "paper",
        yanchor: "bottom", showarrow: false, font: { size: 13, color: views.kindColor(kind) } });
      if (!top.length) annotations.push({ text: "none", x: x0 + width / 2, xref: "paper", y: 0.5, yref: "paper", showarrow: false });
    });
    return { data: traces, layout: base(310, Object.assign(layout, { annotations, margin: { l: 10, r: 20, t: 24, b: 6 }, bargap: 0.25 })) };
  };

  views.places = function (data, agg, selected) {
    const codes = [];
    for (let p = 0; p < data.nPlace; p++) if (agg.placeCount[p] > 0 && data.placeLat[p] !== null) codes.push(p);
    codes.sort((a, b) => agg.placeCount[a] - agg.placeCount[b]);
    const max = Math.max(1, ...codes.map((p) => agg.placeCount[p]));
    const marker = {
      size: codes.map((p) => 5 + 25 * Math.sqrt(agg.placeCount[p] / max)),
      color: codes.map((p) => (selected.has(p) ? INK : "#059669")), opacity: 0.75, line: { width: 0.5, color: "#ffffff" },
    };
    const hovertext = codes.map((p) => `${label(data.placeName[p])} (${label(data.placeCountry[p])}): ${agg.placeCount[p]} articles`);
    const lon = codes.map((p) => data.placeLon[p]), lat = codes.map((p) => data.placeLat[p]);
    const geo = global.PlotlyGeoAssets;
    if (geo && geo.topojson && Object.keys(geo.topojson).length) {
      return {
        data: [{ type: "scattergeo", lon, lat, marker, hovertext, hoverinfo: "text", customdata: codes }],
        layout: base(360, { margin: { l: 0, r: 0, t: 0, b: 0 }, geo: {
          projection: { type: "natural earth" }, showcountries: true, countrycolor: "#cbd5e1", showland: true,
          landcolor: "#f1f5f9", showocean: false, coastlinecolor: "#94a3b8", bgcolor: "rgba(0,0,0,0)", showframe: false,
        } }),
      };
    }
    const traces = [];
    const outline = global.CorpusAtlasGeoOutlines;
    if (outline) traces.push({ type: "scatter", mode: "lines", x: outline.lon, y: outline.lat, hoverinfo: "skip",
      line: { color: "#cbd5e1", width: 0.7 } });
    traces.push({ type: "scatter", mode: "markers", x: lon, y: lat, marker, hovertext, hoverinfo: "text", customdata: codes });
    return {
      data: traces,
      layout: base(360, { margin: { l: 30, r: 10, t: 6, b: 24 },
        xaxis: { range: [-180, 180], zeroline: false, gridcolor: "#eef2f7", title: { text: "" } },
        yaxis: { range: [-60, 85], zeroline: false, gridcolor: "#eef2f7", scaleanchor: "x", scaleratio: 1 } }),
    };
  };

  views.outlets = function (data, agg, selected) {
    const codes = [];
    for (let o = 0; o < data.outlets.length; o++) if (agg.outletCount[o] > 0) codes.push(o);
    codes.sort((a, b) => agg.outletCount[b] - agg.outletCount[a] || a - b);
    const top = codes.slice(0, 15);
    const name = (o) => data.outlets[o] || "(no outlet)";
    return {
      data: [{ type: "bar", orientation: "h", y: top.map((_, r) => r), x: top.map((o) => agg.outletCount[o]), customdata: top,
        marker: { color: top.map((o) => (selected.has(o) ? INK : "#0891b2")) }, text: top.map((o) => agg.outletCount[o]),
        textposition: "outside", cliponaxis: false, hoverinfo: "text",
        hovertext: top.map((o) => `${label(name(o))}: ${agg.outletCount[o]} articles`) }],
      layout: base(360, { margin: { l: 10, r: 30, t: 6, b: 6 }, bargap: 0.25,
        xaxis: { visible: false, fixedrange: true, range: [0, Math.max(1, ...top.map((o) => agg.outletCount[o])) * 1.2] },
        yaxis: { autorange: "reversed", fixedrange: true, automargin: true, tickvals: top.map((_, r) => r),
          ticktext: top.map((o) => label(name(o), 28)), ticks: "" },
        annotations: codes.length > 15 ? [{ text: `+ ${codes.length - 15} more outlets`, x: 1, xref: "paper", xanchor: "right",
          y: 0, yref: "paper", showarrow: false, font: { size: 11, color: "#64748b" } }] : [] }),
    };
  };

  views.cooccurrence = function (data, agg) {
    const { top, z } = agg.cooc, idx = top.map((_, r) => r);
    const names = top.map((e) => label(data.entName[e], 20));
    const zz = z.map((row, a) => row.map((v, b) => (a === b ? null : v)));
    const hover = z.map((row, a) => row.map((v, b) => (a === b ? `${label(data.entName[top[a]])}: ${agg.entCount[top[a]]} articles`
      : `${label(data.entName[top[a]])} + ${label(data.entName[top[b]])}: ${v} articles`)));
    return {
      data: [{ type: "heatmap", x: idx, y: idx, z: zz, hovertext: hover, hoverinfo: "text", colorscale: [[0, "#f1f5f9"], [1, "#1d4ed8"]],
        showscale: false, xgap: 1, ygap: 1, hoverongaps: false }],
      layout: base(360, { margin: { l: 10, r: 10, t: 6, b: 10 },
        xaxis: { tickvals: idx, ticktext: names, tickangle: -45, fixedrange: true, automargin: true, ticks: "",
          showgrid: false, zeroline: false },
        yaxis: { tickvals: idx, ticktext: names, autorange: "reversed", fixedrange: true, automargin: true, ticks: "",
          showgrid: false, zeroline: false },
        annotations: top.length < 2 ? [{ text: "Fewer than two entities in the selection", x: 0.5, y: 0.5,
          xref: "paper", yref: "paper", showarrow: false, font: { color: "#64748b" } }] : [] }),
    };
  };

  global.CorpusAtlasViews = views;
})(window);
