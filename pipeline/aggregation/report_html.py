"""`pii-pipeline report`: one self-contained HTML page (inline SVG, no script, no fetch) of the
window reports: released vs suppressed cells per window, and what k costs (k = 5, 10, 20, 50).

Input is report records as `aggregate.reports` carries them (counts only, never a cell's content).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_GREEN, _ORANGE, _RED, _GREY = "#2e7d32", "#f39c12", "#c0392b", "#9e9e9e"
_BAR_W = 560


def _int(record: Mapping[str, Any], name: str) -> int:
    value = record.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _window_bars(rows: Sequence[Mapping[str, Any]]) -> str:
    """One stacked bar per window: released, suppressed under k, complementary."""
    widest = max((_int(r, "cells") for r in rows), default=0) or 1
    height = 22
    parts = []
    for i, row in enumerate(rows):
        y = i * height
        released, complementary = _int(row, "released"), _int(row, "complementary")
        under_k = max(_int(row, "suppressed") - complementary, 0)
        x = 200.0
        label = html.escape(f"{row.get('window_start', '?')}  k={row.get('k', '?')}")
        parts.append(f'<text x="0" y="{y + 15}" class="l">{label}</text>')
        for count, colour, what in (
            (released, _GREEN, "released"),
            (under_k, _RED, "under k"),
            (complementary, _ORANGE, "complementary"),
        ):
            width = _BAR_W * count / widest
            if width > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{height - 6}" '
                    f'fill="{colour}"><title>{count} {what}</title></rect>'
                )
            x += width
        refused = row.get("refused")
        note = f" refused: {html.escape(str(refused))}" if refused else ""
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 15}" class="n">{released}/{_int(row, "cells")}'
            f"{note}</text>"
        )
    total = height * len(rows) + 4
    return f'<svg width="{200 + _BAR_W + 260}" height="{total}">{"".join(parts)}</svg>'


def _cost_bars(rows: Sequence[Mapping[str, Any]]) -> str:
    """Share of cells and of counts withheld under each k, over all windows of the metric."""
    cells = sum(_int(r, "cells") for r in rows)
    events = sum(_int(r, "events") for r in rows)
    by_k: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for cost in row.get("k_costs") or []:
            if isinstance(cost, Mapping) and isinstance(cost.get("k"), int):
                by_k[cost["k"]][0] += _int(cost, "cells_suppressed")
                by_k[cost["k"]][1] += _int(cost, "events_suppressed")
    if not by_k:
        return "<p>(these reports carry no k costs)</p>"
    parts = []
    for i, k in enumerate(sorted(by_k)):
        lost_cells, lost_events = by_k[k]
        y = i * 46
        parts.append(f'<text x="0" y="{y + 15}" class="l">k = {k}</text>')
        for j, (lost, whole, what) in enumerate(
            ((lost_cells, cells, "cells"), (lost_events, events, "counts"))
        ):
            share = lost / whole if whole else 0.0
            yy = y + j * 20
            parts.append(
                f'<rect x="80" y="{yy + 3}" width="{_BAR_W * share:.1f}" height="16" '
                f'fill="{_RED if j == 0 else _GREY}"><title>{lost} of {whole}</title></rect>'
            )
            parts.append(
                f'<text x="{80 + _BAR_W * share + 6:.1f}" y="{yy + 15}" class="n">'
                f"{what} lost: {lost} of {whole} ({share:.0%})</text>"
            )
    return f'<svg width="{80 + _BAR_W + 260}" height="{46 * len(by_k)}">{"".join(parts)}</svg>'


def _table(rows: Sequence[Mapping[str, Any]]) -> str:
    columns = ("window_start", "k", "cells", "released", "suppressed", "complementary", "events")
    extra = [c for c in ("epsilon_spent", "epsilon_left", "refused") if any(c in r for r in rows)]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in (*columns, *extra))
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in (*columns, *extra))
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(reports: Iterable[Mapping[str, Any]], title: str = "Aggregate releases") -> str:
    """The page: per metric, the window bars, the k-cost bars and the table."""
    by_metric: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for report in reports:
        by_metric[str(report.get("metric", "?"))].append(report)
    sections = []
    for metric in sorted(by_metric):
        rows = sorted(by_metric[metric], key=lambda r: str(r.get("window_start", "")))
        released = sum(_int(r, "released") for r in rows)
        cells = sum(_int(r, "cells") for r in rows)
        sections.append(
            f"<h2>{html.escape(metric)}</h2>"
            f"<p>{len(rows)} windows, {released} of {cells} cells released.</p>"
            f"<h3>Released vs suppressed cells per window</h3>{_window_bars(rows)}"
            f"<h3>What k costs (all windows of the metric)</h3>{_cost_bars(rows)}"
            f"<h3>Windows</h3>{_table(rows)}"
        )
    legend = (
        f'<p><span style="color:{_GREEN}">&#9632; released</span> '
        f'<span style="color:{_RED}">&#9632; suppressed: under k</span> '
        f'<span style="color:{_ORANGE}">&#9632; suppressed: complementary</span></p>'
    )
    style = (
        "body{font-family:sans-serif;margin:2em}svg text{font-size:12px}"
        "text.l{fill:#333}text.n{fill:#555}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
    )
    body = "".join(sections) or "<p>No window reports.</p>"
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1>{legend}{body}"
        "</body></html>\n"
    )
