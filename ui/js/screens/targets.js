// An agreement's targets as a grid: a row per measure, a column per period.
// Saved all together or not at all; a cell that cannot be read is named.

import { api } from "../api.js";
import { el, notice, replace, submits } from "../dom.js";

export async function render(main, { params, go }) {
  const reference = params[0];
  const [agreement, measures, periods] = await Promise.all([
    api.agreement(reference), api.measuresOf(reference), api.periodsOf(reference),
  ]);
  const cell = (m, p) => {
    const value = m.targets[p.id];
    const input = el("input", { type: "text", inputmode: "decimal", class: "target-cell",
      "aria-label": `${m.code} target for ${p.id}`, "data-code": m.code, "data-period": p.id });
    input.value = value === undefined || value === null ? "" : String(value);
    input.dataset.was = input.value;
    return el("td", {}, input);
  };
  const form = el("form", { class: "form form-wide", novalidate: true },
    el("div", { class: "table-scroll" }, el("table", { class: "table targets" },
      el("caption", { text: `Targets of ${agreement.title}; leave a cell empty for no target` }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Measure" }),
        periods.map((p) => el("th", { scope: "col", class: "number", text: p.id })))),
      el("tbody", {}, measures.map((m) => el("tr", {},
        el("th", { scope: "row" }, el("span", { class: "code", text: m.code }), ` ${m.title}`),
        periods.map((p) => cell(m, p))))))),
    el("button", { type: "submit", class: "button", text: "Save the targets" }));
  submits(form, async () => {
    const cells = [...form.querySelectorAll(".target-cell")]
      .filter((i) => i.value !== i.dataset.was)
      .map((i) => ({ code: i.dataset.code, period: i.dataset.period, value: i.value }));
    const saved = await api.saveTargetGrid(reference, cells);
    notice(saved ? `Saved ${saved} ${saved === 1 ? "target" : "targets"}.` : "Nothing had changed.");
    go("agreement", reference);
  });
  replace(main,
    el("h1", { text: "Targets" }),
    el("p", { class: "lead", text: `${agreement.title} (${agreement.reference}).` }),
    measures.length ? form : el("p", { text: "Add a measure first." }),
    el("p", {}, el("a", { href: `#/agreement/${encodeURIComponent(reference)}`, text: "Back to the agreement" })));
}
