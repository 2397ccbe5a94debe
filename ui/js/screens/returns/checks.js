// The readiness checks of a return: each a question answered yes or no, and
// for a no, the records behind it, each a link to where it is put right.

import { el } from "../../dom.js";
import { rememberReturn } from "../../way-back.js";
import { idFor, jump } from "./format.js";

/** How many of a check's records are listed before "and N more". */
const SHOWN = 12;

function inPage(id, text) {
  return el("a", { href: "#", text, onclick: (event) => { event.preventDefault(); jump(id); } });
}

/** A link to another screen, which remembers the return to come back to. */
function away(href, text, view) {
  return el("a", { href, text, onclick: () => rememberReturn(view) });
}

/** The checks whose people are put right in their consent. */
const CONSENT_CHECKS = ["attending_without_consent", "consent_due_for_review"];

/** A link to where a check's record is put right. */
function linkTo(check, link, text, view) {
  const key = link.key;
  const agreement = encodeURIComponent(view.agreement.reference);
  switch (link.to) {
    case "register": return away("#/register", text, view);
    case "session": return away(`#/register/${encodeURIComponent(key.programme)}/${key.date}`, text, view);
    case "participant": return CONSENT_CHECKS.includes(check.id)
      ? away(`#/participant-edit/${encodeURIComponent(key)}/consent_date`, text, view)
      : away(`#/participant/${encodeURIComponent(key)}`, text, view);
    case "target": return away(`#/targets/${agreement}`, text, view);
    case "organisation": return away("#/settings", text, view);
    case "agreement": return away(`#/agreement/${agreement}`, text, view);
    case "funder_form": return away(`#/form/${agreement}`, text, view);
    case "story": return away(`#/stories/${key}`, text, view);
    case "feedback": return away("#/feedback", text, view);
    case "heading": return inPage(idFor("narrative", key), text);
    case "curve": return inPage(idFor("curve", key), text);
    case "manual": return inPage(idFor("manual", key), text);
    case "finance": return inPage("finance", text);
    case "milestone": return inPage(idFor("milestone", key), text);
    default: return el("span", { text });
  }
}

export function checksSection(view) {
  const failing = view.checks.filter((c) => c.records.length > 0);
  const item = (c) => {
    const ok = c.records.length === 0;
    const records = c.labels.slice(0, SHOWN).map((label, i) => el("li", {}, linkTo(c, c.links[i], label, view)));
    if (c.records.length > SHOWN) records.push(el("li", { text: `and ${c.records.length - SHOWN} more` }));
    return el("li", { class: ok ? "check check-ok" : "check check-no" },
      el("span", { class: "check-answer", text: ok ? "Yes" : "No" }),
      el("div", { class: "check-body" },
        el("p", { class: "check-title", text: c.title }),
        ok ? null : el("p", { class: "hint", text: `To put it right: ${c.advice}.` }),
        ok ? null : el("ul", { class: "check-records" }, records)));
  };
  // What needs a look first; the checks that passed are folded away.
  const passed = view.checks.filter((c) => c.records.length === 0);
  return el("section", { "aria-labelledby": "checks-heading" },
    el("h2", { id: "checks-heading", text: "Before you send it" }),
    el("p", { text: failing.length === 0
      ? "Every check passed."
      : `${failing.length} of ${view.checks.length} checks need a look. They never stop you exporting: you decide.` }),
    failing.length ? el("ul", { class: "checks" }, failing.map(item)) : null,
    passed.length ? el("details", { class: "checks-passed" },
      el("summary", { text: `${passed.length} ${passed.length === 1 ? "check" : "checks"} passed` }),
      el("ul", { class: "checks" }, passed.map(item))) : null);
}
