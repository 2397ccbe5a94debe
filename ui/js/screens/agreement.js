// One agreement: what it is, changing it, archiving it, and
// writing its framework workbook to hand to another provider.

import { api } from "../api.js";
import { pounds } from "./returns/format.js";
import { confirmDialog, el, field, longDate, notice, readForm, replace, showingRefusal, submits } from "../dom.js";

const KINDS = ["contract", "grant", "service-level agreement"];
const FREQUENCIES = ["monthly", "quarterly", "six-monthly", "annual"];

/** The fields of an agreement's form, filled from `a`. */
export function agreementFields(a) {
  const value = a.value_pence === null || a.value_pence === undefined ? "" : (a.value_pence / 100).toFixed(2);
  return [
    field({ name: "title", label: "Title", value: a.title ?? "", required: true }),
    field({ name: "funder", label: "Funder", value: a.funder ?? "", required: true, hint: "A funder new to you is added." }),
    field({ name: "reference", label: "The funder's reference for it", value: a.reference ?? "", required: true }),
    field({ name: "kind", label: "Kind", options: KINDS, value: a.kind ?? "grant" }),
    field({ name: "start_date", label: "First day", type: "date", value: a.start_date ?? "", required: true }),
    field({ name: "end_date", label: "Last day", type: "date", value: a.end_date ?? "", required: true }),
    field({ name: "value", label: "Its value in pounds", value, attrs: { inputmode: "decimal" } }),
    field({ name: "frequency", label: "How often a return is due", options: FREQUENCIES, value: a.frequency ?? "quarterly" }),
    field({ name: "due_days", label: "Days after a period ends that its return is due", value: String(a.due_days ?? 30), attrs: { inputmode: "numeric" } }),
    field({ name: "programmes", label: "Programmes it pays for", value: (a.programmes ?? []).join("; "),
      hint: "Separate several with ; (a programme new to you is added)." }),
    field({ name: "headings", label: "The return's narrative headings", value: (a.headings ?? []).map((h) => h.heading).join("; "),
      hint: "The funder's questions, separated with ; (Successes; Challenges; Learning; Next steps unless the funder asks its own)." }),
    field({ name: "cost_headings", label: "Cost headings", value: (a.cost_headings ?? []).join("; "),
      hint: "The budget lines, separated with ; (leave empty for the usual six)." }),
    field({ name: "summary", label: "A short summary of the project", type: "textarea", rows: 3, value: a.summary ?? "",
      hint: "Up to 100 words, for the return's cover." }),
    field({ name: "participant_rows", label: "The funder asks for a row per participant (codes only, never names)", type: "checkbox",
      value: Boolean(a.participant_rows) }),
  ];
}

function measuresList(a, measures) {
  const link = (code) => `#/measure/${encodeURIComponent(a.reference)}/${encodeURIComponent(code)}`;
  return [
    measures.length === 0 ? el("p", { text: "No measures yet." }) : el("table", { class: "table" },
      el("caption", { class: "visually-hidden", text: "Its measures" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Measure" }),
        el("th", { scope: "col", text: "Question" }),
        el("th", { scope: "col", text: "What it counts" }))),
      el("tbody", {}, measures.map((m) => el("tr", {},
        el("th", { scope: "row" }, el("a", { href: link(m.code), text: `${m.code} ${m.title}` })),
        el("td", { class: "nowrap", text: m.question }),
        el("td", { text: m.in_words }))))),
    el("ul", { class: "actions" },
      el("li", {}, el("a", { class: "button button-secondary", href: link("new"), text: "Add a measure" })),
      el("li", {}, el("a", { class: "button button-secondary", href: `#/targets/${encodeURIComponent(a.reference)}`, text: "Set the targets" }))),
  ];
}

function milestonesPart(a, milestones, again) {
  const form = el("form", { class: "form form-inline", novalidate: true },
    field({ name: "title", label: "What is to be delivered", required: true, attrs: { id: "f-milestone-title" } }),
    field({ name: "due_date", label: "Due", type: "date", required: true, attrs: { id: "f-milestone-due" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Add the milestone" }));
  submits(form, async () => {
    const saved = await api.addMilestone(a.reference, readForm(form));
    await again();
    notice(`Added ${saved.title}.`);
  });
  return [
    el("p", { text: "What the agreement is to deliver that is not a number, such as a holiday programme run. Its progress is noted with each return." }),
    milestones.length ? el("ul", {}, milestones.map((m) => el("li", { text: `${m.title}: due ${longDate(m.due_date)}, ${m.status}` }))) : el("p", { text: "No milestones yet." }),
    form,
  ];
}

/** Payments: the schedule and where each instalment stands, recording one
 *  arrived, adding one, and equal instalments each quarter in one step. */
function paymentsPart(a, schedule, periods, again) {
  const area = el("div", { id: "payments" });
  const rows = schedule.instalments.map((s) => {
    const i = s.instalment;
    let action = null;
    // Recorded once it is due or near: an instalment months away has nothing to record yet.
    if (!i.received_on && s.state.kind !== "expected") {
      const form = el("form", { class: "form form-inline", novalidate: true, "aria-label": `Record the instalment expected ${longDate(i.expected_on)} arrived` },
        field({ name: "received_on", label: "Arrived on", type: "date", required: true, attrs: { id: `f-received-${i.expected_on}` } }),
        field({ name: "amount", label: "Amount", value: (i.amount_pence / 100).toFixed(2), attrs: { id: `f-received-amount-${i.expected_on}`, inputmode: "decimal" } }),
        el("button", { type: "submit", class: "button button-secondary", text: "Record it arrived" }));
      submits(form, async () => {
        await api.instalmentReceived(a.reference, i.expected_on, readForm(form));
        await again();
        notice(`Recorded ${pounds(i.amount_pence)} expected ${longDate(i.expected_on)} as arrived.`);
      });
      action = form;
    }
    const remove = el("button", { type: "button", class: "button button-secondary", text: "Delete it" });
    remove.addEventListener("click", () => confirmDialog({
      id: `delete-instalment-${i.expected_on}`,
      heading: `Delete the instalment expected ${longDate(i.expected_on)}?`,
      content: [el("p", { text: `${pounds(i.amount_pence)}${i.received_on ? `, arrived on ${longDate(i.received_on)}` : ""}. The history keeps it, to undo.` })],
      confirm: "Delete it",
      warning: true,
      act: () => api.deleteInstalment(a.reference, i.expected_on),
      done: async () => { await again(); notice(`Deleted the instalment expected ${longDate(i.expected_on)}.`); },
    }));
    return el("tr", {},
      el("td", { class: "nowrap", text: longDate(i.expected_on) }),
      el("td", { class: "number", text: pounds(i.amount_pence) }),
      el("td", { text: i.waits_for ?? "" }),
      el("td", {}, el("p", { text: s.sentence }), i.note ? el("p", { class: "muted", text: i.note }) : null, action, remove));
  });
  const table = schedule.instalments.length === 0
    ? el("p", { text: "No instalments yet. Add them one by one, or as equal instalments each quarter." })
    : el("table", { class: "table" },
      el("caption", { class: "visually-hidden", text: "Its instalments" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Expected" }),
        el("th", { scope: "col", class: "number", text: "Amount" }),
        el("th", { scope: "col", text: "Waits for the return of" }),
        el("th", { scope: "col", text: "Where it stands" }))),
      el("tbody", {}, rows));
  const add = el("form", { class: "form form-inline", novalidate: true, "aria-label": "Add an instalment" },
    field({ name: "amount", label: "Amount in pounds", required: true, attrs: { id: "f-instalment-amount", inputmode: "decimal" } }),
    field({ name: "expected_on", label: "Expected on", type: "date", required: true, attrs: { id: "f-instalment-expected" } }),
    field({ name: "waits_for", label: "Waits for the return of", options: [["", "Nothing"], ...periods.map((p) => [p.id, p.id])], attrs: { id: "f-instalment-waits" } }),
    field({ name: "note", label: "Note", attrs: { id: "f-instalment-note" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Add the instalment" }));
  submits(add, async () => {
    const saved = await api.addInstalment(a.reference, readForm(add));
    await again();
    notice(`Added ${pounds(saved.amount_pence)} expected ${longDate(saved.expected_on)}.`);
  });
  const plan = el("form", { class: "form form-inline", novalidate: true, "aria-label": "Equal instalments each quarter" },
    field({ name: "timing", label: "Equal instalments each quarter, adding up to its value", options: [["arrears", "In arrears (after each quarter's return)"], ["advance", "In advance"]], attrs: { id: "f-plan-timing" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Set the schedule" }));
  submits(plan, async () => {
    const planned = await api.planInstalments(a.reference, readForm(plan).timing);
    await again();
    notice(`Set ${planned.length} equal instalments.`);
  });
  replace(area,
    schedule.mismatch ? el("p", { class: "warning-text", text: `${schedule.mismatch}.` }) : null,
    table,
    el("h3", { text: "Add an instalment" }), add,
    el("h3", { text: "Or set them all in one step" }), plan,
    el("p", {}, el("a", { href: "#/cashflow", text: "The next three months of cash" })));
  return area;
}

/** The funder's own form: kept or not, how many cells are mapped, and
 *  the way to map it, add a newer one or stop keeping it. */
function funderFormPart(a, view, again) {
  const area = el("div");
  const choose = showingRefusal(area, async () => {
    const path = await api.chooseFile("Choose the funder's form", [{ name: "Excel workbook", extensions: ["xlsx"] }]);
    if (!path) return;
    const kept = await api.addFunderForm(a.reference, path);
    await again();
    notice(`Kept ${kept.file_name}: each return now fills it.`);
  });
  if (!view.form) {
    replace(area,
      el("p", { text: "If the funder sends its own monitoring form (an Excel workbook), keep it here: map its cells once, and every return fills it in, beside the pack." }),
      view.mapping.length ? el("p", { text: `${view.mapping.length} cells are mapped already (from the framework workbook); add the form to fill them.` }) : null,
      el("button", { type: "button", class: "button button-secondary", onclick: choose, text: "Add the funder's form" }));
    return area;
  }
  const remove = el("button", { type: "button", class: "button button-secondary", text: "Stop keeping it" });
  remove.addEventListener("click", () => confirmDialog({
    id: "remove-form",
    heading: `Stop keeping ${view.form.file_name}?`,
    content: [el("p", { text: "Returns will no longer fill it in. Its mapping is kept, for the form added again." })],
    confirm: "Stop keeping it",
    act: () => api.removeFunderForm(a.reference),
    done: async () => { await again(); notice(`${view.form.file_name} is no longer kept.`); },
  }));
  replace(area,
    el("p", { text: `${view.form.file_name}, kept ${longDate(view.form.added_at.slice(0, 10))}: ${view.mapping.length} cells mapped, ${view.proposals.length} more proposed from its labels.` }),
    el("ul", { class: "actions" },
      el("li", {}, el("a", { class: "button", href: `#/form/${encodeURIComponent(a.reference)}`, text: "Map its cells" })),
      el("li", {}, el("button", { type: "button", class: "button button-secondary", onclick: choose, text: "Add a newer form" })),
      el("li", {}, remove)));
  return area;
}

export async function render(main, { params, go }) {
  const a = await api.agreement(params[0]);
  const [measures, milestones, form, schedule, periods] = await Promise.all([
    api.measuresOf(a.reference), api.milestonesOf(a.reference), api.funderForm(a.reference),
    api.paymentSchedule(a.reference), api.periodsOf(a.reference),
  ]);
  const agreementForm = el("form", { class: "form", novalidate: true }, ...agreementFields(a),
    el("button", { type: "submit", class: "button", text: "Save the agreement" }));
  // An empty cost headings field keeps the usual six rather than none.
  submits(agreementForm, async () => {
    const values = readForm(agreementForm);
    if (!values.cost_headings.trim()) delete values.cost_headings;
    const saved = await api.editAgreement(a.reference, values);
    notice(`Saved ${saved.reference}.`);
    go("agreement", saved.reference);
  });
  const exportForm = el("form", { class: "form", novalidate: true },
    el("button", { type: "submit", class: "button button-secondary", text: "Save its framework workbook" }));
  submits(exportForm, async () => {
    const path = await api.chooseSaveFile("Save the framework workbook", `${a.reference}-framework.xlsx`, [{ name: "Workbook", extensions: ["xlsx"] }]);
    if (!path) return;
    await api.exportFramework(a.reference, path);
    notice(`Saved ${path}.`);
  });
  const archive = el("button", { type: "button", class: "button button-secondary", text: a.archived ? "Bring it back" : "Archive it" });
  archive.addEventListener("click", async () => {
    await api.archiveAgreement(a.reference, !a.archived);
    notice(a.archived ? `${a.reference} is back.` : `${a.reference} is archived: its records and returns are kept.`);
    go("agreements");
  });
  replace(main,
    el("h1", { text: a.title }),
    el("p", { class: "lead", text: `${a.reference} for ${a.funder}: ${longDate(a.start_date)} to ${longDate(a.end_date)}, a return ${a.frequency === "annual" ? "each year" : a.frequency}, due ${a.due_days} days after each period.` }),
    el("ul", { class: "actions" },
      el("li", {}, el("a", { class: "button", href: `#/returns/${encodeURIComponent(a.reference)}`, text: "Its next return" }))),
    el("h2", { text: "Measures" }),
    ...measuresList(a, measures),
    el("h2", { text: "Milestones" }),
    ...milestonesPart(a, milestones, () => render(main, { params, go })),
    el("h2", { text: "Payments" }),
    paymentsPart(a, schedule, periods, () => render(main, { params, go })),
    el("h2", { text: "The funder's own form" }),
    funderFormPart(a, form, () => render(main, { params, go })),
    el("h2", { text: "Change it" }),
    agreementForm,
    el("h2", { text: "Its framework workbook" }),
    el("p", { text: "The agreement's measures, targets and headings as a workbook, for another provider to set up the same agreement." }),
    exportForm,
    el("h2", { text: "Archive" }),
    el("p", { text: "An archived agreement leaves the lists and the home screen; its records and returns are kept." }),
    archive);
}
