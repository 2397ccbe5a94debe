// The funder's own form, mapped once: the form drawn as its sheets and
// cells (the funder's own words, merged cells and column widths), each
// cell that can take a value a button; choosing one shows what Evident
// proposes for it from the form's labels, a picker of every source, and
// the value the cell would have in the return being worked on.

import { api } from "../api.js";
import { el, notice, replace, showingRefusal, submits } from "../dom.js";

/** Column letters of a column counted from 1: 1 is A, 28 is AB. */
function letters(column) {
  let text = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) text = String.fromCharCode(65 + ((n - 1) % 26)) + text;
  return text;
}

/** The label of every source the picker offers, by the source's words. */
function labelsOf(choices) {
  const labels = new Map();
  for (const group of choices) for (const c of group.choices) labels.set(c.source.toLowerCase(), c.label);
  return labels;
}

/** `sheet!cell`, the key of a cell in every map here. */
const keyOf = (sheet, cell) => `${sheet.toLowerCase()}!${cell}`;

/** The sheet's table: column letters over its columns (at the funder's
 *  widths), row numbers beside its rows, merged cells spanning, and a
 *  button in every cell a value can go in. */
function sheetTable(sheet, view, ui) {
  const byPlace = new Map(sheet.cells.map((c) => [`${c.row},${c.column}`, c]));
  const covered = new Set();
  const spans = new Map();
  for (const m of sheet.merged) {
    spans.set(`${m.first_row},${m.first_column}`, m);
    for (let r = m.first_row; r <= m.last_row; r++) {
      for (let c = m.first_column; c <= m.last_column; c++) {
        if (r !== m.first_row || c !== m.first_column) covered.add(`${r},${c}`);
      }
    }
  }
  ui.mergedFirst = new Set(sheet.merged.map((m) => keyOf(sheet.name, `${letters(m.first_column)}${m.first_row}`)));
  const widthOf = (column) => sheet.widths.find((w) => column >= w.first && column <= w.last);
  const columns = [];
  for (let c = 1; c <= sheet.columns; c++) columns.push(c);
  // A spreadsheet's width is in characters of its default font.
  const chars = (c) => { const w = widthOf(c); return Math.max(3, Math.min(60, w?.hidden ? 1 : (w?.width ?? 8.43))); };
  const colgroup = el("colgroup", {}, el("col", { class: "form-row-number" }), columns.map((c) => {
    const col = el("col");
    col.style.width = `${chars(c)}ch`;
    return col;
  }));
  const head = el("thead", {}, el("tr", {}, el("td"), columns.map((c) => el("th", { scope: "col", text: letters(c) }))));
  const rows = [];
  for (let r = 1; r <= sheet.rows; r++) {
    const cells = [];
    for (const c of columns) {
      const place = `${r},${c}`;
      if (covered.has(place)) continue;
      const merged = spans.get(place);
      const attrs = merged ? {
        colspan: merged.last_column - merged.first_column + 1 > 1 ? merged.last_column - merged.first_column + 1 : null,
        rowspan: merged.last_row - merged.first_row + 1 > 1 ? merged.last_row - merged.first_row + 1 : null,
      } : {};
      cells.push(el("td", attrs, cellContent(sheet, byPlace.get(place), `${letters(c)}${r}`, view, ui)));
    }
    rows.push(el("tr", {}, el("th", { scope: "row", text: String(r) }), cells));
  }
  const table = el("table", { class: "form-grid" },
    el("caption", { class: "visually-hidden", text: `Sheet ${sheet.name}` }),
    colgroup, head, el("tbody", {}, rows));
  // The funder's widths hold: the table is as wide as its columns.
  table.style.width = `calc(3rem + ${columns.reduce((sum, c) => sum + chars(c), 0)}ch)`;
  return el("div", { class: "form-sheet" }, table);
}

/** What a cell of the drawing holds: the funder's words, the funder's
 *  formula (not for mapping), or a button for a cell a value can go in. */
function cellContent(sheet, cell, name, view, ui) {
  if (cell?.formula) return el("span", { class: "form-formula", text: cell.text ? `${cell.text} (formula)` : "(formula)" });
  if (cell?.text) return el("span", { text: cell.text });
  const key = keyOf(sheet.name, name);
  const mapped = ui.mapping.get(key);
  const proposed = ui.proposals.get(key);
  const filled = ui.preview.get(key);
  let text = "";
  let kind = "form-cell";
  if (mapped) {
    kind += filled?.problem ? " form-cell-problem" : " form-cell-mapped";
    text = filled?.value || (ui.labels.get(mapped.source.toLowerCase()) ?? mapped.source);
  } else if (proposed) {
    kind += " form-cell-proposed";
    text = `Proposed: ${ui.labels.get(proposed.source.toLowerCase()) ?? proposed.source}`;
  }
  const what = mapped ? `takes ${mapped.source}` : proposed ? `proposed ${proposed.source}` : "takes nothing";
  // The cells the funder laid out for answers (formatted or merged), and
  // those mapped, are in the keyboard's order; any other empty cell can be
  // clicked, and mapped from a file.
  const laidOut = Boolean(cell) || Boolean(mapped) || ui.mergedFirst.has(key);
  if (!laidOut) kind += " form-cell-plain";
  return el("button", {
    type: "button", class: kind, "data-cell": name,
    // The name starts with what the cell shows, as a reader sees it.
    "aria-label": text ? `${text} (${name}, ${what})` : `${name}: ${what}`,
    tabindex: laidOut ? null : "-1",
    "aria-pressed": ui.selected === key ? "true" : "false",
    onclick: () => ui.choose(sheet.name, name),
    text,
  });
}

/** The picker: every source the agreement has, in its groups. */
function picker(choices, current) {
  return el("select", { id: "f-source", name: "source" },
    el("option", { value: "", text: "Choose what goes in this cell" }),
    choices.filter((g) => g.choices.length).map((g) => el("optgroup", { label: g.name },
      g.choices.map((c) => el("option", { value: c.source, text: c.label, selected: c.source.toLowerCase() === current?.toLowerCase() ? true : null })))));
}

/** The side panel of the chosen cell: what it takes, what is proposed,
 *  the picker, and its value in the return. */
function cellPanel(view, ui) {
  if (!ui.selected) {
    return el("div", {}, el("h2", { text: "Choose a cell" }),
      el("p", { text: "Click a cell of the form, or move to it with Tab and press Enter, to choose what goes in it." }));
  }
  const [sheet, name] = [ui.selectedSheet, ui.selectedCell];
  const mapped = ui.mapping.get(ui.selected);
  const proposed = ui.proposals.get(ui.selected);
  const filled = ui.preview.get(ui.selected);
  const wording = (source) => ui.labels.get(source.toLowerCase()) ?? source;
  const select = picker(view.choices, mapped?.source ?? proposed?.source);
  const form = el("form", { class: "form", novalidate: true },
    el("div", { class: "field", "data-field": "source" },
      el("label", { for: "f-source", text: `What goes in ${name}` }),
      el("p", { class: "field-error", id: "f-source-error", hidden: true }),
      select),
    el("button", { type: "submit", class: "button", text: "Map the cell" }));
  const map = (source) => ui.save(sheet, name, source);
  submits(form, () => map(select.value));
  const parts = [el("h2", { text: `${sheet}, cell ${name}` })];
  if (mapped) {
    parts.push(el("p", {}, "Takes ", el("strong", { text: wording(mapped.source) }), "."));
    if (filled?.problem) parts.push(el("p", { class: "warning-text", text: `It cannot be filled: ${filled.problem}.` }));
    else parts.push(el("p", { text: filled?.value ? `In the ${ui.period} return: ${filled.value}` : `In the ${ui.period} return it stays empty (no figure yet).` }));
  }
  if (proposed && !mapped) {
    const accept = el("button", { type: "button", class: "button", text: "Accept the proposal" });
    accept.addEventListener("click", showingRefusal(form, () => map(proposed.source)));
    parts.push(el("div", { class: "inset form-proposal" },
      el("p", {}, "Evident proposes ", el("strong", { text: wording(proposed.source) }), ` from the form's words “${proposed.because}”.`),
      accept));
  }
  parts.push(form);
  if (mapped) {
    const clear = el("button", { type: "button", class: "button button-secondary", text: "Map it to nothing" });
    clear.addEventListener("click", showingRefusal(form, () => ui.clear(sheet, name)));
    parts.push(clear);
  }
  return el("div", {}, parts);
}

export async function render(main, { params, go }) {
  const reference = params[0];
  const [agreement, view, preview] = await Promise.all([
    api.agreement(reference), api.funderForm(reference), api.funderFormPreview(reference, null),
  ]);
  if (!view.form) {
    go("agreement", reference);
    return;
  }
  const ui = {
    sheet: view.sheets.find((s) => !s.hidden)?.name ?? view.sheets[0].name,
    selected: null, selectedSheet: null, selectedCell: null,
    period: preview.period,
    labels: labelsOf(view.choices),
    mapping: new Map(view.mapping.map((m) => [keyOf(m.sheet, m.cell), m])),
    proposals: new Map(view.proposals.map((p) => [keyOf(p.sheet, p.cell), p])),
    preview: new Map(preview.cells.map((c) => [keyOf(c.sheet, c.cell), c])),
  };
  const sheetArea = el("div", { class: "form-sheet-area" });
  const panel = el("aside", { class: "form-panel", "aria-live": "polite" });
  const tabs = el("div", { class: "form-tabs", role: "group", "aria-label": "The form's sheets" });

  const lead = el("p", { class: "lead" });
  const draw = (focusCell) => {
    const count = ui.mapping.size;
    lead.textContent = `${view.form.file_name}, for ${reference} (${agreement.funder}). ${count} ${count === 1 ? "cell is" : "cells are"} mapped; each return fills them, and nothing else in the form changes.`;
    replace(tabs, view.sheets.map((s) => el("button", {
      type: "button", class: "button button-secondary", "aria-pressed": s.name === ui.sheet ? "true" : "false",
      onclick: () => { ui.sheet = s.name; draw(); },
      text: s.hidden ? `${s.name} (hidden by the funder)` : s.name,
    })));
    replace(sheetArea, sheetTable(view.sheets.find((s) => s.name === ui.sheet), view, ui));
    replace(panel, cellPanel(view, ui));
    if (focusCell) sheetArea.querySelector(`[data-cell="${focusCell}"]`)?.focus();
  };
  ui.choose = (sheet, cell) => {
    ui.selected = keyOf(sheet, cell);
    ui.selectedSheet = sheet;
    ui.selectedCell = cell;
    draw();
    panel.querySelector("#f-source")?.focus();
  };
  const reload = async (cell) => {
    const [again, seen] = await Promise.all([api.funderForm(reference), api.funderFormPreview(reference, null)]);
    Object.assign(view, again);
    ui.mapping = new Map(again.mapping.map((m) => [keyOf(m.sheet, m.cell), m]));
    ui.proposals = new Map(again.proposals.map((p) => [keyOf(p.sheet, p.cell), p]));
    ui.preview = new Map(seen.cells.map((c) => [keyOf(c.sheet, c.cell), c]));
    draw(cell);
  };
  ui.save = async (sheet, cell, source) => {
    if (!source) throw { kind: "invalid", field: "source", message: "choose what goes in the cell from the list" };
    const saved = await api.mapFormCell(reference, { sheet, cell, source });
    await reload(cell);
    notice(`${saved.cell} takes ${ui.labels.get(saved.source.toLowerCase()) ?? saved.source}.`, panel.querySelector("h2"));
  };
  ui.clear = async (sheet, cell) => {
    await api.clearFormCell(reference, sheet, cell);
    await reload(cell);
    notice(`${cell} takes nothing now.`, panel.querySelector("h2"));
  };

  const fromFile = el("button", { type: "button", class: "button button-secondary", text: "Map the cells from a file" });
  const actions = el("div", { class: "form-actions" }, fromFile);
  fromFile.addEventListener("click", showingRefusal(actions, async () => {
    const path = await api.chooseFile("Choose the mapping (sheet, cell, source)", [{ name: "Table", extensions: ["csv", "xlsx"] }]);
    if (!path) return;
    const mapped = await api.mapFormFromFile(reference, path);
    await reload();
    notice(`Mapped ${mapped.cells} cells from the file.`, actions);
  }));

  draw();
  replace(main,
    el("p", {}, el("a", { href: `#/agreement/${encodeURIComponent(reference)}`, text: `Back to ${agreement.title}` })),
    el("h1", { text: "The funder's own form" }),
    lead,
    el("p", { text: `Choose a cell to say what goes in it. A proposal comes from the form's own words beside the cell: accept it or choose another. Values shown are the ${ui.period} return's.` }),
    tabs,
    el("div", { class: "form-layout" }, sheetArea, panel),
    actions);
}
