// Small wrappers around uPlot (vendored): time-series lines and (stacked) bars by category.
"use strict";
const Charts = (() => {
  const { PALETTE } = Console;

  function width(target) { return Math.max(280, target.clientWidth - 4); }

  function lines(target, labels, opts = {}) {
    const series = [{}].concat(labels.map((label, i) => ({
      label, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true,
      dash: opts.dashed && opts.dashed(i) ? [6, 4] : undefined,
      value: (u, v) => (v === null || v === undefined ? "–" : v.toFixed(opts.digits ?? 1)),
    })));
    const plot = new uPlot({
      width: width(target), height: opts.height || 200, series,
      axes: [{}, { size: 50 }], scales: { x: { time: true } }, legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    }, [[]].concat(labels.map(() => [])), target);
    return {
      update(xs, ys) { plot.setData([xs].concat(ys)); },
      resize() { plot.setSize({ width: width(target), height: opts.height || 200 }); },
    };
  }

  // Stacked bars over categories (x = 0..n-1, labelled by `names`).
  function stacked(target, names, layers, opts = {}) {
    const n = names.length;
    const xs = names.map((_, i) => i);
    const sums = layers.map(() => new Array(n).fill(0));
    layers.forEach((layer, j) => layer.values.forEach((v, i) => {
      sums[j][i] = v + (j > 0 ? sums[j - 1][i] : 0);
    }));
    const bars = uPlot.paths.bars({ size: [0.7, 60] });
    const series = [{ label: opts.xLabel || "window", value: (u, i) => (i === null ? "–" : names[i] ?? "") }];
    // draw the tallest (cumulative) layer first so smaller ones sit on top of it
    const order = layers.map((_, j) => j).reverse();
    for (const j of order) {
      series.push({
        label: layers[j].label, fill: layers[j].color, stroke: layers[j].color, paths: bars, points: { show: false },
        value: (u, v, s, i) => (i === null ? "–" : String(layers[j].values[i])),
      });
    }
    const data = [xs].concat(order.map((j) => sums[j]));
    target.replaceChildren();
    return new uPlot({
      width: width(target), height: opts.height || 230, series,
      scales: { x: { time: false, range: [-0.6, Math.max(n - 0.4, 0.6)] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (opts.tick ? opts.tick(names[t]) : names[t]) ?? "" : "")), space: 60, incrs: [1] },
        { size: 50 },
      ],
      legend: { live: false }, cursor: { drag: { x: false, y: false } },
    }, data, target);
  }

  return { lines, stacked };
})();
