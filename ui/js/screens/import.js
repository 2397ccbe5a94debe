// Import: a spreadsheet (CSV or xlsx) of participants, sessions,
// attendance, scores or outcome-log entries. Evident reads it first and
// shows what it would do (or every problem, by row and column); nothing is
// written until you say so, and the same file twice adds nothing.

import { api } from "../api.js";
import { clearErrors, el, field, notice, readForm, replace, showError } from "../dom.js";
import { problemsTable } from "../problems.js";

const LABELS = {
  participants: "Children and adults",
  sessions: "Sessions",
  attendance: "Attendance (who came to which session)",
  assessments: "Scores",
  "outcome-log": "Outcome log entries",
};

function plan(report) {
  return el("div", {},
    el("p", { text: `${report.file}: ${report.rows} ${report.rows === 1 ? "row" : "rows"}, ${report.added} to add, ${report.updated} to change, ${report.unchanged} already here.` }),
    report.list_additions.length ? el("div", {},
      el("p", { text: "These values are new to your lists and would be added as written:" }),
      el("ul", {}, report.list_additions.map(([list, value]) => el("li", { text: `${value} (${list})` })))) : null,
    report.ignored_columns.length
      ? el("p", { text: `Columns Evident does not know, left out: ${report.ignored_columns.join(", ")}.` }) : null);
}

export async function render(main) {
  const kinds = await api.importKinds();
  const area = el("div", { "aria-live": "polite" });
  const columns = el("p", { class: "hint" });
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "kind", label: "What the spreadsheet holds", options: kinds.map((k) => [k.name, LABELS[k.name] ?? k.name]) }),
    columns,
    el("button", { type: "submit", class: "button", text: "Choose the spreadsheet" }), area);
  const showColumns = () => {
    const kind = kinds.find((k) => k.name === readForm(form).kind);
    columns.textContent = `Its header row names these columns (in any order; a first row of headings is needed): ${kind.columns.join(", ")}. Dates may be 2026-04-01 or 01/04/2026.`;
  };
  form.addEventListener("change", showColumns);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(area);
    const { kind } = readForm(form);
    const path = await api.chooseFile("Choose the spreadsheet", [{ name: "Spreadsheet", extensions: ["csv", "xlsx", "ods"] }]);
    if (!path) return;
    try {
      const planned = await api.importSpreadsheet(kind, path, true);
      const go = el("button", { type: "button", class: "button", text: "Import it" });
      go.addEventListener("click", async () => {
        try {
          const done = await api.importSpreadsheet(kind, path, false);
          notice(`Imported: ${done.added} added, ${done.updated} changed.`);
          replace(area, el("p", { class: "inset", text: `Imported ${done.file}: ${done.added} added, ${done.updated} changed, ${done.unchanged} already here.` }));
        } catch (error) {
          showError(form, error);
        }
      });
      replace(area, el("div", { class: "inset" }, plan(planned), planned.added + planned.updated > 0 ? go
        : el("p", { text: "Everything in it is already here: there is nothing to import." })));
      (area.querySelector("button") ?? area.querySelector("p")).focus?.();
    } catch (error) {
      if (error?.problems?.length) {
        replace(area, problemsTable(error.problems));
        area.querySelector("caption").focus();
      } else {
        showError(form, error);
      }
    }
  });
  replace(main,
    el("h1", { text: "Import a spreadsheet" }),
    el("p", { class: "lead", text: "Bring in records you kept in a spreadsheet. Evident checks the file first and shows what it would do; nothing is written until you say so." }),
    form);
  showColumns();
}
