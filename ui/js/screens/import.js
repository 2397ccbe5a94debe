// Import: a spreadsheet (CSV or xlsx) of participants, sessions,
// attendance, scores or outcome-log entries. Evident reads it first and
// shows what it would do (or every problem, by row and column); nothing is
// written until you say so, and the same file twice adds nothing.

import { api } from "../api.js";
import { clearErrors, el, field, notice, readForm, replace, showingRefusal } from "../dom.js";
import { showRefusal } from "../problems.js";

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
    const { kind } = readForm(form);
    await dryRunThenImport(form, area, {
      chooser: "Choose the spreadsheet",
      run: (path, dryRun) => api.importSpreadsheet(kind, path, dryRun),
      plan,
      anything: (planned) => planned.added + planned.updated > 0,
      button: "Import it",
      done: (done) => {
        notice(`Imported: ${done.added} added, ${done.updated} changed.`);
        return el("p", { class: "inset", text: `Imported ${done.file}: ${done.added} added, ${done.updated} changed, ${done.unchanged} already here.` });
      },
    });
  });
  replace(main,
    el("h1", { text: "Import a spreadsheet" }),
    el("p", { class: "lead", text: "Bring in records you kept in a spreadsheet. Evident checks the file first and shows what it would do; nothing is written until you say so." }),
    form,
    await registerGrid());
  showColumns();
}

/**
 * Asks for the file, shows what importing it would do (or every problem,
 * by row and column) with a button to go ahead; nothing is written before.
 */
async function dryRunThenImport(form, area, { chooser, run, plan, anything, button, done }) {
  clearErrors(form);
  replace(area);
  const path = await api.chooseFile(chooser, [{ name: "Spreadsheet", extensions: ["csv", "xlsx", "ods"] }]);
  if (!path) return;
  try {
    const planned = await run(path, true);
    const go = el("button", { type: "button", class: "button", text: button });
    go.addEventListener("click", showingRefusal(form, async () => {
      replace(area, done(await run(path, false)));
    }));
    replace(area, el("div", { class: "inset" }, plan(planned), anything(planned) ? go
      : el("p", { text: "Everything in it is already here: there is nothing to import." })));
    (area.querySelector("button") ?? area.querySelector("p")).focus?.();
  } catch (error) {
    showRefusal(form, area, error);
  }
}

/** What a register grid would add, or added. */
function gridPlan(report) {
  const verb = report.written ? "added" : "to add";
  const sessions = `${report.sessions_added} ${report.sessions_added === 1 ? "session" : "sessions"} ${verb} (${report.sessions_reused} already here)`;
  const marks = `${report.attendances_added} ${report.attendances_added === 1 ? "attendance" : "attendances"} ${verb} (${report.attendances_already} already here)`;
  return el("div", {},
    el("p", { text: `${report.file}, ${report.sheets.length} ${report.sheets.length === 1 ? "sheet" : "sheets"}: ${sessions}, ${marks}.` }),
    report.new_children.length ? el("div", {},
      el("p", { text: report.written ? "These names were new, and each was added as a child:"
        : "These names are new: each would be added as a child. Check for a typo before you import, or it makes a second child." }),
      el("ul", {}, report.new_children.map((name) => el("li", { text: name })))) : null,
    report.warnings.length ? el("ul", {}, report.warnings.map((w) => el("li", { text: w }))) : null);
}

/**
 * The register as groups keep it: one row per child, one column per date,
 * a mark where the child came; every sheet of a workbook.
 */
async function registerGrid() {
  const programmes = await api.programmes();
  const area = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "form", id: "grid-form", novalidate: true },
    field({ name: "programme", label: "The programme the sessions belong to", required: true,
      options: programmes.map((p) => [p.name, p.name]) }),
    field({ name: "sheet", label: "Only this sheet", hint: "Leave it empty to read every sheet (one a month, say)." }),
    field({ name: "start_time", label: "The sessions' start time", hint: "For new sessions, as 16:00. Empty: the programme's latest session's." }),
    field({ name: "duration_minutes", label: "Their length in minutes", hint: "Empty: the programme's latest session's." }),
    el("button", { type: "submit", class: "button", text: "Choose the register" }), area);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = readForm(form);
    const options = {
      programme: typed.programme ?? "",
      sheet: typed.sheet || null,
      start_time: typed.start_time || null,
      duration_minutes: typed.duration_minutes || null,
    };
    await dryRunThenImport(form, area, {
      chooser: "Choose the register",
      run: (path, dryRun) => api.importRegister(path, options, dryRun),
      plan: gridPlan,
      anything: (planned) => planned.new_children.length + planned.sessions_added + planned.attendances_added > 0,
      button: "Import the register",
      done: (done) => {
        notice(`Imported the register: ${done.attendances_added} attendances added.`);
        return el("div", { class: "inset" }, el("p", { text: `Imported ${done.file}.` }), gridPlan(done));
      },
    });
  });
  return el("section", { "aria-labelledby": "grid-heading" },
    el("h2", { id: "grid-heading", text: "A register kept as a grid" }),
    el("p", { text: "One row per child and one column per session date, with a mark where the child came: ✓, x, 1, Y, P or L (late); A, N, 0 or nothing where they did not. Columns and rows headed Total, Count or % are left out; a row headed Others gives the headcount of those not named. Children are matched by a Code column, or by name (and date of birth)." }),
    form);
}
