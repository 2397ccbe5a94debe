// Erasing people: a dialog that explains the two ways (anonymise, which
// keeps every figure, or delete completely) in the core's words, asks which,
// and says afterwards what older backups still hold.

import { api } from "../api.js";
import { confirmDialog, el, notice } from "../dom.js";

/** Asks how to erase the people with `codes` (named `who`), then does it. */
export async function confirmErasure(codes, who, done) {
  const choices = await api.erasureChoices();
  confirmDialog({
    id: "erase",
    heading: `Erase ${who}?`,
    content: [
      el("fieldset", { class: "field" },
        el("legend", { text: "How" }),
        choices.map((c, i) => el("div", { class: "field-radio" },
          el("input", { type: "radio", name: "how", id: `erase-${c.how}`, value: c.how, checked: i === 0 ? true : null }),
          el("label", { for: `erase-${c.how}`, text: c.explanation })))),
      el("p", { text: "This cannot be undone." }),
    ],
    confirm: "Erase",
    warning: true,
    act: (values) => api.erasePeople(codes, values.how),
    done: async (erased) => {
      await done(erased);
      notice(`${erased.how === "delete" ? "Deleted" : "Anonymised"}: ${erased.people === 1 ? "1 person" : `${erased.people} people`}. ${erased.backups_note}`);
    },
  });
}
