// Pipeline: worker metrics scraped by the console, charts updated every 2 s.
"use strict";
(() => {
  const { api, el, table, fill, fmt } = Console;
  Console.nav("pipeline");
  let charts = null;
  let streams = [];

  function kpi(label, value, id) { return el("div", { class: "kpi", id }, el("div", { class: "v" }, value), el("div", { class: "l" }, label)); }

  function sumOf(obj) { return Object.values(obj || {}).reduce((a, b) => a + b, 0); }

  function ensureCharts(names) {
    if (charts) return;
    streams = names;
    const both = [];
    for (const s of names) both.push(`${s} in`, `${s} out`);
    charts = {
      rate: Charts.lines(document.getElementById("chart-rate"), both, { dashed: (i) => i % 2 === 1 }),
      latency: Charts.lines(document.getElementById("chart-latency"), names, { digits: 0 }),
      lag: Charts.lines(document.getElementById("chart-lag"), names, { digits: 0 }),
    };
  }

  function render(data) {
    fill("endpoints", data.endpoints.length
      ? data.endpoints.map((e) => el("span", { class: "pill endpoint" }, el("span", { class: `dot ${e.ok ? "ok" : "bad"}` }), e.url, e.ok ? "" : ` – ${e.error}`))
      : [el("span", { class: "muted", text: "No metrics endpoints configured: set PII_CONSOLE_METRICS to the workers' http://host:port/metrics." })]);
    ensureCharts(data.streams);
    const last = data.samples[data.samples.length - 1] || {};
    fill("kpis",
      kpi("events in", fmt(sumOf(last.events_in)), "kpi-in"),
      kpi("sanitized out", fmt(sumOf(last.events_out)), "kpi-out"),
      kpi("dead letters", fmt(sumOf(last.dead_letters)), "kpi-dead"),
      kpi("withheld by consent", fmt(sumOf(last.withheld)), "kpi-withheld"),
      kpi("vault entries", fmt(sumOf(last.entities)), "kpi-entities"),
      kpi("consumer lag", fmt(sumOf(last.lag)), "kpi-lag"));
    const xs = data.rates.map((r) => r.t);
    const ys = [];
    for (const s of streams) { ys.push(data.rates.map((r) => r[s].in_per_s)); ys.push(data.rates.map((r) => r[s].out_per_s)); }
    charts.rate.update(xs, ys);
    charts.latency.update(xs, streams.map((s) => data.rates.map((r) => r[s].batch_ms)));
    charts.lag.update(xs, streams.map((s) => data.rates.map((r) => r[s].lag)));
    fill("streams", table([
      { key: "stream", label: "stream" },
      { key: "in", label: "in", num: true }, { key: "out", label: "out", num: true },
      { key: "dead", label: "dead letters", num: true }, { key: "lag", label: "lag", num: true },
      { key: "batch", label: "mean batch ms", num: true },
    ], streams.map((s) => ({
      stream: s, in: fmt(last.events_in?.[s] || 0), out: fmt(last.events_out?.[s] || 0),
      dead: fmt(last.dead_letters?.[s] || 0), lag: fmt(last.lag?.[s] || 0),
      batch: last.batch_count?.[s] ? fmt((last.batch_sum[s] / last.batch_count[s]) * 1000, 1) : "–",
    })), { id: "streams-table" }));
    const bars = (obj, id, label) => {
      const rows = Object.entries(obj || {}).sort((a, b) => b[1] - a[1]);
      const max = Math.max(1, ...rows.map((r) => r[1]));
      return table([
        { key: 0, label }, { key: 1, label: "count", num: true, render: (r) => fmt(r[1]) },
        { label: "", render: (r) => { const b = el("div", { class: "bar" }); b.style.width = `${(100 * r[1]) / max}%`; return b; } },
      ], rows, { id, empty: "none" });
    };
    fill("dead", bars(last.dead_by_reason, "dead-table", "stream / reason"));
    fill("entities", bars(last.entities, "entities-table", "entity type"));
  }

  async function tick() {
    const { data } = await api("/api/pipeline");
    if (!data.error) render(data);
  }
  window.addEventListener("resize", () => charts && Object.values(charts).forEach((c) => c.resize()));
  tick();
  setInterval(tick, 2000);
})();
