// A return's money: budget and spend under each of the agreement's cost
// headings, other income that supported the work, and the forecast of
// spend to the agreement's end.

import { api } from "../../api.js";
import { el, field } from "../../dom.js";
import { idFor, pounds, poundsField } from "./format.js";
import { smallForm } from "./small-form.js";

/** Every cost line of the period in one form, saved together: a line typed
 *  is never lost by saving another. A heading with no line yet offers the
 *  budget of the latest period that had one. */
function costLines(view, ctx) {
  const carried = view.carried_budgets ?? {};
  const fieldsets = view.cost_headings.map((heading) => {
    const line = view.finance.find((f) => f.heading.toLowerCase() === heading.toLowerCase());
    const id = idFor("finance", heading);
    const budget = line ? line.budget_pence : carried[heading];
    const hint = !line && carried[heading] !== undefined ? "The budget of the last period, offered again: change it if it differs." : null;
    const cell = (name, label, value, more = {}) => {
      const wrapper = field({ name: `${name} ${heading}`, label, value, ...more, attrs: { id: `f-${id}-${name}`, "data-heading": heading, "data-part": name, ...more.attrs } });
      return wrapper;
    };
    return el("fieldset", { class: "form-inline finance-line", id },
      el("legend", { text: heading }),
      cell("budget", "Budget (£)", poundsField(budget), { required: true, hint, attrs: { inputmode: "decimal" } }),
      cell("actual", "Spent (£)", poundsField(line?.actual_pence), { required: true, attrs: { inputmode: "decimal" } }),
      cell("note", "Note", line?.note ?? ""));
  });
  return smallForm("finance-lines", [
    ...fieldsets,
    el("button", { type: "submit", class: "button", text: "Save the money" }),
  ], (_values, form) => {
    const lines = view.cost_headings.map((heading) => {
      const part = (name) => form.querySelector(`[data-heading="${CSS.escape(heading)}"][data-part="${name}"]`).value;
      return { heading, budget: part("budget"), actual: part("actual"), note: part("note") };
    })
      // A heading left wholly empty is not a line.
      .filter((l) => l.budget.trim() || l.actual.trim() || l.note.trim() || view.finance.some((f) => f.heading === l.heading));
    return api.saveFinances(ctx.agreement, ctx.period, lines);
  }, ctx, "Saved the money for this period.");
}

export function moneySection(view, ctx) {
  const budget = view.finance.reduce((sum, f) => sum + f.budget_pence, 0);
  const spent = view.finance.reduce((sum, f) => sum + f.actual_pence, 0);
  const income = view.other_income.length
    ? el("ul", {}, view.other_income.map((i) => el("li", { text: `${i.source}: ${pounds(i.amount_pence)}` })))
    : el("p", { text: "No other income recorded for this period." });
  const value = view.agreement.value_pence;
  return el("section", { "aria-labelledby": "finance", id: "finance-section" },
    el("h2", { id: "finance", tabindex: "-1", text: "Money" }),
    el("p", { text: view.finance.length
      ? `This period: budget ${pounds(budget)}, spent ${pounds(spent)}.`
      : "No budget or spend recorded for this period yet." }),
    costLines(view, ctx),
    el("h3", { text: "Other income" }),
    el("p", { class: "hint", text: "Money from elsewhere that supported this work. An amount of 0 removes a line." }),
    income,
    smallForm("income", [el("div", { class: "form-inline" },
      field({ name: "source", label: "Where it came from", required: true, attrs: { id: "f-income-source" } }),
      field({ name: "amount", label: "Amount (£)", required: true, attrs: { id: "f-income-amount", inputmode: "decimal" } }),
      el("button", { type: "submit", class: "button button-secondary", text: "Add other income" }))],
    (form) => api.saveIncome(ctx.agreement, ctx.period, form), ctx, "Saved the other income."),
    el("h3", { text: "Forecast to the end" }),
    smallForm("forecast", [el("div", { class: "form-inline" },
      field({ name: "forecast", label: "Spend expected by the agreement's end (£)", required: true,
        value: poundsField(view.forecast?.forecast_pence),
        hint: value ? `The agreement is worth ${pounds(value)}.` : null,
        attrs: { id: "f-forecast", inputmode: "decimal" } }),
      el("button", { type: "submit", class: "button button-secondary", text: "Save the forecast" }))],
    (form) => api.saveForecast(ctx.agreement, ctx.period, form), ctx, "Saved the forecast."));
}
