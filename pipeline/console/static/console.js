// Shared helpers of the console's pages: API calls, small DOM builders, the navigation bar.
"use strict";

const Console = (() => {
  async function api(path, body) {
    const opts = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    };
    const response = await fetch(path, { credentials: "same-origin", ...opts });
    let data;
    try { data = await response.json(); } catch (e) { data = { error: `HTTP ${response.status}` }; }
    if (!response.ok && data && !data.error) data.error = `HTTP ${response.status}`;
    return { status: response.status, ok: response.ok, data };
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function table(columns, rows, opts = {}) {
    if (!rows.length) return el("div", { class: "empty", text: opts.empty || "nothing yet" });
    const head = el("tr", {}, columns.map((c) => el("th", { class: c.num ? "num" : "" }, c.label)));
    const body = rows.map((row) => {
      const tr = el("tr", { class: opts.rowClass ? opts.rowClass(row) : "" });
      for (const c of columns) {
        const value = c.render ? c.render(row) : row[c.key];
        const cls = [c.num ? "num" : "", c.mono ? "mono" : "", c.cellClass ? c.cellClass(row) : ""].join(" ").trim();
        tr.append(el("td", { class: cls }, value instanceof Node ? value : (value ?? "")));
      }
      return tr;
    });
    return el("table", { id: opts.id }, el("thead", {}, head), el("tbody", {}, body));
  }

  function fill(id, ...nodes) {
    const target = document.getElementById(id);
    target.replaceChildren(...nodes.flat());
    return target;
  }

  function status(kind, text) { return el("div", { class: `status ${kind}`, text }); }

  function fmt(n, digits = 0) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  const PALETTE = ["#2f6fde", "#e07b39", "#1f8a4c", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];

  function nav(active) {
    const pages = [["playground", "Playground"], ["pipeline", "Pipeline"], ["releases", "Releases"], ["deadletters", "Dead letters & audit"]];
    const header = el("header", {},
      el("div", { class: "brand" }, "pii-pipeline", el("small", {}, "console")),
      el("nav", {}, pages.map(([href, label]) => el("a", { href: `/${href}`, class: href === active ? "active" : "", id: `nav-${href}` }, label))),
      el("div", { class: "safety", text: "values masked · tokens shortened · payloads stay encrypted" }));
    document.body.prepend(header);
  }

  return { api, el, table, fill, status, fmt, nav, PALETTE };
})();
