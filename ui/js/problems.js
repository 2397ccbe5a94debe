// A file's problems as a table: where (file and sheet), row, column, the
// value found and what is wrong. Shown instead of writing anything.

import { el, replace, showError } from "./dom.js";

/** The problems of a file, as a table that takes the focus. */
export function problemsTable(problems) {
  const caption = el("caption", { tabindex: "-1",
    text: `${problems.length} ${problems.length === 1 ? "problem" : "problems"} to put right in the file; nothing was written` });
  return el("table", { class: "table problems" },
    caption,
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Where" }),
      el("th", { scope: "col", class: "number", text: "Row" }),
      el("th", { scope: "col", text: "Column" }),
      el("th", { scope: "col", text: "Value" }),
      el("th", { scope: "col", text: "What is wrong" }))),
    el("tbody", {}, problems.map((p) => el("tr", {},
      el("td", { text: p.file }),
      el("td", { class: "number", text: p.line ?? "" }),
      el("td", { text: p.column ?? "" }),
      el("td", { text: p.value }),
      el("td", { text: p.why })))));
}

/**
 * Shows why a file was refused: its problems as a table in `area` (which
 * takes the focus), or any other refusal as the form's error summary.
 */
export function showRefusal(form, area, error) {
  if (error?.problems?.length) {
    replace(area, problemsTable(error.problems));
    area.querySelector("caption").focus();
  } else {
    showError(form, error);
  }
}
