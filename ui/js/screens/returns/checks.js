// The readiness checks of a return: each a question answered yes or no, and
// for a no, the records behind it, each a link to where it is put right.

import { el } from "../../dom.js";
import { idFor, jump } from "./format.js";

/** How many of a check's records are listed before "and N more". */
const SHOWN = 12;

function inPage(id, text) {
  return el("a", { href: "#", text, onclick: (event) => { event.preventDefault(); jump(id); } });
}

/** A link to where a check's record is put right. */
function linkTo(link, text) {
  const key = link.key;
  switch (link.to) {
    case "register": return el("a", { href: "#/register", text });
    case "session": return el("a", { href: `#/register/${encodeURIComponent(key.programme)}/${key.date}`, text });
    case "participant": return el("a", { href: `#/participant/${encodeURIComponent(key)}`, text });
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
    const records = c.records.slice(0, SHOWN).map((record, i) => el("li", {}, linkTo(c.links[i], record)));
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
