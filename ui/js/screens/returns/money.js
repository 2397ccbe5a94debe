// A return's money: budget and spend under each of the agreement's cost
// headings, other income that supported the work, and the forecast of
// spend to the agreement's end.

import { api } from "../../api.js";
import { el, field } from "../../dom.js";
import { idFor, pounds, poundsField } from "./format.js";
import { smallForm } from "./small-form.js";

function lines(view, ctx) {
  return view.cost_headings.map((heading) => {
    const line = view.finance.find((f) => f.heading.toLowerCase() === heading.toLowerCase());
    const id = idFor("finance", heading);
    return smallForm(id, [
      el("input", { type: "hidden", name: "heading", value: heading }),
      el("fieldset", { class: "form-inline finance-line" },
        el("legend", { text: heading }),
        field({ name: "budget", label: "Budget (£)", value: poundsField(line?.budget_pence), required: true, attrs: { id: `f-${id}-budget`, inputmode: "decimal" } }),
        field({ name: "actual", label: "Spent (£)", value: poundsField(line?.actual_pence), required: true, attrs: { id: `f-${id}-actual`, inputmode: "decimal" } }),
        field({ name: "note", label: "Note", value: line?.note ?? "", attrs: { id: `f-${id}-note` } }),
        el("button", { type: "submit", class: "button button-secondary", text: "Save", "aria-label": `Save ${heading}` })),
    ], (form) => api.saveFinance(ctx.agreement, ctx.period, form), ctx, `Saved ${heading}.`);
  });
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
    ...lines(view, ctx),
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
