/* Corpus Atlas report: the ranked lists (top entities by kind, outlets) as plain DOM and the
 * co-occurrence matrix (names as DOM, cells on a canvas). They are built once and updated in place on
 * each filter change, where a plotly figure with four subplots and a heatmap cost tens of
 * milliseconds per change. Every label is a text node; each bar and each row name is a real button
 * (keyboard and screen readers work, the full name shows on hover). */
"use strict";
(function (global) {
  const ui = global.CorpusAtlasUI;
  const el = ui.el;
  const bars = {};

  /** A ranked list of `size` rows; returns {root, update(items, max)} (items: {code, label, value, on}). */
  bars.list = function (size, color, onPick) {
    const rows = [];
    const root = el("ol", { className: "ca-barlist" });
    for (let k = 0; k < size; k++) {
      const name = el("span", { className: "ca-bar-label" });
      const value = el("span", { className: "ca-bar-value" });
      const button = el("button", { type: "button", className: "ca-bar" }, name, value);
      const row = { li: el("li", {}, button), button, name, value, code: -1 };
      // the bar is the button's background, sized on each update: a repaint, not a layout
      button.style.backgroundImage = `linear-gradient(${color}, ${color})`;
      button.addEventListener("click", () => onPick(row.code));
      rows.push(row);
      root.append(row.li);
    }
    const empty = el("li", { className: "ca-bar-empty" }, "none in this selection");
    root.append(empty);
    /** Write only what differs from the row's last state: an unchanged row costs no layout. */
    function update(items, max) {
      rows.forEach((row, k) => {
        const item = items[k];
        if (row.li.hidden !== !item) row.li.hidden = !item;
        if (!item) return;
        const width = `${((100 * item.value) / Math.max(max, 1)).toFixed(1)}%`;
        const key = `${item.code}|${item.value}|${item.on}|${width}|${item.label}`;
        if (row.key === key) return;
        row.key = key;
        row.code = item.code;
        if (row.name.textContent !== item.label) row.name.textContent = item.label;
        row.value.textContent = ui.fmt(item.value);
        row.button.title = `${item.label}: ${ui.fmt(item.value)} articles`;
        row.button.classList.toggle("ca-bar-on", item.on);
        row.button.style.backgroundSize = `${width} 100%`;
      });
      if (empty.hidden !== items.length > 0) empty.hidden = items.length > 0;
    }
    return { root, update };
  };

  /** Top entities by kind: one ranked list per kind (at most four kinds). */
  bars.entities = function (app, container, views) {
    const data = app.data, kinds = data.kinds.slice(0, 4), lists = [];
    container.replaceChildren(...kinds.map((kind) => {
      const list = bars.list(10, views.kindSoft(kind), (code) => app.addEntity(code));
      lists.push(list);
      return el("div", { className: "ca-barcol" },
        el("h3", { className: "ca-barcol-head ca-kind-text-" + kind }, views.kindTitle(kind)), list.root);
    }));
    return function update(agg, selected) {
      kinds.forEach((_, k) => {
        const top = agg.topByKind[k] || [];
        lists[k].update(top.map((e) => ({ code: e, label: data.entName[e], value: agg.entCount[e], on: selected.has(e) })),
          top.length ? agg.entCount[top[0]] : 1);
      });
    };
  };

  /** Outlets ranked by articles (the first 15; the rest counted in a note). */
  bars.outlets = function (app, container) {
    const data = app.data;
    const list = bars.list(15, "#cffafe", (code) => app.addChip("outlets", code, data.outlets[code] || "(no outlet)"));
    const note = el("p", { className: "ca-hint" });
    container.replaceChildren(list.root, note);
    return function update(agg, selected) {
      const codes = [];
      for (let o = 0; o < data.outlets.length; o++) if (agg.outletCount[o] > 0) codes.push(o);
      codes.sort((a, b) => agg.outletCount[b] - agg.outletCount[a] || a - b);
      list.update(codes.slice(0, 15).map((o) => ({ code: o, label: data.outlets[o] || "(no outlet)",
        value: agg.outletCount[o], on: selected.has(o) })), codes.length ? agg.outletCount[codes[0]] : 1);
      note.textContent = codes.length > 15 ? `and ${codes.length - 15} more outlets (type in the filter to pick one)` : "";
    };
  };

  /** Co-occurrence of the `size` most mentioned entities: row names as buttons (click: filter by the
   * entity) beside a canvas of cells, darker = more articles (click a cell: the articles naming
   * both; the diagonal: one entity). A canvas, not a button per cell: a filter change repaints one
   * element instead of laying out 144. `container.caCells()` gives the drawn cells in CSS pixels
   * of the canvas (for tests). */
  bars.cooccurrence = function (app, container, size, views) {
    const data = app.data, ROW = 26, GAP = 2;  // px: the row pitch, here and in report.css
    const heads = el("div", { className: "ca-matrix-heads" }), cellsBox = el("div", { className: "ca-matrix-cells" });
    cellsBox.style.height = `${(size + 1) * ROW}px`;
    const rowHeads = [];
    for (let a = 0; a < size; a++) {
      const head = el("button", { type: "button", className: "ca-matrix-row" });
      head.addEventListener("click", () => app.addEntity(app.agg.cooc.top[a]));
      rowHeads.push(head);
      heads.append(head);
    }
    const grid = el("div", { className: "ca-matrix" }, heads, cellsBox);
    const note = el("p", { className: "ca-hint" });
    container.replaceChildren(grid, note);
    let cells = [], cooc = { top: [], z: [] }, counts = null;
    const name = (e) => data.entName[e];
    const layout = (width) => {
      const { top, z } = cooc, n = top.length, w = width / size;
      let max = 1;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) max = Math.max(max, z[a][b]);
      const out = [];
      for (let b = 0; b < n; b++) {
        out.push({ key: `h${b}`, x: b * w, y: 0, w: w - GAP, h: ROW - GAP, head: b,
          get text() { return `${b + 1}: ${name(top[b])}`; } });
      }
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          const value = a === b ? counts[top[a]] : z[a][b];
          out.push({ key: `${a}:${b}`, a, b, value, shade: a === b ? -1 : value / max, x: b * w, y: (a + 1) * ROW,
            w: w - GAP, h: ROW - GAP,  // the tooltip's text is made when it shows
            get text() { return a === b ? `${name(top[a])}: ${value} articles` : `${name(top[a])} + ${name(top[b])}: ${value} articles`; } });
        }
      }
      return out;
    };
    // cells by colour (a colour change and a text per cell are what painting costs)
    const INK_TEXT = "#1f2937", MUTED_TEXT = "#64748b";
    const textColor = (c) => (c.head !== undefined || c.shade < 0 ? MUTED_TEXT : c.shade > 0.5 ? "#ffffff" : INK_TEXT);
    const paint = (ctx, width, height, hover) => {
      cells = layout(width);
      const body = cells.filter((c) => c.head === undefined);
      ctx.fillStyle = "#f8fafc";
      for (const c of body) if (c.shade < 0) ctx.fillRect(c.x, c.y, c.w, c.h);
      ctx.fillStyle = "#1d4ed8";
      for (const c of body) {
        if (c.shade < 0) continue;
        ctx.globalAlpha = 0.06 + 0.94 * c.shade;
        ctx.fillRect(c.x, c.y, c.w, c.h);
      }
      ctx.globalAlpha = 1;
      if (hover && hover.head === undefined) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = INK_TEXT;
        ctx.strokeRect(hover.x + 1, hover.y + 1, hover.w - 2, hover.h - 2);
      }
      ctx.font = "11px " + views.FONT;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      for (const color of [MUTED_TEXT, "#ffffff", INK_TEXT]) {
        ctx.fillStyle = color;
        for (const c of cells) {
          if (textColor(c) !== color) continue;
          const text = c.head !== undefined ? String(c.head + 1) : c.value ? ui.fmt(c.value) : "";
          if (text) ctx.fillText(text, c.x + c.w / 2, c.y + c.h / 2 + 0.5);
        }
      }
    };
    const hit = (x, y) => cells.find((c) => c.head === undefined && x >= c.x && x < c.x + c.w + GAP && y >= c.y && y < c.y + c.h + GAP)
      || cells.find((c) => c.head !== undefined && x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) || null;
    const pick = (c) => { if (c.head === undefined) app.addPair(cooc.top[c.a], cooc.top[c.b]); };
    const step = (item, key) => {  // arrows move across the grid of cells
      const move = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[key];
      if (!move) return undefined;
      // from nothing: the first cell; from a column's number: that column's first cell
      const n = cooc.top.length, cell = item && item.head === undefined;
      const at = cell ? item : { a: 0, b: item ? item.head : 0 };
      const a = Math.min(n - 1, Math.max(0, at.a + (cell ? move[0] : 0)));
      const b = Math.min(n - 1, Math.max(0, at.b + (cell ? move[1] : 0)));
      return cells.find((c) => c.a === a && c.b === b) || null;
    };
    const layer = views.canvasLayer(cellsBox, "Co-occurrence matrix of the most mentioned entities", hit, paint, pick, step);
    /** The matrix for the PNG export: the row names, then the cells (canvas, 2x). */
    container.caSnapshot = () => {
      const [w, h] = layer.size(), left = 200, chart = global.CorpusAtlasChart;
      const cellsImage = layer.snapshot();
      return chart.paintTo(left + w, h, (c) => {
        c.font = "11px " + views.FONT;
        c.fillStyle = INK_TEXT;
        c.textBaseline = "middle";
        cooc.top.forEach((e, a) => {
          let text = `${a + 1}  ${name(e)}`;
          while (text.length > 4 && c.measureText(text).width > left - 10) text = text.slice(0, -2) + "…";
          c.fillText(text, 0, (a + 1) * ROW + ROW / 2);
        });
        c.drawImage(cellsImage, left, 0, w, h);
      });
    };
    container.caCells = () => cells.filter((c) => c.head === undefined).map(({ a, b, value, x, y, w, h, text }) => ({ a, b, value, x, y, w, h, text }));
    return function update(agg) {
      cooc = agg.cooc;
      counts = agg.entCount;
      const n = cooc.top.length;
      rowHeads.forEach((h, a) => {
        h.hidden = a >= n;
        const label = a < n ? `${a + 1}  ${name(cooc.top[a])}` : "";
        if (h.textContent !== label) { h.textContent = label; h.title = a < n ? `Filter by ${name(cooc.top[a])}` : ""; }
      });
      // `hidden` alone loses to the grid's `display: grid`: the class hides it (report.css), and the
      // canvas is repainted either way so no number of an earlier selection stays on it
      grid.hidden = n < 2;
      grid.classList.toggle("ca-gone", n < 2);
      note.textContent = n < 2 ? "Fewer than two entities in this selection." : "Click a cell for the articles that name both.";
      layer.redraw();
    };
  };

  /** Ranked lists side by side on a canvas (2x) for the PNG export: columns of
   * {title, color, rows: [{label, value}]}; bars are scaled to each column's first row. */
  bars.listsImage = function (columns, font) {
    const COL = 260, ROW = 22, head = 24, rows = Math.max(1, ...columns.map((c) => c.rows.length));
    return global.CorpusAtlasChart.paintTo(Math.max(1, columns.length) * COL, head + rows * ROW + 4, (c) => {
      c.textBaseline = "middle";
      columns.forEach((col, k) => {
        const x = k * COL, max = Math.max(1, ...col.rows.map((r) => r.value));
        c.font = "600 12px " + font;
        c.fillStyle = "#1f2937";
        c.fillText(col.title, x, head / 2);
        c.font = "12px " + font;
        col.rows.forEach((r, j) => {
          const y = head + j * ROW;
          c.fillStyle = col.color;
          c.fillRect(x, y + 1, ((COL - 16) * r.value) / max, ROW - 2);
          c.fillStyle = "#64748b";
          c.textAlign = "right";
          const value = ui.fmt(r.value);
          c.fillText(value, x + COL - 20, y + ROW / 2);
          c.textAlign = "left";
          c.fillStyle = "#1f2937";
          let text = r.label;
          const room = COL - 34 - c.measureText(value).width;
          while (text.length > 2 && c.measureText(text).width > room) text = text.slice(0, -2) + "…";
          c.fillText(text, x + 6, y + ROW / 2);
        });
      });
    });
  };

  global.CorpusAtlasBars = bars;
})(window);
