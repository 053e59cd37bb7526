/* Corpus Atlas report: a small canvas chart of values over time (window.CorpusAtlasChart), and the
 * PNG export every view uses.
 *
 * `chart.timeChart(box, options)` draws series over the bins of a time axis (bars, lines, a line
 * with a band) on one canvas: a y axis with round ticks, a time axis whose ticks follow the zoom
 * (days, weeks, months, quarters, years), a tooltip for the bin under the pointer, zoom (Ctrl +
 * wheel, the + and - keys, `zoom()`), pan (Shift + drag, horizontal wheel, `pan()`), a brush (drag
 * across bins: `onBrush(startDay, endDay)`; a click: that bin; double-click: `onClear()`) and the
 * keyboard (arrows move between bins, Shift + arrows stretch a range, Enter applies it, Escape
 * clears, + / - / 0 zoom). Text from the data reaches the page only through textContent (the
 * tooltip) and the canvas. Painting costs O(bins in view), whatever the number of articles.
 */
"use strict";
(function (global) {
  const chart = {};
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const INK = "#1f2937", MUTED = "#64748b", GRID = "#eef2f7";
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const DAY_MS = 86400000;
  chart.FONT = FONT;

  /** A round tick step (1, 2 or 5 times a power of ten, at least `min`) giving about `count` ticks up to `max`. */
  chart.niceStep = function (max, count, min) {
    const raw = Math.max(max / Math.max(count, 1), min || 0, 1e-9);
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    return Math.max(step, min || 0);
  };

  const utc = (day) => new Date(day * DAY_MS);
  const monthIndex = (day) => { const d = utc(day); return d.getUTCFullYear() * 12 + d.getUTCMonth(); };
  const monthStart = (m) => Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS;

  /** Ticks of the time axis between days x0 and x1 for `width` px: [{day, text}], at least `gap` px apart. */
  chart.timeTicks = function (x0, x1, width, gap) {
    const perDay = width / Math.max(x1 - x0, 1e-9);
    const label = (day, unit) => {
      const d = utc(day);
      if (unit === "year") return String(d.getUTCFullYear());
      if (unit === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
      return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
    };
    const out = [];
    for (const [days, unit] of [[1, "day"], [7, "week"]]) {
      if (days * perDay < gap) continue;
      const offset = unit === "week" ? 4 : 0;  // weeks start on Monday (day 4 = 5 Jan 1970)
      for (let d = Math.ceil((x0 - offset) / days) * days + offset; d <= x1; d += days) out.push({ day: d, text: label(d, unit) });
      return out;
    }
    for (const months of [1, 3, 6, 12, 24, 60]) {
      if (months * 30.4 * perDay < gap) continue;
      const unit = months >= 12 ? "year" : "month";
      for (let m = Math.ceil(monthIndex(x0) / months) * months; monthStart(m) <= x1; m += months) {
        if (monthStart(m) >= x0) out.push({ day: monthStart(m), text: label(monthStart(m), unit) });
      }
      return out;
    }
    return out;
  };

  const numberText = (n) => (Math.abs(n) < 1000 ? String(Math.round(n * 100) / 100) : Math.round(n).toLocaleString("en-US"));

  /** The chart in `box`. options: {label, bins: {starts, ends} (days, inclusive), hoverText(k),
   * onBrush(start, end), onClear(), margin}. Returns {canvas, set(series, yMax), setRange(start, end),
   * zoom(factor, centreDay), pan(days), resetZoom(), view(), redraw(), snapshot()}; a series is
   * {values, color, kind: "bars" | "line", lo, hi (a band, for lines), fill (band colour)}. */
  chart.timeChart = function (box, options) {
    const bins = options.bins, nBins = bins.starts.length;
    const M = Object.assign({ l: 46, r: 10, t: 8, b: 24 }, options.margin || {});
    const canvas = document.createElement("canvas"), tip = document.createElement("div");
    canvas.className = "ca-canvas";
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-label", `${options.label} (arrow keys move between bins, Shift+arrows select a range, `
      + "Enter filters by it, Escape clears; + and - zoom)");
    tip.className = "ca-tip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    box.append(canvas, tip);
    const ctx = canvas.getContext("2d");
    const full = nBins ? [bins.starts[0], bins.ends[nBins - 1] + 1] : [0, 1];
    let width = 0, height = 0, series = [], yMax = 1, yMin = 0, view = full.slice();
    let cursor = -1, anchor = -1, drag = null, range = null;

    const plotW = () => Math.max(1, width - M.l - M.r), plotH = () => Math.max(1, height - M.t - M.b);
    const px = (day) => M.l + ((day - view[0]) / (view[1] - view[0])) * plotW();
    const dayAt = (x) => view[0] + ((x - M.l) / plotW()) * (view[1] - view[0]);
    // counts: 0 to yMax plus 4 % headroom; a signed measure (yMin < 0, e.g. tone): yMin to yMax exactly
    const yTop = () => (yMin === 0 ? yMax * 1.04 : yMax);
    const py = (v) => M.t + plotH() * (1 - (Math.max(yMin, Math.min(v, yTop())) - yMin) / (yTop() - yMin));
    /** The bin holding day `day` (binary search over the starts), or -1. */
    const binAt = (day) => {
      let lo = 0, hi = nBins - 1;
      if (!nBins || day < bins.starts[0] || day >= bins.ends[hi] + 1) return -1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (bins.starts[mid] <= day) lo = mid; else hi = mid - 1; }
      return lo;
    };

    function paint(c, w, h) {
      c.clearRect(0, 0, w, h);
      const step = chart.niceStep(yTop() - yMin, Math.max(2, Math.floor(plotH() / 40)), yMin === 0 ? 1 : 0);
      c.font = "11px " + FONT;
      c.textBaseline = "middle";
      c.textAlign = "right";
      c.lineWidth = 1;
      for (let v = Math.ceil(yMin / step - 1e-9) * step; v <= yTop() + 1e-9; v += step) {
        const y = Math.round(py(v)) + 0.5;
        c.strokeStyle = GRID;
        c.beginPath(); c.moveTo(M.l, y); c.lineTo(w - M.r, y); c.stroke();
        c.fillStyle = MUTED;
        c.fillText(numberText(v), M.l - 6, y);
      }
      c.save();
      c.beginPath(); c.rect(M.l, M.t, plotW(), plotH()); c.clip();
      if (range) {  // the date filter
        const x0 = px(range[0]), x1 = px(range[1] + 1);
        c.fillStyle = "rgba(37, 99, 235, 0.08)";
        c.fillRect(x0, M.t, x1 - x0, plotH());
      }
      const first = Math.max(0, binAt(view[0]) < 0 ? 0 : binAt(view[0])), last = nBins - 1;
      for (const s of series) {
        if (s.kind === "line") paintLine(c, s, first, last); else paintBars(c, s, first, last);
      }
      if (cursor >= 0) {
        c.strokeStyle = INK;
        c.lineWidth = 1.5;
        c.strokeRect(px(bins.starts[cursor]) + 0.5, M.t + 0.5, px(bins.ends[cursor] + 1) - px(bins.starts[cursor]) - 1, plotH() - 1);
      }
      const brush = drag && drag.mode === "brush" ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]
        : anchor >= 0 && cursor >= 0 && anchor !== cursor ? [Math.min(anchor, cursor), Math.max(anchor, cursor)] : null;
      if (brush) {
        const x0 = px(bins.starts[brush[0]]), x1 = px(bins.ends[brush[1]] + 1);
        c.fillStyle = "rgba(15, 23, 42, 0.12)";
        c.fillRect(x0, M.t, x1 - x0, plotH());
      }
      c.restore();
      c.strokeStyle = "#cbd5e1";
      c.beginPath(); c.moveTo(M.l, M.t + plotH() + 0.5); c.lineTo(w - M.r, M.t + plotH() + 0.5); c.stroke();
      c.fillStyle = MUTED;
      c.textAlign = "center";
      c.textBaseline = "top";
      for (const t of chart.timeTicks(view[0], view[1], plotW(), 78)) {
        const x = px(t.day);
        if (x < M.l - 1 || x > w - M.r + 1) continue;
        c.fillRect(Math.round(x), M.t + plotH(), 1, 4);
        c.fillText(t.text, Math.min(Math.max(x, M.l + 20), w - M.r - 20), M.t + plotH() + 6);
      }
    }

    function paintBars(c, s, first, last) {
      c.fillStyle = s.color;
      const base = py(0);
      for (let k = first; k <= last; k++) {
        if (bins.starts[k] > view[1]) break;
        const v = s.values[k];
        if (!v) continue;
        const x0 = px(bins.starts[k]), x1 = px(bins.ends[k] + 1), gap = x1 - x0 > 4 ? 1 : 0;
        const y = py(v);
        c.fillRect(x0 + gap / 2, y, x1 - x0 - gap, base - y);
      }
    }

    function paintLine(c, s, first, last) {
      const mid = (k) => (px(bins.starts[k]) + px(bins.ends[k] + 1)) / 2;
      const stop = Math.min(last, binAt(view[1]) < 0 ? last : binAt(view[1]) + 1);
      const from = Math.max(0, first - 1);
      if (s.lo && s.hi) {
        c.fillStyle = s.fill || "rgba(37, 99, 235, 0.15)";
        c.beginPath();
        let open = false;
        const close = (k) => { for (let j = k; j >= from && s.lo[j] !== null && !Number.isNaN(s.lo[j]); j--) c.lineTo(mid(j), py(s.lo[j])); };
        for (let k = from; k <= stop + 1; k++) {
          const ok = k <= stop && s.hi[k] !== null && !Number.isNaN(s.hi[k]);
          if (ok && !open) { c.moveTo(mid(k), py(s.hi[k])); open = true; } else if (ok) c.lineTo(mid(k), py(s.hi[k]));
          if (!ok && open) { close(k - 1); c.closePath(); open = false; }
        }
        c.fill();
      }
      c.strokeStyle = s.color;
      c.lineWidth = 1.75;
      c.beginPath();
      let pen = false;
      for (let k = from; k <= stop; k++) {
        const v = s.values[k];
        if (v === null || Number.isNaN(v)) { pen = false; continue; }
        if (pen) c.lineTo(mid(k), py(v)); else c.moveTo(mid(k), py(v));
        pen = true;
      }
      c.stroke();
    }

    function redraw() {
      const ratio = global.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(width * ratio)), h = Math.max(1, Math.round(height * ratio));
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      paint(ctx, width, height);
    }

    function showTip(k) {
      tip.hidden = k < 0;
      if (k < 0) return;
      tip.textContent = options.hoverText(k);
      const x = (px(bins.starts[k]) + px(bins.ends[k] + 1)) / 2, w = tip.offsetWidth;
      tip.style.left = `${canvas.offsetLeft + Math.min(Math.max(0, x - w / 2), Math.max(0, width - w))}px`;
      tip.style.top = `${canvas.offsetTop + M.t}px`;
    }

    function point(k) {
      if (k !== cursor) { cursor = k; redraw(); }
      showTip(k);
    }

    function setView(x0, x1) {
      const span = Math.min(full[1] - full[0], Math.max(x1 - x0, 1));
      let a = x0, b = x0 + span;
      if (a < full[0]) { a = full[0]; b = a + span; }
      if (b > full[1]) { b = full[1]; a = b - span; }
      view = [a, b];
      redraw();
    }

    const zoom = (factor, centre) => {
      const c = centre === undefined ? (view[0] + view[1]) / 2 : centre;
      setView(c - (c - view[0]) * factor, c + (view[1] - c) * factor);
    };
    const pan = (days) => setView(view[0] + days, view[1] + days);
    const brushed = (a, b) => { const k0 = Math.min(a, b), k1 = Math.max(a, b); options.onBrush(bins.starts[k0], bins.ends[k1]); };
    const at = (ev) => { const r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
    const binOf = (x) => binAt(Math.floor(dayAt(Math.min(Math.max(x, M.l), M.l + plotW() - 0.01))));

    canvas.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0 || !nBins) return;
      const [x] = at(ev);
      canvas.setPointerCapture(ev.pointerId);
      drag = ev.shiftKey ? { mode: "pan", x, view: view.slice() } : { mode: "brush", x, from: binOf(x), to: binOf(x) };
    });
    canvas.addEventListener("pointermove", (ev) => {
      const [x, y] = at(ev);
      if (drag && drag.mode === "pan") {
        const days = ((drag.x - x) / plotW()) * (drag.view[1] - drag.view[0]);
        view = drag.view.slice();
        pan(days);
        return;
      }
      const k = x >= M.l && x <= width - M.r && y <= M.t + plotH() ? binOf(x) : drag ? binOf(x) : -1;
      if (drag) { drag.to = k; }
      canvas.classList.toggle("ca-pointer", k >= 0);
      point(k);
    });
    canvas.addEventListener("pointerup", (ev) => {
      const d = drag;
      drag = null;
      if (!d || d.mode !== "brush") return;
      const [x] = at(ev);
      if (d.from >= 0 && d.to >= 0 && (Math.abs(x - d.x) > 3 || d.from === d.to)) brushed(d.from, d.to);
      redraw();
    });
    canvas.addEventListener("pointerleave", () => { if (!drag) point(-1); });
    canvas.addEventListener("dblclick", () => { anchor = -1; options.onClear(); });
    canvas.addEventListener("wheel", (ev) => {
      if (ev.ctrlKey || ev.metaKey) {
        ev.preventDefault();
        zoom(ev.deltaY > 0 ? 1.25 : 0.8, dayAt(at(ev)[0]));
      } else if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY) || (ev.shiftKey && ev.deltaY)) {
        ev.preventDefault();
        pan(((ev.deltaX || ev.deltaY) / plotW()) * (view[1] - view[0]));
      }
    }, { passive: false });
    canvas.addEventListener("keydown", (ev) => {
      if (!nBins) return;
      const move = { ArrowRight: 1, ArrowLeft: -1, ArrowUp: 1, ArrowDown: -1 }[ev.key];
      if (move !== undefined || ev.key === "Home" || ev.key === "End") {
        ev.preventDefault();
        const from = cursor < 0 ? (move > 0 ? -1 : nBins) : cursor;
        const k = ev.key === "Home" ? 0 : ev.key === "End" ? nBins - 1 : Math.min(nBins - 1, Math.max(0, from + move));
        anchor = ev.shiftKey ? (anchor >= 0 ? anchor : Math.max(0, Math.min(nBins - 1, from))) : -1;
        if (bins.starts[k] < view[0] || bins.ends[k] + 1 > view[1]) pan(bins.starts[k] < view[0] ? bins.starts[k] - view[0] : bins.ends[k] + 1 - view[1]);
        point(k);
      } else if ((ev.key === "Enter" || ev.key === " ") && cursor >= 0) {
        ev.preventDefault();
        brushed(anchor >= 0 ? anchor : cursor, cursor);
        anchor = -1;
      } else if (ev.key === "Escape" || ev.key === "Delete" || ev.key === "Backspace") {
        ev.preventDefault();
        anchor = -1;
        options.onClear();
      } else if (ev.key === "+" || ev.key === "=" || ev.key === "-") {
        ev.preventDefault();
        zoom(ev.key === "-" ? 1.5 : 1 / 1.5, cursor >= 0 ? (bins.starts[cursor] + bins.ends[cursor] + 1) / 2 : undefined);
      } else if (ev.key === "0") { ev.preventDefault(); setView(full[0], full[1]); }
    });
    canvas.addEventListener("blur", () => { anchor = -1; point(-1); });
    new ResizeObserver((entries) => {
      ({ width, height } = entries[entries.length - 1].contentRect);
      redraw();
    }).observe(canvas);

    return {
      canvas,
      /** New series (drawn in order) on a y axis from 0 to `max` (plus 4 % headroom), or from `min` < 0
       * to `max` exactly (a signed measure). */
      set(next, max, min = 0) { series = next; yMin = min; yMax = min === 0 ? Math.max(1, max) : max; redraw(); },
      /** The date filter shown behind the bars ([startDay, endDay], or nulls for none). */
      setRange(start, end) {
        const next = start === null && end === null ? null : [start === null ? full[0] : start, end === null ? full[1] - 1 : end];
        if (JSON.stringify(next) !== JSON.stringify(range)) { range = next; redraw(); }
      },
      zoom, pan,
      resetZoom: () => setView(full[0], full[1]),
      view: () => ({ start: view[0], end: view[1], full: full.slice(), yMax, yMin, width, height, margin: M }),
      /** Where bin k is drawn, in CSS pixels of the canvas (for tests): {x0, x1, y (top of each series)}. */
      binBox: (k) => ({ x0: px(bins.starts[k]), x1: px(bins.ends[k] + 1), y: series.map((s) => py(s.values[k] || 0)), base: py(0) }),
      redraw,
      /** A canvas with the chart painted at 2x (for the PNG export). */
      snapshot: () => chart.paintTo(width, height, (c) => paint(c, width, height)),
    };
  };

  /** A new canvas of `width` x `height` CSS pixels at 2x, white, with `draw(ctx)` painted on it. */
  chart.paintTo = function (width, height, draw) {
    const c = document.createElement("canvas"), scale = 2;
    c.width = Math.max(1, Math.round(width * scale));
    c.height = Math.max(1, Math.round(height * scale));
    const ctx = c.getContext("2d");
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    draw(ctx);
    return c;
  };

  /** `lines` of text wrapped to `width` px in `ctx`'s font. */
  function wrap(ctx, lines, width) {
    const out = [];
    for (const line of lines) {
      let current = "";
      for (const word of String(line).split(" ")) {
        const next = current ? current + " " + word : word;
        if (current && ctx.measureText(next).width > width) { out.push(current); current = word; } else current = next;
      }
      out.push(current);
    }
    return out;
  }

  /** The PNG of a view: `image` (a canvas from snapshot(), at 2x) with a caption under it: the
   * view's name, the report's title and the filter. Returns {canvas, lines}. */
  chart.withCaption = function (image, view, title, filter) {
    const width = Math.max(image.width / 2, 320);
    const probe = document.createElement("canvas").getContext("2d");
    probe.font = "12px " + FONT;
    const lines = wrap(probe, [`${view} · ${title}`, `Filter: ${filter}`], width - 24);
    const height = image.height / 2 + 16 + 17 * lines.length;
    const canvas = chart.paintTo(width, height, (c) => {
      c.drawImage(image, 0, 0, image.width / 2, image.height / 2);
      c.fillStyle = INK;
      c.font = "12px " + FONT;
      c.textBaseline = "top";
      lines.forEach((line, k) => { c.fillStyle = k ? MUTED : INK; c.fillText(line, 12, image.height / 2 + 8 + 17 * k); });
    });
    return { canvas, lines };
  };

  /** Save `canvas` as a PNG file named `name` (a blob: URL; nothing leaves the machine). */
  chart.download = function (canvas, name) {
    return new Promise((resolve) => canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      resolve(blob.size);
    }, "image/png"));
  };

  global.CorpusAtlasChart = chart;
})(window);
