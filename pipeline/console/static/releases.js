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

  async function renderCost(metric) {
    $("cost-hint").textContent = "computing…";
    const windows = reports.metrics[metric] || [];
    const k = windows.length ? windows[windows.length - 1].k : "";
    const { data } = await api(`/api/releases/cost?metric=${encodeURIComponent(metric)}&k=${k}`);
    if (data.error) { $("cost-hint").textContent = data.error; fill("cost"); $("chart-cost").replaceChildren(); return; }
    $("cost-hint").textContent = `${fmt(data.records)} sanitized ${data.stream} records${data.truncated ? " (first ones)" : ""}; highlighted: k = ${data.k}`;
    const rows = data.rows;
    if (!rows.length || !data.records) { $("chart-cost").replaceChildren(el("div", { class: "empty", text: "No sanitized records yet." })); }
    else {
      Charts.stacked($("chart-cost"), rows.map((r) => `k=${r.k}`), [
        { label: "released", color: "#2f6fde", values: rows.map((r) => r.released) },
        { label: "suppressed (< k)", color: "#e07b39", values: rows.map((r) => r.suppressed - r.complementary) },
        { label: "complementary", color: "#f5c26b", values: rows.map((r) => r.complementary) },
      ], { xLabel: "k" });
    }
    fill("cost", table([
      { key: "k", label: "k", num: true }, { key: "windows", label: "windows", num: true },
      { key: "cells", label: "cells", num: true }, { key: "released", label: "released", num: true },
      { key: "suppressed", label: "suppressed", num: true }, { key: "complementary", label: "compl.", num: true },
      { label: `${data.measure} in released cells`, num: true, render: (r) => fmt(r.count_in_released_cells) },
      { label: "lost", num: true, render: (r) => (r.count_lost_share === null ? "–" : `${Math.round(100 * r.count_lost_share)}%`) },
    ], rows, { id: "cost-table", rowClass: (r) => (r.k === data.k ? "changed" : "") }));
  }

  function show() { const m = $("metric").value; renderWindows(m); renderCost(m); }

  async function start() {
    const { data } = await api("/api/releases");
    reports = data;
    const status = (data.topics || []).map((t) => (t.error ? `${t.topic}: ${t.error}` : `${t.topic}: ${fmt(t.records)} report(s)`));
    $("reports-status").textContent = status.join(" · ");
    const names = Array.from(new Set(METRICS.concat(Object.keys(data.metrics || {}))));
    for (const name of names) $("metric").append(el("option", { value: name }, name));
    // the metric that released the most cells first: the one with something to look at
    const released = (n) => ((data.metrics || {})[n] || []).reduce((a, r) => a + r.released, 0);
    const first = names.slice().sort((a, b) => released(b) - released(a))[0];
    $("metric").value = first;
    $("metric").addEventListener("change", show);
    show();
  }
  start();
})();
