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
