// Home: each agreement's next return, those sent that have changed since,
// the week's quick actions, and, where
// several laptops keep the records, a reminder to send changes or that a
// laptop has sent nothing for a fortnight.

import { api } from "../api.js";
import { el, longDate, replace } from "../dom.js";

function dueText(days) {
  if (days < 0) return `${-days} ${-days === 1 ? "day" : "days"} overdue`;
  if (days === 0) return "due today";
  return `${days} ${days === 1 ? "day" : "days"} left`;
}

/** The reminders of several laptops: changes here not sent, and laptops
 *  that have sent nothing for 14 days. Nothing where there is one laptop. */
function laptopReminders(sync) {
  if (!sync.shared) return null;
  const lines = [];
  if (sync.unsent > 0) {
    lines.push(`This laptop has ${sync.unsent} ${sync.unsent === 1 ? "change" : "changes"} the other laptops have not had yet.`);
  }
  for (const l of sync.laptops.filter((l) => l.silent)) {
    lines.push(`${l.name} has not sent its changes for 14 days or more: ask its volunteer to send them.`);
  }
  if (lines.length === 0) return null;
  return el("section", { class: "reminder", "aria-labelledby": "laptops-heading" },
    el("h2", { id: "laptops-heading", text: "Other laptops" }),
    el("ul", {}, lines.map((line) => el("li", { text: line }))),
    el("p", {}, el("a", { href: "#/settings", text: "Send and get changes in Settings" })));
}

/** Returns already sent whose figures have changed since: the funder may
 *  need to be told. */
function changedReturns(changed) {
  if (changed.length === 0) return null;
  return el("section", { class: "reminder", "aria-labelledby": "changed-heading" },
    el("h2", { id: "changed-heading", text: "Sent, and changed since" }),
    el("ul", {}, changed.map((c) => el("li", {},
      el("a", { href: `#/returns/${encodeURIComponent(c.agreement)}/${encodeURIComponent(c.period.id)}`,
        text: `${c.period.id} changed since you sent it: ${c.figures} ${c.figures === 1 ? "figure" : "figures"}` }),
      el("span", { class: "muted", text: ` (${c.title}, ${c.agreement})` })))),
    el("p", { class: "hint", text: "Open the return to see what changed, and tell the funder if it matters." }));
}

/** DBS checks to renew soon, or already run out. */
function dbsReminders(due) {
  if (due.length === 0) return null;
  const say = (d) => d.days == null ? `${d.name} has no DBS check recorded`
    : d.days < 0 ? `${d.name}'s DBS check ran out on ${longDate(d.renewal)}`
      : `${d.name}'s DBS check is due for renewal on ${longDate(d.renewal)} (in ${d.days} ${d.days === 1 ? "day" : "days"})`;
  return el("section", { class: "reminder", "aria-labelledby": "dbs-heading" },
    el("h2", { id: "dbs-heading", text: "DBS checks to renew" }),
    el("ul", {}, due.map((d) => el("li", { text: say(d) }))),
    el("p", {}, el("a", { href: "#/team", text: "Record a renewed check on the team" })));
}

/** Instalments late, waiting for a return to be accepted, or due soon. */
function paymentReminders(notices) {
  if (notices.length === 0) return null;
  return el("section", { class: "reminder", "aria-labelledby": "payments-heading" },
    el("h2", { id: "payments-heading", text: "Money from funders" }),
    el("ul", {}, notices.map((n) => el("li", {},
      `${n.standing.sentence} (`,
      el("a", { href: `#/agreement/${encodeURIComponent(n.agreement)}`, text: n.title }),
      ")."))),
    el("p", {}, el("a", { href: "#/cashflow", text: "The next three months of cash" })));
}

export async function render(main, { status }) {
  const [returns, sync, dbs, payments] = await Promise.all([
    api.nextReturns(), api.syncStatus(), api.dbsDue(), api.instalmentNotices(),
  ]);
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
    laptopReminders(sync),
    dbsReminders(dbs),
    paymentReminders(payments),
    el("h2", { text: "This week", id: "this-week" }),
    actions,
    el("h2", { text: "Returns" }),
    table);
  // Working out which sent returns have changed means working out each
  // again: the screen is drawn first, and the list joins it when ready.
  api.changedReturns().then((changed) => {
    const section = changedReturns(changed);
    const week = document.getElementById("this-week");
    if (section && week?.isConnected) week.before(section);
  }).catch(() => {});
}
