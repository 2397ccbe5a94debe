// The next three months of cash: instalments expected against spend
// forecast, by month, from the money in hand the coordinator types, and
// the first month the money runs short.

import { api } from "../api.js";
import { pounds } from "./returns/format.js";
import { el, field, longDate, notice, readForm, replace, submits } from "../dom.js";

/** `2026-12` as December 2026. */
function monthName(month) {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** Each part of a month's money, by agreement, as a line of text. */
const parts = (list) => list.map(([agreement, pence]) => `${agreement} ${pounds(pence)}`).join("; ");

export async function render(main) {
  const flow = await api.cashFlow();
  const form = el("form", { class: "form form-inline", novalidate: true },
    field({ name: "amount", label: "Money in hand now, in pounds", required: true, value: (flow.opening_pence / 100).toFixed(2), attrs: { inputmode: "decimal" },
      hint: flow.as_of ? `Last typed on ${longDate(flow.as_of)}.` : "What the bank says today; overdrawn is a minus." }),
    el("button", { type: "submit", class: "button", text: "Work it out again" }));
  submits(form, async () => {
    await api.setCashInHand(readForm(form).amount);
    await render(main);
    notice("Worked out again from the money in hand.");
  });
  const rows = flow.months.map((m) => el("tr", { class: m.balance_pence < 0 ? "short" : null },
    el("th", { scope: "row", text: monthName(m.month) }),
    el("td", { class: "number", text: pounds(m.money_in_pence) }),
    el("td", { text: parts(m.money_in) }),
    el("td", { class: "number", text: pounds(m.spend_pence) }),
    el("td", { class: m.balance_pence < 0 ? "number overdue" : "number", text: pounds(m.balance_pence) })));
  const verdict = flow.short_in
    ? el("p", { class: "warning-text", id: "cash-verdict", text: `The money runs short in ${monthName(flow.short_in)}.` })
    : el("p", { class: "inset", id: "cash-verdict", text: "The money lasts the three months." });
  replace(main,
    el("h1", { text: "The next three months of cash" }),
    el("p", { class: "lead", text: "Instalments expected from funders against the spend forecast, month by month: each cost line's budget for the period, or else the average of what has been spent." }),
    form,
    verdict,
    el("table", { class: "table" },
      el("caption", { text: "Money in, spend and the balance at each month's end" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Month" }),
        el("th", { scope: "col", class: "number", text: "Money in" }),
        el("th", { scope: "col", text: "From" }),
        el("th", { scope: "col", class: "number", text: "Spend" }),
        el("th", { scope: "col", class: "number", text: "Balance" }))),
      el("tbody", {}, rows)),
    el("p", { class: "hint", text: "An instalment already due and not arrived is counted in the first month; one waiting for a return to be accepted is counted when it is expected." }));
}
