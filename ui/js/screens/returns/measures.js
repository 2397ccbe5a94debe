// The measures of a return under the three questions, each number opening
// the records behind it, and each measure's chart over the periods.

import { api } from "../../api.js";
import { el, longDate, replace } from "../../dom.js";
import { trendChart } from "../../chart.js";
import { STATUS_WORDS, formatValue, formatVariance } from "./format.js";

const QUESTIONS = [
  ["How much", "How much did we do?"],
  ["How well", "How well did we do it?"],
  ["Better off", "Is anyone better off?"],
];

/** The dialog that shows the records behind a number; Back closes it. */
function drillDialog() {
  const dialog = el("dialog", { "aria-labelledby": "drill-heading" });
  dialog.addEventListener("close", () => dialog.opener?.focus());
  return dialog;
}

function recordList(title, items, link) {
  if (!items.length) return null;
  return el("div", {}, el("h3", { text: `${title} (${items.length})` }),
    el("ul", { class: "drill-list" }, items.map((item) => el("li", {}, link ? link(item) : el("span", { text: String(item) })))));
}

function records(r) {
  return [
    recordList("People", r.participants, (code) => el("a", { href: `#/participant/${encodeURIComponent(code)}`, text: code })),
    recordList("Sessions", r.sessions),
    recordList("Scores", r.assessments, (n) => el("span", { text: `score ${n}` })),
    recordList("Outcome log entries", r.log_entries, (n) => el("span", { text: `entry ${n}` })),
    recordList("Stories", r.stories, (n) => el("a", { href: `#/stories/${n}`, text: `story ${n}` })),
  ].filter(Boolean);
}

async function drill(dialog, opener, ctx, measure, yearToDate) {
  const span = yearToDate ? "year to date" : "this period";
  let body;
  try {
    const d = await api.explainMeasure(ctx.agreement, ctx.period, measure.code, yearToDate);
    const counted = records(d.counted);
    const outOf = d.out_of ? records(d.out_of) : [];
    body = [
      el("p", { text: `${formatValue(d.value, measure.unit)}, from ${longDate(d.range.start)} to ${longDate(d.range.end)}.` }),
      counted.length ? el("h3", { class: "visually-hidden", text: "Counted" }) : el("p", { text: "Nothing was counted." }),
      ...counted,
      outOf.length ? el("h3", { text: "Out of" }) : null,
      ...outOf,
    ];
  } catch (error) {
    body = [el("p", { text: error?.message ?? String(error) })];
  }
  dialog.opener = opener;
  replace(dialog,
    el("h2", { id: "drill-heading", text: `${measure.code} ${measure.measure}: ${span}` }),
    ...body,
    el("form", { method: "dialog" }, el("button", { class: "button", text: "Back to the return" })));
  dialog.showModal();
}

function numberButton(dialog, ctx, measure, yearToDate) {
  const value = yearToDate ? measure.year_to_date : measure.this_period;
  if (value === null || value === undefined) return el("span", { text: "n/a" });
  const button = el("button", { type: "button", class: "link-button", text: formatValue(value, measure.unit),
    "aria-label": `${formatValue(value, measure.unit)}: show the records behind ${measure.code} ${yearToDate ? "year to date" : "this period"}` });
  button.addEventListener("click", () => drill(dialog, button, ctx, measure, yearToDate));
  return button;
}

export function measuresSection(view, ctx) {
  const dialog = drillDialog();
  const rows = QUESTIONS.flatMap(([question, heading]) => {
    const measures = view.measures.filter((m) => m.question === question);
    if (!measures.length) return [];
    return [
      el("tr", { class: "band" }, el("th", { scope: "rowgroup", colspan: 8, text: heading })),
      ...measures.map((m) => el("tr", {},
        el("th", { scope: "row" }, el("span", { class: "code", text: m.code }), ` ${m.measure}`),
        el("td", { class: "number", text: formatValue(m.baseline, m.unit) }),
        el("td", { class: "number", text: formatValue(m.target, m.unit) }),
        el("td", { class: "number" }, numberButton(dialog, ctx, m, false)),
        el("td", { class: "number" }, numberButton(dialog, ctx, m, true)),
        el("td", { class: "number", text: formatVariance(m.variance, m.unit) }),
        el("td", {}, m.status
          ? el("span", { class: `status status-${m.status}`, text: STATUS_WORDS[m.status] })
          : el("span", { class: "muted", text: "No target" })))),
    ];
  });
  const table = el("table", { class: "table measures" },
    el("caption", { text: `Measures for ${view.period.id}; choose a number to see the records behind it` }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Measure" }),
      el("th", { scope: "col", class: "number", text: "Baseline" }),
      el("th", { scope: "col", class: "number", text: "Target" }),
      el("th", { scope: "col", class: "number", text: "This period" }),
      el("th", { scope: "col", class: "number", text: "Year to date" }),
      el("th", { scope: "col", class: "number", text: "Variance" }),
      el("th", { scope: "col", text: "Status" }))),
    el("tbody", {}, rows));
  // The charts are drawn when first opened, so the page shows sooner.
  const charts = el("div", { class: "chart-grid-list" });
  const trends = el("details", { class: "trends" }, el("summary", { text: "Each measure over the periods" }), charts);
  trends.addEventListener("toggle", () => {
    if (!trends.open || charts.childElementCount) return;
    replace(charts, view.measures.map((m) => {
      const trend = view.trends.find((t) => t.code === m.code);
      return trendChart({
        title: `${m.code} ${m.measure}`,
        points: trend.points.map((p) => ({ label: p.period, value: p.value, target: p.target })),
        format: (v) => formatValue(v, m.unit === "percent" ? "percent" : m.unit === "currency" ? "currency" : "number"),
      });
    }));
  });
  return el("section", { "aria-labelledby": "measures-heading" },
    el("h2", { id: "measures-heading", text: "Measures" }),
    view.measures.length ? table : el("p", { text: "This agreement has no measures yet." }),
    dialog,
    view.measures.length ? trends : null);
}
