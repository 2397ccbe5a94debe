// The outcome log: the quickest form in the app (a dialog reachable from
// every screen and a child's page), and the list of changes seen.

import { api } from "../api.js";
import { clearErrors, el, field, longDate, notice, readForm, replace, showDialog, showError, submits } from "../dom.js";

/** Opens the quick log dialog, optionally for one participant. */
export async function openQuickLog({ participant } = {}) {
  const [people, outcomes, programmes, lists, status] = await Promise.all([
    api.participants(false), api.outcomes(), api.programmes(), api.referenceLists(), api.status(),
  ]);
  document.getElementById("quick-log-dialog")?.remove();
  const form = el("form", { class: "form", novalidate: true, method: "dialog" },
    logFields({ people, outcomes, programmes, lists, today: status.today, participant }),
    el("div", { class: "button-row" },
      el("button", { type: "submit", class: "button", text: "Save" }),
      el("button", { type: "button", class: "button button-secondary", text: "Cancel", onclick: () => dialog.close() })));
  const dialog = el("dialog", { id: "quick-log-dialog", "aria-labelledby": "quick-log-title" },
    el("h2", { id: "quick-log-title", text: "Log an outcome" }), form);
  submits(form, async () => {
    const saved = await api.addLogEntry(readForm(form));
    dialog.close();
    notice(`Logged: ${saved.outcome} for ${saved.participant}.`);
    if (location.hash.startsWith("#/log") || location.hash.startsWith("#/participant/")) window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  // Escape with something typed asks first: a second Escape (or Cancel)
  // closes without saving.
  const warning = el("p", { class: "inset", role: "alert", hidden: true,
    text: "What you typed is not saved. Save it, or press Escape again (or Cancel) to close without saving." });
  form.prepend(warning);
  let typed = false;
  form.addEventListener("input", () => { typed = true; });
  dialog.addEventListener("cancel", (event) => {
    if (typed && warning.hidden) {
      event.preventDefault();
      warning.hidden = false;
    }
  });
  showDialog(dialog);
  (participant ? form.querySelector("#quick-log-outcome") : form.querySelector("#quick-log-participant")).focus();
}

/** The dialog's fields, with ids of their own: the log's page behind it
 *  has fields of the same names. */
function logFields({ people, outcomes, programmes, lists, today, participant }) {
  return [
    field({ name: "participant", label: "Who", required: true, value: participant ?? "", attrs: { id: "quick-log-participant" },
      options: [["", "Choose someone"], ...people.map((p) => [p.code, `${p.known_as} (${p.code})`])] }),
    field({ name: "outcome", label: "What changed for them", required: true, attrs: { id: "quick-log-outcome" },
      options: [["", "Choose an outcome"], ...outcomes.map((o) => [o.name, o.name])] }),
    field({ name: "date", label: "When", type: "date", value: today, required: true, attrs: { id: "quick-log-date" } }),
    field({ name: "note", label: "What you saw or heard", type: "textarea", rows: 3, attrs: { id: "quick-log-note" },
      hint: "Stays on this computer; it is never sent to a funder." }),
    field({ name: "source", label: "Who noticed it", value: "observation", attrs: { id: "quick-log-source" },
      options: lists.source.map((s) => [s, s]) }),
    field({ name: "programme", label: "Programme", value: "", attrs: { id: "quick-log-programme" },
      options: [["", "None"], ...programmes.map((p) => [p.name, p.name])] }),
  ];
}

export async function render(main, { params }) {
  const [outcomes, programmes] = await Promise.all([api.outcomes(), api.programmes()]);
  const filters = el("form", { class: "form form-inline", novalidate: true, role: "search", "data-no-guard": true },
    field({ name: "outcome", label: "Outcome", value: params[0] ?? "", options: [["", "Any"], ...outcomes.map((o) => [o.name, o.name])] }),
    field({ name: "programme", label: "Programme", value: "", options: [["", "Any"], ...programmes.map((p) => [p.name, p.name])] }),
    field({ name: "from", label: "From", type: "date" }),
    field({ name: "to", label: "To", type: "date" }),
    el("button", { type: "submit", class: "button button-secondary", text: "Show" }));
  const results = el("div");
  const show = async () => {
    clearErrors(filters);
    try {
      const entries = await api.logEntries(readForm(filters));
      replace(results, entries.length === 0 ? el("p", { text: "No changes logged match." }) : el("table", { class: "table" },
        el("caption", { text: `${entries.length} ${entries.length === 1 ? "change" : "changes"}` }),
        el("thead", {}, el("tr", {}, ["When", "Who", "Outcome", "Who noticed", "Programme", "What was seen"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, entries.map((e) => el("tr", {},
          el("td", { text: longDate(e.date) }),
          el("td", {}, el("a", { href: `#/participant/${encodeURIComponent(e.participant)}`, text: e.participant })),
          el("td", { text: e.outcome }), el("td", { text: e.source }),
          el("td", { text: e.programme ?? "" }), el("td", { text: e.note }))))));
    } catch (error) {
      showError(filters, error);
    }
  };
  filters.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  const add = el("button", { type: "button", class: "button", text: "Log an outcome", "data-autofocus": true });
  add.addEventListener("click", () => openQuickLog());
  replace(main, el("h1", { text: "Outcome log" }),
    el("p", { text: "The everyday record of changes you see: the quickest way to show that someone is better off." }),
    el("p", {}, add), filters, results);
  await show();
}
