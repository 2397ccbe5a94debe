// Returns: one period's return on one page. Choose the agreement and the
// period (the one that needs work is chosen already); then the checks, the
// measures with the records behind each number, what the return says, the
// money, and sending it.

import { api } from "../api.js";
import { el, field, longDate, readForm, replace, restoreUnsaved, unsavedValues } from "../dom.js";
import { checksSection } from "./returns/checks.js";
import { jump } from "./returns/format.js";
import { measuresSection } from "./returns/measures.js";
import { moneySection } from "./returns/money.js";
import { sendSection } from "./returns/send.js";
import { writingSection } from "./returns/writing.js";

/** The agreement and period to show: those asked for, else the return
 *  that needs work (the core decides: the latest ended period with
 *  sessions not yet sent, else the next due). */
async function chosen(params, agreements) {
  const [agreement, period] = params;
  if (agreement && period) return { agreement, period };
  const open = await api.returnToOpen(agreement ?? null);
  if (open) return { agreement: open[0], period: open[1] };
  return { agreement: agreement ?? agreements[0].reference, period: null };
}

/** The agreement and the period, each shown as soon as it is chosen. */
function chooser(agreements, view, go) {
  const form = el("form", { class: "form form-inline", novalidate: true, "data-no-guard": true },
    field({ name: "agreement", label: "Agreement", value: view.agreement.reference,
      options: agreements.map((a) => [a.reference, `${a.title} (${a.reference})`]) }),
    field({ name: "period", label: "Period", value: view.period.id,
      options: view.periods.map((p) => [p.id, `${p.id}, due ${longDate(p.due)}`]) }));
  const show = () => {
    const { agreement, period } = readForm(form);
    // A different agreement has other periods: take the one that needs work.
    go("returns", agreement, ...(agreement === view.agreement.reference ? [period] : []));
  };
  form.addEventListener("change", show);
  form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  return form;
}

function contents() {
  const parts = [["checks-heading", "Checks"], ["measures-heading", "Measures"], ["writing-heading", "What it says"],
    ["finance", "Money"], ["send-heading", "Sign-off and sending"]];
  return el("nav", { "aria-label": "On this page", class: "on-this-page" },
    el("ul", {}, parts.map(([id, text]) => el("li", {}, el("a", { href: "#", text,
      onclick: (event) => { event.preventDefault(); jump(id); } })))));
}

export async function render(main, { params, go }) {
  const agreements = await api.agreements(false);
  if (!agreements.length) {
    replace(main, el("h1", { text: "Returns" }),
      el("p", { text: "A return belongs to a funder's agreement. Add one first, or set one up from the funder's framework workbook." }));
    return;
  }
  const { agreement, period } = await chosen(params, agreements);
  if (!period) {
    replace(main, el("h1", { text: "Returns" }),
      el("p", { text: `No return of ${agreement} is due: its periods have all been sent or it has ended.` }));
    return;
  }
  const view = await api.periodReturn(agreement, period);
  const ctx = {
    agreement: view.agreement.reference,
    period: view.period.id,
    refresh: async (id) => {
      const kept = unsavedValues(main);
      await render(main, { params: [view.agreement.reference, view.period.id], go });
      restoreUnsaved(kept);
      jump(id);
    },
  };
  replace(main,
    el("h1", { text: `Return for ${view.period.id}` }),
    el("p", { class: "lead", text: `${view.agreement.title} (${view.agreement.reference}) for ${view.agreement.funder}: ${longDate(view.period.start)} to ${longDate(view.period.end)}, due ${longDate(view.period.due)}.` }),
    chooser(agreements, view, go),
    contents(),
    checksSection(view),
    measuresSection(view, ctx),
    writingSection(view, ctx),
    moneySection(view, ctx),
    sendSection(view, ctx));
}
