// A small line chart of scores over time, in SVG, with its numbers also
// given as a table for anyone who cannot see the chart.

import { el } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A chart of `points` ({ label, value }) on a scale from `min` to `max`. */
export function journeyChart({ title, points, min, max }) {
  const width = 480, height = 200, left = 40, right = 16, top = 16, bottom = 40;
  const x = (i) => left + (points.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (points.length - 1));
  const y = (v) => top + ((max - v) * (height - top - bottom)) / (max - min || 1);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "aria-label": title });
  chart.append(svg("title", {}, title));
  for (const v of [min, (min + max) / 2, max]) {
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "chart-grid" }));
    chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "chart-label" }, String(v)));
  }
  chart.append(svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" "), class: "chart-line" }));
  points.forEach((p, i) => {
    chart.append(svg("circle", { cx: x(i), cy: y(p.value), r: 5, class: "chart-point" }));
    chart.append(svg("text", { x: x(i), y: height - 14, "text-anchor": "middle", class: "chart-label" }, p.label));
  });
  const table = el("table", { class: "table table-small" },
    el("caption", { class: "visually-hidden", text: `${title}, as a table` }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "When" }), el("th", { scope: "col", class: "number", text: "Score" }))),
    el("tbody", {}, points.map((p) => el("tr", {}, el("td", { text: p.label }), el("td", { class: "number", text: String(p.value) })))));
  return el("figure", { class: "journey" }, chart, el("figcaption", { text: title }), table);
}

/** A measure over the periods: its value (a line with gaps where there is
 *  none) against its target (dashed), with the numbers as a table too.
 *  `points` are { label, value, target }; `format` writes a number. */
export function trendChart({ title, points, format }) {
  const width = 480, height = 200, left = 48, right = 16, top = 16, bottom = 40;
  const numbers = points.flatMap((p) => [p.value, p.target]).filter((v) => v !== null && v !== undefined);
  const max = Math.max(1, ...numbers) * 1.1;
  const x = (i) => left + (points.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (points.length - 1));
  const y = (v) => top + ((max - v) * (height - top - bottom)) / max;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "aria-label": title });
  chart.append(svg("title", {}, title));
  for (const v of [0, max / 2, max]) {
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "chart-grid" }));
    chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "chart-label" }, format(v)));
  }
  // One polyline per run of values: a period with no value is a gap.
  const runs = [];
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) return;
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1].i === i - 1) last.push({ i, v: p.value });
    else runs.push([{ i, v: p.value }]);
  });
  const targets = points.map((p, i) => ({ i, v: p.target })).filter((t) => t.v !== null && t.v !== undefined);
  if (targets.length) {
    chart.append(svg("polyline", { points: targets.map((t) => `${x(t.i)},${y(t.v)}`).join(" "), class: "chart-target" }));
  }
  for (const run of runs) {
    chart.append(svg("polyline", { points: run.map((r) => `${x(r.i)},${y(r.v)}`).join(" "), class: "chart-line" }));
    for (const r of run) chart.append(svg("circle", { cx: x(r.i), cy: y(r.v), r: 4, class: "chart-point" }));
  }
  points.forEach((p, i) => {
    chart.append(svg("text", { x: x(i), y: height - 14, "text-anchor": "middle", class: "chart-label" }, p.label));
  });
  const shown = (v) => (v === null || v === undefined ? "no value" : format(v));
  const table = el("table", { class: "table table-small" },
    el("caption", { class: "visually-hidden", text: `${title}, as a table` }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Period" }),
      el("th", { scope: "col", class: "number", text: "Actual" }),
      el("th", { scope: "col", class: "number", text: "Target" }))),
    el("tbody", {}, points.map((p) => el("tr", {},
      el("td", { text: p.label }),
      el("td", { class: "number", text: shown(p.value) }),
      el("td", { class: "number", text: p.target === null || p.target === undefined ? "none" : format(p.target) })))));
  return el("figure", { class: "journey" }, el("figcaption", { text: title }), chart,
    el("p", { class: "chart-key muted", text: "Solid line: actual. Dashed line: target. A gap is a period with no value." }),
    el("details", {}, el("summary", { text: "The numbers" }), table));
}
