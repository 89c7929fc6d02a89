// Dead letters (headers only) and the consent audit trail.
"use strict";
(() => {
  const { api, el, table, fill, fmt } = Console;
  Console.nav("deadletters");

  function counts(obj, label, id) {
    const rows = Object.entries(obj || {}).sort((a, b) => b[1] - a[1]);
    return table([{ key: 0, label }, { key: 1, label: "records", num: true, render: (r) => fmt(r[1]) }], rows, { id, empty: "none" });
  }

  async function start() {
    const [dlq, audit] = await Promise.all([api("/api/deadletters"), api("/api/audit")]);
    const d = dlq.data;
    fill("dlq-status", (d.topics || []).map((t) => el("span", { class: "pill" }, el("span", { class: `dot ${t.error ? "bad" : "ok"}` }), `${t.topic}: ${t.error || `${fmt(t.records)} record(s)`}`)));
    fill("dlq-reasons", counts(d.by_reason, "stream / error class", "dlq-reasons-table"));
    fill("dlq-records", table([
      { key: "stream", label: "stream" },
      { label: "dead letter", mono: true, render: (r) => `${r.topic}[${r.partition}]@${r.offset}` },
      { label: "source", mono: true, render: (r) => `${r.source_topic ?? "?"}[${r.source_partition ?? "?"}]@${r.source_offset ?? "?"}` },
      { key: "error_class", label: "error class", render: (r) => el("span", { class: "badge unknown" }, r.error_class || "?") },
      { key: "reason", label: "reason" },
    ], (d.records || []).slice().reverse(), { id: "dlq-table", empty: "no dead letters" }));
    const a = audit.data;
    document.getElementById("audit-status").textContent = (a.topics || []).map((t) => (t.error ? `${t.topic}: ${t.error}` : `${t.topic}: ${fmt(t.records)}`)).join(" · ");
    fill("audit-actions", counts(a.by_action, "action / reason", "audit-actions-table"));
    fill("audit-records", table([
      { key: "at", label: "at", render: (r) => (r.at || "").replace("T", " ").slice(0, 19) },
      { key: "action", label: "action", render: (r) => el("span", { class: "badge" }, r.action || "?") },
      { key: "reason", label: "reason" },
      { key: "stream", label: "stream" },
      { label: "source / keys", mono: true, render: (r) => (r.source ? `${r.source.topic}[${r.source.partition}]@${r.source.offset}` : r.keys !== undefined ? `${r.keys} key(s) destroyed` : "") },
    ], (a.records || []).slice().reverse(), { id: "audit-table", empty: "no audit records" }));
  }
  start();
})();
