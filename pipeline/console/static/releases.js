// Releases: released vs suppressed vs complementary per window, and the cost of k.
"use strict";
(() => {
  const { api, el, table, fill, fmt } = Console;
  Console.nav("releases");
  const $ = (id) => document.getElementById(id);
  let reports = { metrics: {} };
  const METRICS = ["analytics.call_volume", "analytics.web_traffic", "analytics.webhook_health", "ads.audience"];
  const short = (iso) => (iso || "").replace("T", " ").slice(5, 16);

  function renderWindows(metric) {
    const rows = reports.metrics[metric] || [];
    $("window-hint").textContent = rows.length ? `${rows.length} window(s), k = ${rows[rows.length - 1].k}` : "";
    const target = $("chart-windows");
    if (!rows.length) { target.replaceChildren(el("div", { class: "empty", text: "No window of this metric has been released yet." })); }
    else {
      Charts.stacked(target, rows.map((r) => r.window_start), [
        { label: "released", color: "#2f6fde", values: rows.map((r) => r.released) },
        { label: "suppressed (< k)", color: "#e07b39", values: rows.map((r) => r.suppressed - r.complementary) },
        { label: "complementary", color: "#f5c26b", values: rows.map((r) => r.complementary) },
      ], { tick: short });
    }
    fill("windows", table([
      { key: "window_start", label: "window", render: (r) => short(r.window_start) },
      { key: "k", label: "k", num: true }, { key: "cells", label: "cells", num: true },
      { key: "released", label: "released", num: true }, { key: "suppressed", label: "suppressed", num: true },
      { key: "complementary", label: "compl.", num: true }, { key: "blocked", label: "blocked", num: true },
      { label: "dropped", num: true, render: (r) => fmt(Object.values(r.dropped || {}).reduce((a, b) => a + b, 0)) },
      { label: "share", num: true, render: (r) => (r.cells ? `${Math.round((100 * r.released) / r.cells)}%` : "–") },
    ], rows.slice().reverse(), { id: "windows-table", empty: "no reports yet" }));
  }

  function renderCost(metric) {
    const rows = (reports.costs || {})[metric] || [];
    const windows = reports.metrics[metric] || [];
    const k = windows.length ? windows[windows.length - 1].k : null;
    const cells = windows.reduce((a, w) => a + (w.cells || 0), 0);
    const events = windows.reduce((a, w) => a + (w.events || 0), 0);
    $("cost-hint").textContent = rows.length
      ? `over ${windows.length} window(s): ${fmt(cells)} cells, ${fmt(events)} events; k in use = ${k}`
      : "";
    if (!rows.length) {
      $("chart-cost").replaceChildren(el("div", { class: "empty", text: windows.length ? "These reports carry no k costs (an older aggregator)." : "No window of this metric has been released yet." }));
      fill("cost");
      return;
    }
    Charts.stacked($("chart-cost"), rows.map((r) => `k=${r.k}`), [
      { label: "cells kept", color: "#2f6fde", values: rows.map((r) => Math.max(cells - r.cells_suppressed, 0)) },
      { label: "cells withheld", color: "#e07b39", values: rows.map((r) => r.cells_suppressed) },
    ], { xLabel: "k" });
    const pct = (v) => (v === null || v === undefined ? "–" : `${Math.round(100 * v)}%`);
    fill("cost", table([
      { key: "k", label: "k", num: true }, { key: "windows", label: "windows", num: true },
      { key: "cells_suppressed", label: "cells withheld", num: true, render: (r) => fmt(r.cells_suppressed) },
      { label: "of cells", num: true, render: (r) => pct(r.cells_share) },
      { key: "events_suppressed", label: "events withheld", num: true, render: (r) => fmt(r.events_suppressed) },
      { label: "of events", num: true, render: (r) => pct(r.events_share) },
    ], rows, { id: "cost-table", rowClass: (r) => (r.k === k ? "changed" : "") }));
  }

  function renderBudget(metric) {
    const rows = (reports.metrics[metric] || []).filter((r) => r.epsilon_spent !== undefined || r.epsilon_left !== undefined);
    if (!rows.length) {
      fill("dp", el("div", { class: "muted", text: "These reports carry no differential-privacy budget: the windows were released k-anonymously (with complementary suppression), not in DP mode." }));
      return;
    }
    fill("dp", table([
      { label: "window", render: (r) => short(r.window_start) },
      { label: "ε spent", num: true, render: (r) => fmt(r.epsilon_spent, 3) },
      { label: "ε left", num: true, render: (r) => fmt(r.epsilon_left, 3) },
      { label: "refused", num: true, render: (r) => fmt(r.refused) },
    ], rows.slice().reverse(), { id: "dp-table" }));
  }

  function show() { const m = $("metric").value; renderWindows(m); renderCost(m); renderBudget(m); }

  async function start() {
    const { data } = await api("/api/releases");
    reports = data;
    const status = (data.topics || []).map((t) => (t.error ? `${t.topic}: ${t.error}` : `${t.topic}: ${fmt(t.records)} report(s)`));
    $("reports-status").textContent = status.join(" · ");
    const names = Array.from(new Set(METRICS.concat(Object.keys(data.metrics || {}))));
    for (const name of names) $("metric").append(el("option", { value: name }, name));
    // the metric that released the most cells first: the one with something to look at
    const windows = (n) => (data.metrics || {})[n] || [];
    const released = (n) => windows(n).reduce((a, r) => a + r.released, 0) * 1e6 + windows(n).length;
    const first = names.slice().sort((a, b) => released(b) - released(a))[0];
    $("metric").value = first;
    $("metric").addEventListener("change", show);
    show();
  }
  start();
})();
