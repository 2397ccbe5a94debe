// Agreements: the funders' agreements, and setting one up in one step from
// the funder's framework workbook or one of the examples, after a dry run
// that lists every problem (by sheet, row and column) before anything is
// written. An agreement can also be added by hand.

import { api } from "../api.js";
import { clearErrors, el, field, longDate, notice, readForm, replace, showingRefusal, submits } from "../dom.js";
import { showRefusal } from "../problems.js";
import { agreementFields } from "./agreement.js";

/** A dry run, then (if clean) a button to set it up for real. */
async function trySetUp(area, form, run, go) {
  clearErrors(form);
  replace(area);
  try {
    const planned = await run(true);
    const confirm = el("button", { type: "button", class: "button", text: "Set it up" });
    confirm.addEventListener("click", showingRefusal(form, async () => {
      const done = await run(false);
      notice(`Set up ${done.agreement}.`);
      go("agreement", done.agreement);
    }));
    replace(area, el("div", { class: "inset" },
      el("p", { text: `This would set up agreement ${planned.agreement}${planned.agreement_added ? " (new)" : " (already here: it is updated)"}: ${planned.measures_added} measures added, ${planned.measures_updated} updated, ${planned.targets} targets, ${planned.headings} narrative headings.` }),
      confirm));
    confirm.focus();
  } catch (error) {
    showRefusal(form, area, error);
  }
}

function fromWorkbook(go) {
  const area = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "form", novalidate: true },
    el("p", { text: "Choose the workbook your funder sent. Evident checks it first and lists anything to put right; nothing is written until you say so." }),
    el("button", { type: "submit", class: "button", text: "Choose the funder's workbook" }), area);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const path = await api.chooseFile("Choose the funder's framework workbook", [{ name: "Workbook", extensions: ["xlsx"] }]);
    if (path) await trySetUp(area, form, (dryRun) => api.importFramework(path, dryRun), go);
  });
  return form;
}

function fromExample(examples, go) {
  const area = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "example", label: "Example", options: examples.map((e) => [e.name, `${e.title}, ${e.funder} (${e.frequency}, ${e.measures} measures)`]) }),
    el("button", { type: "submit", class: "button button-secondary", text: "Check this example" }), area);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { example } = readForm(form);
    await trySetUp(area, form, (dryRun) => api.importFrameworkExample(example, dryRun), go);
  });
  return form;
}

function byHand(go) {
  const form = el("form", { class: "form", novalidate: true }, ...agreementFields({}),
    el("button", { type: "submit", class: "button button-secondary", text: "Add the agreement" }));
  submits(form, async () => {
    const saved = await api.addAgreement(readForm(form));
    notice(`Added ${saved.reference}.`);
    go("agreement", saved.reference);
  });
  return form;
}

export async function render(main, { params, go }) {
  const archived = params[0] === "archived";
  const [agreements, examples] = await Promise.all([api.agreements(archived), api.frameworkExamples()]);
  const list = agreements.length === 0
    ? el("p", { text: "No agreements yet. Set one up from your funder's workbook below." })
    : el("table", { class: "table" },
      el("caption", { text: archived ? "Every agreement, archived ones too" : "Agreements" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Agreement" }),
        el("th", { scope: "col", text: "Funder" }),
        el("th", { scope: "col", text: "Runs" }),
        el("th", { scope: "col", text: "Returns" }))),
      el("tbody", {}, agreements.map((a) => el("tr", {},
        el("th", { scope: "row" }, el("a", { href: `#/agreement/${encodeURIComponent(a.reference)}`, text: a.title }),
          el("span", { class: "muted", text: ` ${a.reference}${a.archived ? ", archived" : ""}` })),
        el("td", { text: a.funder }),
        el("td", { text: `${longDate(a.start_date)} to ${longDate(a.end_date)}` }),
        el("td", { text: a.frequency })))));
  replace(main,
    el("h1", { text: "Agreements" }),
    list,
    el("p", {}, el("a", { href: archived ? "#/agreements" : "#/agreements/archived", text: archived ? "Hide archived agreements" : "Show archived agreements too" })),
    el("h2", { text: "Set one up from the funder's workbook" }),
    fromWorkbook(go),
    el("h2", { text: "Or from an example" }),
    fromExample(examples, go),
    el("details", { class: "aside" }, el("summary", { text: "Add an agreement by hand" }), byHand(go)));
}
