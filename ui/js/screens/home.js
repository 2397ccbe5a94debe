// Home: each agreement's next return, and the week's quick actions.

import { api } from "../api.js";
import { el, longDate, replace } from "../dom.js";

function dueText(days) {
  if (days < 0) return `${-days} ${-days === 1 ? "day" : "days"} overdue`;
  if (days === 0) return "due today";
  return `${days} ${days === 1 ? "day" : "days"} left`;
}

export async function render(main, { status }) {
  const returns = await api.nextReturns();
  const actions = el("ul", { class: "actions" },
    el("li", {}, el("a", { class: "button", href: "#/register", text: "Take a register" })),
    el("li", {}, el("a", { class: "button button-secondary", href: "#/log", text: "Log an outcome" })),
    el("li", {}, el("a", { class: "button button-secondary", href: "#/participant-new", text: "Add a child or adult" })));
  const table = returns.length === 0
    ? el("p", { text: "No returns are due. When you add a funder's agreement, its next return shows here." })
    : el("table", { class: "table" },
      el("caption", { text: "The next return of each agreement" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Agreement" }),
        el("th", { scope: "col", text: "Period" }),
        el("th", { scope: "col", text: "Due" }),
        el("th", { scope: "col", class: "number", text: "Time left" }),
        el("th", { scope: "col", class: "number", text: "Checks to look at" }),
        el("th", { scope: "col", text: "Sent" }))),
      el("tbody", {}, returns.map((r) => el("tr", {},
        el("th", { scope: "row" },
          el("a", { href: `#/returns/${encodeURIComponent(r.agreement)}/${encodeURIComponent(r.period.id)}`, text: r.title }),
          el("span", { class: "muted", text: ` ${r.agreement}, ${r.funder}` })),
        el("td", { class: "nowrap", text: r.period.id }),
        el("td", { class: "nowrap", text: longDate(r.period.due) }),
        el("td", { class: r.days_left < 0 ? "number overdue" : "number", text: dueText(r.days_left) }),
        el("td", { class: "number", text: String(r.checks_needing_attention) }),
        el("td", { text: r.submitted ? "Sent" : "Not yet" })))));
  replace(main,
    el("h1", { text: status.organisation?.name ?? "Home" }),
    el("h2", { text: "This week" }),
    actions,
    el("h2", { text: "Returns" }),
    table);
}
