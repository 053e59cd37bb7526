/* Corpus Atlas report: DOM helpers and the article list with its drill-down.
 * Text from the corpus only ever enters the page through text nodes (el() children, textContent);
 * <mark> elements are created here; links are made only for http(s) URLs. */
"use strict";
(function (global) {
  const lib = global.CorpusAtlasLib;
  const ui = {};
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /** Create an element: props are set as properties (className, type, ...); children become text nodes. */
  ui.el = function (tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("aria-") || key === "role") node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };
  const el = ui.el;

  const NUMBER = new Intl.NumberFormat("en-US");
  ui.fmt = (n) => (n < 1000 ? String(n) : NUMBER.format(n));
  ui.dayText = function (day) {
    if (day === lib.NO_DAY) return "undated";
    const d = new Date(day * 86400000);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };

  /** The URL when it is an absolute http(s) URL, else "" (checked again here, not only in Python). */
  ui.safeHref = function (url) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return "";
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : "";
    } catch (err) {
      return "";
    }
  };

  /** Text with the character ranges `marks` ([start, end) pairs, sorted) wrapped in <mark>. */
  ui.marked = function (text, marks, className) {
    const nodes = [];
    let at = 0;
    for (const [s, e] of marks) {
      if (s < at) continue;
      if (s > at) nodes.push(text.slice(at, s));
      nodes.push(el("mark", { className: className || "" }, text.slice(s, e)));
      at = e;
    }
    if (at < text.length) nodes.push(text.slice(at));
    return nodes;
  };

  /** Character ranges in `text` where a term's tokens occur contiguously (the keyword semantics). */
  ui.termRanges = function (text, terms) {
    const toks = lib.tokenSpans(text);
    const ranges = [];
    for (const term of terms) {
      for (let i = 0; i + term.length <= toks.length; i++) {
        let ok = true;
        for (let j = 0; j < term.length && ok; j++) ok = toks[i + j][0] === term[j];
        if (ok) ranges.push([toks[i][1], toks[i + term.length - 1][2]]);
      }
    }
    return ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  };

  function snippetNode(app, snip) {
    const [code, left, mention, right] = snip;
    const kind = app.data.kinds[app.data.entKind[code]];
    const tag = el("button", { type: "button", className: "ca-kind ca-kind-" + kind, title: "Filter by " + app.data.entName[code] },
      app.data.entName[code]);
    tag.addEventListener("click", () => app.addEntity(code));
    return el("li", { className: "ca-snip" }, tag, " ", left, el("mark", {}, mention), right);
  }

  function snippetList(app, i) {
    const snips = (app.data.details && app.data.details.snip[i]) || [];
    const chosen = app.selectedEntities();
    const ordered = snips.filter((s) => chosen.has(s[0])).concat(snips.filter((s) => !chosen.has(s[0])));
    if (!ordered.length) return el("p", { className: "ca-note" }, "No entity mentions in this article.");
    const list = el("ul", { className: "ca-snips" }, ordered.slice(0, 8).map((s) => snippetNode(app, s)));
    if (ordered.length <= 8) return list;
    const more = el("button", { type: "button", className: "ca-link" }, `Show all ${ordered.length} entities`);
    more.addEventListener("click", () => { list.replaceChildren(...ordered.map((s) => snippetNode(app, s))); more.remove(); });
    return el("div", {}, list, more);
  }

  function keywordContexts(app, i) {
    const terms = lib.queryTerms(app.state.keyword);
    if (!terms.length || !app.data.bodies) return null;
    const body = app.data.bodies[i];
    const ranges = ui.termRanges(body, terms).slice(0, 5);
    if (!ranges.length) return el("p", { className: "ca-note" }, "The keyword matches in the title.");
    return el("ul", { className: "ca-snips ca-kwic" }, ranges.map(([s, e]) => {
      const lo = Math.max(0, s - 80), hi = Math.min(body.length, e + 80);
      return el("li", { className: "ca-snip" }, el("span", { className: "ca-kind ca-kind-keyword" }, "keyword"), " ",
        lo > 0 ? "…" : "", body.slice(lo, s), el("mark", { className: "ca-kw" }, body.slice(s, e)), body.slice(e, hi), hi < body.length ? "…" : "");
    }));
  }

  /** The drill-down of article i: caption, link, keyword contexts, entity snippets, full text. */
  ui.articleDetails = function (app, i) {
    const data = app.data, box = el("div", { className: "ca-art-more" });
    const details = data.details;
    if (details && details.caption[i]) {
      box.append(el("p", { className: "ca-caption" }, details.caption[i], details.credit[i] ? ` — ${details.credit[i]}` : ""));
    }
    const href = ui.safeHref(data.url[i]);
    if (href) {
      const link = el("a", { href, target: "_blank", rel: "noopener noreferrer", className: "ca-url" }, href);
      box.append(el("p", { className: "ca-source" }, "Original: ", link));
    }
    const kwic = keywordContexts(app, i);
    if (kwic) box.append(kwic);
    if (details) box.append(snippetList(app, i));
    else box.append(el("p", { className: "ca-note" }, "Mention snippets were left out of this file when it was exported."));
    if (data.bodies) {
      const terms = lib.queryTerms(app.state.keyword);
      const text = data.bodies[i];
      box.append(el("details", { className: "ca-fulltext" }, el("summary", {}, "Full text"),
        el("div", { className: "ca-body" }, ui.marked(text, ui.termRanges(text, terms), "ca-kw"))));
    }
    return box;
  };

  /** One row of the list; `show(i)` points it at article i (rows are reused across filter changes). */
  function articleRow(app) {
    const date = el("span", { className: "ca-art-date" });
    const outlet = el("span", { className: "ca-art-outlet" });
    const title = el("span", { className: "ca-art-title" });
    const head = el("button", { type: "button", className: "ca-art-head", "aria-expanded": "false" }, date, outlet, title);
    const item = el("li", { className: "ca-art" }, head);
    const collapse = () => {
      head.setAttribute("aria-expanded", "false");
      const shown = item.querySelector(".ca-art-more");
      if (shown) shown.remove();
    };
    head.addEventListener("click", async () => {
      const open = head.getAttribute("aria-expanded") === "true";
      collapse();
      if (open) return;
      head.setAttribute("aria-expanded", "true");
      const i = Number(item.dataset.pos);
      await app.ensureDetails();
      if (Number(item.dataset.pos) === i && !item.querySelector(".ca-art-more")) item.append(ui.articleDetails(app, i));
    });
    const data = app.data;
    return {
      item,
      collapse,
      show(i) {
        if (item.dataset.pos === String(i)) return;
        collapse();
        item.dataset.pos = String(i);
        date.textContent = ui.dayText(data.day[i]);
        outlet.textContent = data.outlets[data.outlet[i]] || "—";
        title.textContent = data.title[i] || "(untitled)";
      },
    };
  }

  /** Fill the article list with the first `limit` selected articles (newest first), reusing rows. */
  ui.renderList = function (app, container, limit) {
    let view = container.caList;
    if (!view) {
      view = { head: el("p", { className: "ca-list-head" }), list: el("ol", { className: "ca-articles" }), rows: [],
        more: el("button", { type: "button", className: "ca-button ca-more" }) };
      view.more.addEventListener("click", () => app.showMore());
      container.replaceChildren(view.head, view.list, view.more);
      container.caList = view;
    }
    const page = lib.listPage(app.data, app.sel.mask, limit);
    const total = app.sel.count;
    view.head.textContent = total
      ? `Showing ${ui.fmt(page.length)} of ${ui.fmt(total)} articles, newest first. Click one for its context.`
      : "No article matches this filter.";
    while (view.rows.length < page.length) {
      const row = articleRow(app);
      view.rows.push(row);
      view.list.append(row.item);
    }
    view.rows.forEach((row, k) => {
      row.item.hidden = k >= page.length;
      if (k < page.length) row.show(page[k]);
      else row.collapse();
    });
    view.more.hidden = page.length >= total;
    view.more.textContent = `Show ${ui.fmt(Math.min(100, total - page.length))} more`;
  };

  /** A CSV cell: quoted, and text that a spreadsheet would run as a formula starts with a quote mark. */
  function csvCell(value) {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  /** CSV text of the selected articles (newest first): date, outlet, title, url. */
  ui.selectionCSV = function (app) {
    const data = app.data, rows = [["published", "outlet", "title", "url"].map(csvCell).join(",")];
    for (const i of lib.listPage(data, app.sel.mask, data.n)) {
      const day = data.day[i] === lib.NO_DAY ? "" : lib.dayToISO(data.day[i]);
      rows.push([day, data.outlets[data.outlet[i]], data.title[i], data.url[i]].map(csvCell).join(","));
    }
    return rows.join("\r\n") + "\r\n";
  };

  /** Save the selection as a CSV file (a Blob made here: nothing is fetched). */
  ui.downloadCSV = function (app) {
    const blob = new Blob(["\ufeff", ui.selectionCSV(app)], { type: "text/csv;charset=utf-8" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "corpus-atlas-selection.csv" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  };

  /** Python literal of a string (double quotes; backslashes, quotes and controls escaped). */
  function py(text) {
    return '"' + String(text).replace(/[\\"]/g, (c) => "\\" + c)
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
  }

  /** The state as a helpers.filters.Filter expression (entities, places and outlets by their names). */
  ui.pythonFilter = function (state) {
    const parts = [];
    if (state.start !== null) parts.push(`start=${py(lib.dayToISO(state.start))}`);
    if (state.end !== null) parts.push(`end=${py(lib.dayToISO(state.end))}`);
    for (const field of ["entities", "places", "outlets"]) {
      if (state[field].length) parts.push(`${field}=(${state[field].map((c) => py(c.label)).join(", ")},)`);
    }
    if (state.entities.length > 1 && state.mode === "all") parts.push('entity_mode="all"');
    if (state.keyword.trim()) parts.push(`keyword=${py(state.keyword.trim())}`);
    return `Filter(${parts.join(", ")})`;
  };

  global.CorpusAtlasUI = ui;
})(window);
