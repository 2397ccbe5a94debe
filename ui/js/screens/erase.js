// Erasing people: a dialog that explains the two ways (anonymise, which
// keeps every figure, or delete completely) in the core's words, asks which,
// and says afterwards what older backups still hold.

import { api } from "../api.js";
import { el, notice, readForm, showDialog, showError } from "../dom.js";

/** Asks how to erase the people with `codes` (named `who`), then does it. */
export async function confirmErasure(codes, who, done) {
  const choices = await api.erasureChoices();
  const dialog = el("dialog", { "aria-labelledby": "erase-heading" });
  const form = el("form", { class: "form", novalidate: true },
    el("h2", { id: "erase-heading", text: `Erase ${who}?` }),
    el("fieldset", { class: "field" },
      el("legend", { text: "How" }),
      choices.map((c, i) => el("div", { class: "field-radio" },
        el("input", { type: "radio", name: "how", id: `erase-${c.how}`, value: c.how, checked: i === 0 ? true : null }),
        el("label", { for: `erase-${c.how}`, text: c.explanation })))),
    el("p", { text: "This cannot be undone." }),
    el("div", { class: "button-row" },
      el("button", { type: "submit", class: "button button-warning", text: "Erase" }),
      el("button", { type: "button", class: "button button-secondary", text: "Cancel", onclick: () => dialog.close() })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const erased = await api.erasePeople(codes, readForm(form).how);
      dialog.close();
      await done(erased);
      notice(`${erased.how === "delete" ? "Deleted" : "Anonymised"}: ${erased.people === 1 ? "1 person" : `${erased.people} people`}. ${erased.backups_note}`);
    } catch (error) {
      showError(form, error);
    }
  });
  dialog.append(form);
  showDialog(dialog);
}
