// Small SVG charts: lines over iterations with 95% interval bands, and grouped bars for histograms.
'use strict';
const LyceumCharts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const COLOURS = ['#4a7fd0', '#d0644a', '#3a9a5b', '#9a5bd0', '#c9a227', '#2aa5b8', '#b8427a', '#6b6b6b'];
  const W = 360, H = 220, L = 44, R = 10, T = 10, B = 58;

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function fmt(v) {
    if (v === 0) return '0';
    const a = Math.abs(v);
    return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(a >= 1 ? 2 : 3);
  }

  function frame(svg, yMin, yMax) {
    const plotW = W - L - R, plotH = H - T - B;
    const y = v => T + plotH - (yMax === yMin ? plotH / 2 : (v - yMin) / (yMax - yMin) * plotH);
    el('line', {x1: L, y1: T, x2: L, y2: T + plotH, stroke: '#999'}, svg);
    el('line', {x1: L, y1: T + plotH, x2: L + plotW, y2: T + plotH, stroke: '#999'}, svg);
    for (const v of [yMin, (yMin + yMax) / 2, yMax]) {
      el('text', {x: L - 4, y: y(v) + 3, 'text-anchor': 'end'}, svg).textContent = fmt(v);
      el('line', {x1: L, y1: y(v), x2: L + plotW, y2: y(v), stroke: '#eee'}, svg);
    }
    return {y, plotW, plotH};
  }

  function legend(svg, names) {
    names.forEach((name, i) => {
      const x = 8 + (i % 2) * 175, y = H - 36 + Math.floor(i / 2) * 12;
      el('rect', {x, y: y - 8, width: 10, height: 3, fill: COLOURS[i % COLOURS.length]}, svg);
      el('text', {x: x + 14, y: y - 4}, svg).textContent = name.length > 30 ? name.slice(0, 29) + '…' : name;
    });
  }

  /**
   * series: [{name, points: [{x, y, low, high}]}] with x the iteration; low/high draw a band.
   */
  function line(series, options) {
    const svg = el('svg', {width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'line-chart'});
    const pts = series.flatMap(s => s.points);
    if (pts.length === 0) return svg;
    // Every chart of a page spans the same iterations, whichever of them a figure has.
    const xs = (options && options.xs) || [...new Set(pts.map(p => p.x))].sort((a, b) => a - b);
    const vals = pts.flatMap(p => [p.y, p.low, p.high]).filter(v => v !== undefined && v !== null && isFinite(v));
    let yMin = Math.min(...vals), yMax = Math.max(...vals);
    if (options && options.share && yMin >= 0 && yMax <= 1) { yMin = 0; yMax = 1; }
    const {y, plotW, plotH} = frame(svg, yMin, yMax);
    const x = v => L + (xs.length === 1 ? plotW / 2 : (xs.indexOf(v) / (xs.length - 1)) * plotW);
    xs.forEach(v => { el('text', {x: x(v), y: T + plotH + 12, 'text-anchor': 'middle'}, svg).textContent = v; });
    series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const band = s.points.filter(p => p.low !== undefined && p.low !== null);
      if (band.length > 0) {
        const upper = band.map(p => `${x(p.x)},${y(p.high)}`);
        const lower = band.slice().reverse().map(p => `${x(p.x)},${y(p.low)}`);
        el('polygon', {points: upper.concat(lower).join(' '), fill: colour, 'fill-opacity': 0.15,
          stroke: 'none', class: 'interval'}, svg);
      }
      el('polyline', {points: s.points.map(p => `${x(p.x)},${y(p.y)}`).join(' '), fill: 'none',
        stroke: colour, 'stroke-width': 2, class: 'series', 'data-series': s.name}, svg);
      s.points.forEach(p => el('circle', {cx: x(p.x), cy: y(p.y), r: 2.5, fill: colour}, svg)
        .appendChild(el('title', {})).textContent = `${s.name} @${p.x}: ${fmt(p.y)}`
          + (p.low !== undefined && p.low !== null ? ` (${fmt(p.low)}-${fmt(p.high)})` : ''));
    });
    legend(svg, series.map(s => s.name));
    return svg;
  }

  /** labels: category names; series: [{name, values}] drawn side by side per category. */
  function bars(labels, series) {
    const svg = el('svg', {width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'bar-chart'});
    const vals = series.flatMap(s => s.values).filter(v => v !== null && isFinite(v));
    if (vals.length === 0) return svg;
    const {y, plotW} = frame(svg, 0, Math.max(...vals, 1e-9));
    const slot = plotW / labels.length, width = Math.max(1, slot / (series.length + 1));
    labels.forEach((label, j) => {
      if (labels.length <= 12 || j % Math.ceil(labels.length / 8) === 0) {
        el('text', {x: L + j * slot + slot / 2, y: H - B + 12, 'text-anchor': 'middle'}, svg).textContent = label;
      }
      series.forEach((s, i) => {
        const v = s.values[j];
        if (v === null || v === undefined) return;
        el('rect', {x: L + j * slot + i * width + width / 2, y: y(v), width, height: Math.max(0, y(0) - y(v)),
          fill: COLOURS[i % COLOURS.length], class: 'bar'}, svg);
      });
    });
    legend(svg, series.map(s => s.name));
    return svg;
  }

  return {line, bars, fmt};
})();
