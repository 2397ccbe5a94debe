// A small form of the Returns page: saving it writes only what it holds,
// draws the page again, and then says it is saved.

import { el, notice, readForm, submits } from "../../dom.js";

/** A small form that saves itself with `save(values, form)` and then
 *  refreshes the page. */
export function smallForm(id, children, save, ctx, done) {
  const form = el("form", { class: "form small-form", id, novalidate: true }, ...children);
  submits(form, async () => {
    await save(readForm(form), form);
    delete form.dataset.unsaved;
    // The page is drawn again first, so that "saved" means it is ready;
    // what other forms hold and is not saved yet is kept.
    await ctx.refresh(id);
    // The focus stays on the button pressed, with the notice just below.
    const drawn = document.getElementById(id);
    drawn?.querySelector("button[type=submit]")?.focus();
    notice(done, drawn);
  });
  return form;
}
