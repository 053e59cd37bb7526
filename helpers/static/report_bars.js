/* Corpus Atlas report: the ranked lists (top entities by kind, outlets) and the co-occurrence
 * matrix, drawn as plain DOM. They are built once and updated in place on each filter change
 * (a few hundred text and style writes: about a millisecond), where a plotly figure with four
 * subplots and a heatmap cost tens of milliseconds per change. Every label is a text node; each
 * bar and cell is a real button (keyboard and screen readers work, the full name shows on hover). */
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
      const fill = el("span", { className: "ca-bar-fill" });
      const name = el("span", { className: "ca-bar-label" });
      const value = el("span", { className: "ca-bar-value" });
      const button = el("button", { type: "button", className: "ca-bar" }, fill, name, value);
      const row = { li: el("li", {}, button), button, fill, name, value, code: -1 };
      fill.style.background = color;
      button.addEventListener("click", () => onPick(row.code));
      rows.push(row);
      root.append(row.li);
    }
    const empty = el("li", { className: "ca-bar-empty" }, "none in this selection");
    root.append(empty);
    function update(items, max) {
      rows.forEach((row, k) => {
        const item = items[k];
        row.li.hidden = !item;
        if (!item) return;
        row.code = item.code;
        row.name.textContent = item.label;
        row.value.textContent = ui.fmt(item.value);
        row.button.title = `${item.label}: ${ui.fmt(item.value)} articles`;
        row.button.classList.toggle("ca-bar-on", item.on);
        row.fill.style.width = `${((100 * item.value) / Math.max(max, 1)).toFixed(1)}%`;
      });
      empty.hidden = items.length > 0;
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

  /** Co-occurrence of the 12 most mentioned entities: a grid of buttons, darker = more articles. */
  bars.cooccurrence = function (app, container, size) {
    const data = app.data;
    const grid = el("div", { className: "ca-matrix", role: "grid" });
    grid.style.gridTemplateColumns = `minmax(8rem, 14rem) repeat(${size}, minmax(1.9rem, 1fr))`;
    const corner = el("span", { className: "ca-matrix-corner" });
    const colHeads = [], rowHeads = [], cells = [];
    grid.append(corner);
    for (let b = 0; b < size; b++) {
      const head = el("span", { className: "ca-matrix-col" }, String(b + 1));
      colHeads.push(head);
      grid.append(head);
    }
    for (let a = 0; a < size; a++) {
      const head = el("button", { type: "button", className: "ca-matrix-row" });
      head.addEventListener("click", () => app.addEntity(app.agg.cooc.top[a]));
      rowHeads.push(head);
      grid.append(head);
      cells.push([]);
      for (let b = 0; b < size; b++) {
        const cell = el("button", { type: "button", className: "ca-matrix-cell" });
        cell.addEventListener("click", () => app.addPair(app.agg.cooc.top[a], app.agg.cooc.top[b]));
        cells[a].push(cell);
        grid.append(cell);
      }
    }
    const note = el("p", { className: "ca-hint" });
    container.replaceChildren(grid, note);
    return function update(agg) {
      const { top, z } = agg.cooc, n = top.length;
      let max = 1;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) max = Math.max(max, z[a][b]);
      colHeads.forEach((h, b) => { h.hidden = b >= n; h.title = b < n ? data.entName[top[b]] : ""; });
      rowHeads.forEach((h, a) => {
        h.hidden = a >= n;
        if (a < n) { h.textContent = `${a + 1}  ${data.entName[top[a]]}`; h.title = `Filter by ${data.entName[top[a]]}`; }
      });
      cells.forEach((row, a) => row.forEach((cell, b) => {
        const hide = a >= n || b >= n;
        if (cell.hidden !== hide) cell.hidden = hide;
        if (hide) return;
        const v = a === b ? agg.entCount[top[a]] : z[a][b];
        const key = `${top[a]}:${top[b]}:${v}:${max}`;
        if (cell.caKey === key) return;  // unchanged since the last filter: no DOM write
        cell.caKey = key;
        cell.textContent = v ? ui.fmt(v) : "";
        cell.className = a === b ? "ca-matrix-cell ca-matrix-diag" : "ca-matrix-cell";
        cell.style.background = a === b ? "" : `rgba(29, 78, 216, ${(0.06 + (0.94 * v) / max).toFixed(3)})`;
        cell.style.color = a !== b && v / max > 0.5 ? "#ffffff" : "";
        cell.title = a === b ? `${data.entName[top[a]]}: ${v} articles`
          : `${data.entName[top[a]]} + ${data.entName[top[b]]}: ${v} articles`;
      }));
      grid.hidden = n < 2;
      note.textContent = n < 2 ? "Fewer than two entities in this selection." : "Click a cell for the articles that name both.";
    };
  };

  global.CorpusAtlasBars = bars;
})(window);
