// History: the latest changes to the records, newest first, each with what
// changed, and Undo for a mistaken edit, addition or deletion. Undoing is
// a change too, and shows here.

import { api } from "../api.js";
import { el, longDate, notice, replace, showingRefusal } from "../dom.js";

export async function render(main) {
  const changes = await api.history(50);
  const area = el("form", { class: "form form-wide", novalidate: true });
  const again = () => render(main);
  const list = changes.length === 0 ? el("p", { text: "No changes yet." }) : el("table", { class: "table" },
    el("caption", { text: "The latest 50 changes, newest first" }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "When" }),
      el("th", { scope: "col", text: "What changed" }),
      el("th", { scope: "col", text: "Undo" }))),
    el("tbody", {}, changes.map((c) => el("tr", {},
      el("td", { class: "nowrap", text: `${longDate(c.at.slice(0, 10))}, ${c.at.slice(11, 16)}` }),
      el("td", { text: c.summary }),
      el("td", {}, el("button", { type: "button", class: "button button-secondary", text: "Undo",
        "aria-label": `Undo: ${c.summary}`,
        onclick: showingRefusal(area, async () => {
          const undone = await api.undoChange(c.id);
          await again();
          notice(`Undone: ${undone.summary}.`);
        }) }))))));
  area.append(list);
  replace(main,
    el("h1", { text: "History" }),
    el("p", { class: "lead", text: "Every change to the records is kept. Undo a mistaken one here; the undo is kept too. A change that was changed again since is undone after the later one." }),
    area);
}
