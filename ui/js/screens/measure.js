// A measure of an agreement, added or changed with a calculation picker:
// each calculation described in plain words, only the options it reads
// shown, and the figure it gives for a period worked out as you choose.

import { api } from "../api.js";
import { el, field, notice, readForm, replace, submits } from "../dom.js";
import { formatValue } from "./returns/format.js";

const QUESTIONS = ["How much", "How well", "Better off"];
const UNITS = ["number", "percent", "hours", "currency"];
const OPTION_FIELDS = ["indicator", "min_sessions", "threshold", "rating", "filter"];

/** The period a preview is worked out for: the agreement's next return
 *  due, or else the latest period that has ended. */
function defaultPeriod(periods, next, reference, today) {
  const due = next.find((n) => n.agreement === reference);
  if (due) return due.period.id;
  const ended = periods.filter((p) => p.end <= today);
  return (ended[ended.length - 1] ?? periods[0])?.id;
}

export async function render(main, { params, go, status }) {
  const [reference, code] = params;
  const editing = code && code !== "new" ? code : null;
  const [agreement, calculations, periods, indicators, outcomes, measures, next] = await Promise.all([
    api.agreement(reference), api.calculations(), api.periodsOf(reference), api.indicators(), api.outcomes(),
    api.measuresOf(reference), api.nextReturns(),
  ]);
  const m = editing ? measures.find((x) => x.code === editing) : null;
  if (editing && !m) {
    replace(main, el("h1", { text: "Measure not found" }), el("p", {}, el("a", { href: `#/agreement/${encodeURIComponent(reference)}`, text: "Back to the agreement" })));
    return;
  }
  const chosen = m?.calculation ?? "participants";
  const picker = el("fieldset", { class: "field calculations", "data-field": "calculation" },
    el("legend", { text: "What it counts" }),
    el("p", { class: "field-error", id: "f-calculation-error", hidden: true }),
    ...calculations.map((c) => el("div", { class: "field-radio" },
      el("input", { type: "radio", name: "calculation", id: `f-calc-${c.name}`, value: c.name, checked: c.name === chosen ? true : null }),
      el("label", { for: `f-calc-${c.name}` }, el("span", { class: "calc-name", text: c.name.replaceAll("_", " ") }), ` – ${c.describes}`))));
  const sources = (calc) => (calc === "outcome_logged" ? outcomes.map((o) => o.name) : indicators.map((i) => i.name));
  const indicatorField = () => field({ name: "indicator", label: "Indicator (or, for an outcome logged, the outcome)",
    value: m?.indicator ?? "", options: [["", "Choose one"], ...sources(chosen).map((n) => [n, n])] });
  const options = el("div", {},
    indicatorField(),
    field({ name: "min_sessions", label: "The fewest sessions to count", value: m?.min_sessions ?? "", attrs: { inputmode: "numeric" } }),
    field({ name: "threshold", label: "The change that counts as improving", value: m?.threshold ?? "",
      hint: "Leave empty for the indicator's own meaningful change.", attrs: { inputmode: "decimal" } }),
    field({ name: "rating", label: "The score that counts (and above)", value: m?.rating ?? "", attrs: { inputmode: "decimal" } }),
    field({ name: "filter", label: "Who counts", value: m?.filter ?? "",
      hint: "Such as gender=Girl or woman; or group=free school meals. Leave empty for everyone." }));
  const figure = el("p", { class: "inset", "aria-live": "polite" });
  const period = field({ name: "preview_period", label: "Show the figure for", value: defaultPeriod(periods, next, reference, status.today),
    options: periods.map((p) => [p.id, p.id]) });
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "code", label: "Code", value: m?.code ?? "", required: true, hint: "The funder's code for it, such as CYP1." }),
    field({ name: "title", label: "What it is called", value: m?.title ?? "", required: true }),
    field({ name: "question", label: "Which question it answers", options: QUESTIONS, value: m?.question ?? "How much" }),
    picker, options, period, figure,
    field({ name: "unit", label: "Unit", options: UNITS, value: m?.unit ?? "number" }),
    field({ name: "higher_is_better", label: "Higher is better", type: "checkbox", value: m ? m.higher_is_better : true }),
    field({ name: "baseline", label: "Baseline", value: m?.baseline ?? "", attrs: { inputmode: "decimal" } }),
    field({ name: "definition", label: "The funder's definition", type: "textarea", rows: 3, value: m?.definition ?? "" }),
    field({ name: "no_target", label: "The funder sets no target for this measure", type: "checkbox", value: Boolean(m?.no_target),
      hint: "The return then stops asking for one." }),
    el("button", { type: "submit", class: "button", text: editing ? "Save the measure" : "Add the measure" }));

  // The form's values as the core wants them: only the options the chosen
  // calculation reads, so a hidden field never changes the figure.
  const values = () => {
    const v = readForm(form);
    delete v.preview_period;
    const calc = calculations.find((c) => c.name === v.calculation);
    for (const name of OPTION_FIELDS) if (!calc?.options.includes(name)) v[name] = "";
    return v;
  };
  const showOptions = () => {
    const calc = calculations.find((c) => c.name === readForm(form).calculation);
    for (const name of OPTION_FIELDS) {
      options.querySelector(`[data-field="${name}"]`).hidden = !calc?.options.includes(name);
    }
  };
  let asked = 0;
  const preview = async () => {
    const mine = ++asked;
    const v = values();
    const at = readForm(form).preview_period;
    try {
      const row = await api.previewMeasure(reference, editing, at, v);
      if (mine !== asked) return;
      figure.textContent = `For ${at}: ${formatValue(row.this_period, row.unit)} this period, ${formatValue(row.year_to_date, row.unit)} year to date.`;
    } catch (error) {
      if (mine !== asked) return;
      figure.textContent = `No figure yet: ${error?.message ?? error}`;
    }
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "calculation") {
      const calc = calculations.find((c) => c.name === event.target.value);
      form.querySelector('[name="unit"]').value = calc.unit;
      const old = options.querySelector('[data-field="indicator"]');
      const fresh = field({ name: "indicator", label: old.querySelector("label").textContent,
        options: [["", "Choose one"], ...sources(calc.name).map((n) => [n, n])] });
      old.replaceWith(fresh);
      showOptions();
    }
    preview();
  });
  form.addEventListener("input", (event) => { if (event.target.type !== "radio") preview(); });
  submits(form, async () => {
    const saved = editing ? await api.editMeasure(reference, editing, values()) : await api.addMeasure(reference, values());
    notice(`Saved ${saved.code}.`);
    go("agreement", reference);
  });
  replace(main,
    el("h1", { text: editing ? `${m.code} ${m.title}` : "Add a measure" }),
    el("p", { class: "lead", text: `A measure of ${agreement.title} (${agreement.reference}).` }),
    form,
    el("p", {}, el("a", { href: `#/agreement/${encodeURIComponent(reference)}`, text: "Back to the agreement" })));
  showOptions();
  preview();
}
