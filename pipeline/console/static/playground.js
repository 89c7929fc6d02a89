// Playground: explain one event with the live configuration and compare with a candidate.
"use strict";
(() => {
  const { api, el, table, fill, status } = Console;
  Console.nav("playground");
  const $ = (id) => document.getElementById(id);

  function badge(classification) {
    const kind = (classification || "").split(":")[0];
    return el("span", { class: `badge ${kind}` }, classification);
  }

  const COLUMNS = [
    { key: "field", label: "field", mono: true },
    { key: "source", label: "input (PII masked)", mono: true },
    { key: "classification", label: "classified as", render: (r) => badge(r.classification) },
    { key: "entities", label: "entities" },
    { key: "recognizer", label: "recognizer" },
    { key: "score", label: "score", num: true },
    { key: "action", label: "action" },
    { key: "result", label: "result", mono: true },
  ];

  function showOutcome(result) {
    if (result.error) { fill("event-status", status("bad", result.error.message || result.error)); return; }
    if (!result.ok) {
      fill("event-status", status("bad", `rejected (${result.error_class}): ${result.reason}`));
      fill("decisions", el("div", { class: "empty", text: "rejected: it would go to the dead-letter topic" }));
      $("record").textContent = "–";
      return;
    }
    fill("event-status", status("ok", `sanitized · event ${result.event_id} · config ${result.config_version}`));
    fill("decisions", table(COLUMNS, result.rows, { id: "decisions-table" }));
    $("record").textContent = JSON.stringify(result.record, null, 2);
    $("record-hint").textContent = `config ${result.config_version}`;
    const types = Object.entries(result.vault.by_type).map(([t, n]) => `${t} ${n}`).join(", ");
    $("vault-summary").textContent = `${result.vault.entries} value(s) kept in the vault, encrypted per data subject${types ? ` (${types})` : ""}`;
  }

  async function explain() {
    const { data } = await api("/api/explain", { stream: $("stream").value, event: $("event").value });
    showOutcome(data);
  }

  async function generate() {
    const { data } = await api(`/api/sample?stream=${encodeURIComponent($("stream").value)}&seed=${encodeURIComponent($("seed").value)}`);
    if (data.error) { fill("event-status", status("bad", data.error)); return; }
    $("event").value = data.event;
    fill("event-status", status("info", `synthetic ${data.stream} event (seed ${data.seed}): made-up values from the labelled corpus`));
  }

  async function loadConfig() {
    const kind = $("kind").value;
    const { data } = await api(`/api/config/${kind}`);
    if (data.error) { fill("candidate-status", status("bad", data.error.message || data.error)); return; }
    $("live-text").value = data.text;
    $("candidate-text").value = data.text;
    $("live-version").textContent = `live ${data.file.split("/").slice(-2).join("/")} · ${data.version}`;
    fill("candidate-status");
  }

  function showError(error) {
    fill("candidate-status", status("bad", `${error.file}:${error.line ?? "?"}: ${error.field}: ${error.reason}`));
  }

  async function validate() {
    const { data } = await api(`/api/config/${$("kind").value}/check`, { text: $("candidate-text").value });
    if (data.ok) fill("candidate-status", status("ok", `valid · candidate version ${data.version}`));
    else if (data.error) showError(data.error);
    return data.ok;
  }

  function cell(row, side) {
    const r = row[side];
    if (!r) return el("span", { class: "muted", text: "(no such field)" });
    return el("span", {}, el("span", { class: "badge" }, r.action), " ", el("span", { class: "mono" }, r.result));
  }

  async function compare() {
    fill("diff-hint", "comparing… (a new candidate loads its own engine: a few seconds)");
    const { data } = await api("/api/compare", {
      stream: $("stream").value, event: $("event").value, kind: $("kind").value, text: $("candidate-text").value,
    });
    if (data.error && !data.live) { fill("diff-hint", ""); showError(data.error); return; }
    showOutcome(data.live);
    if (data.error) { fill("diff-hint", "candidate invalid"); showError(data.error); return; }
    fill("candidate-status", status("ok", `valid · candidate version ${data.candidate.config_version}`));
    const diff = data.diff;
    fill("diff-hint", `${diff.decisions_changed} decision(s) and ${diff.values_changed} output value(s) differ`);
    const changed = (row, keys) => keys.some((k) => row.changed.includes(k)) ? "changed" : "";
    fill("diff-decisions", table([
      { key: "field", label: "field", mono: true },
      { label: "live", render: (r) => cell(r, "live"), cellClass: (r) => changed(r, ["action", "result", "classification", "entities"]) },
      { label: "candidate", render: (r) => cell(r, "candidate"), cellClass: (r) => changed(r, ["action", "result", "classification", "entities"]) },
      { label: "what changed", render: (r) => r.changed.join(", ") },
    ], diff.rows, { id: "diff-table", rowClass: (r) => (r.changed.length ? "changed" : "") }));
    const show = (v) => (v === undefined || v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v));
    fill("diff-record", table([
      { key: "path", label: "path", mono: true },
      { label: "live", render: (r) => show(r.live), mono: true, cellClass: (r) => (r.changed ? "changed" : "") },
      { label: "candidate", render: (r) => show(r.candidate), mono: true, cellClass: (r) => (r.changed ? "changed" : "") },
    ], diff.record, { id: "diff-record-table", rowClass: (r) => (r.changed ? "changed" : "") }));
  }

  async function save() {
    const kind = $("kind").value;
    const { data } = await api(`/api/config/${kind}/save`, { text: $("candidate-text").value });
    if (!data.saved) { showError(data.error); return; }
    await loadConfig();
    fill("candidate-status", status("ok", `saved · live version is now ${data.version} (workers with hot reload pick it up)`));
  }

  async function start() {
    const { data } = await api("/api/streams");
    for (const stream of data.streams || []) $("stream").append(el("option", { value: stream }, stream));
    $("generate").addEventListener("click", generate);
    $("explain").addEventListener("click", explain);
    $("validate").addEventListener("click", validate);
    $("compare").addEventListener("click", compare);
    $("save").addEventListener("click", save);
    $("kind").addEventListener("change", loadConfig);
    await loadConfig();
  }
  start();
})();
