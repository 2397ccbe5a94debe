// Sending a return: the milestones' progress, sign-off, the pack written
// where the user chooses, marking it submitted with the pack that was sent,
// and what has changed since.

import { api } from "../../api.js";
import { el, field, longDate, notice, readForm, replace, showingRefusal, submits } from "../../dom.js";
import { formatValue, idFor } from "./format.js";
import { smallForm } from "./small-form.js";

const MILESTONE_STATUSES = ["not started", "on track", "at risk", "done", "dropped"];

function milestones(view, ctx) {
  if (!view.milestones.length) return [el("p", { text: "This agreement has no milestones." })];
  return view.milestones.map((m) => {
    const id = idFor("milestone", m.title);
    return smallForm(id, [
      el("fieldset", { class: "milestone" },
        el("legend", { text: `${m.title}, due ${longDate(m.due_date)}` }),
        field({ name: "status", label: "Where it stands", options: MILESTONE_STATUSES, value: m.status, attrs: { id: `f-${id}-status` } }),
        field({ name: "note", label: `Note for ${view.period.id}`, type: "textarea", rows: 2, value: m.notes[view.period.id] ?? "", attrs: { id: `f-${id}-note` } }),
        el("button", { type: "submit", class: "button button-secondary", text: "Save", "aria-label": `Save ${m.title}` })),
    ], async (form) => {
      await api.editMilestone(ctx.agreement, m.title, { status: form.status });
      await api.saveMilestoneNote(ctx.agreement, ctx.period, m.title, form.note);
    }, ctx, `Saved ${m.title}.`);
  });
}

function approval(view, ctx) {
  const a = view.approval;
  return [
    a ? el("p", { text: `Approved by ${a.name}, ${a.role}${a.second_name ? `, and ${a.second_name}, ${a.second_role}` : ""}, on ${longDate(a.approved_at.slice(0, 10))}.` })
      : el("p", { text: "Not approved yet: the pack's cover has lines to sign on until it is." }),
    smallForm("approval", [
      el("div", { class: "form-inline" },
        field({ name: "name", label: "Approved by", required: true, value: a?.name ?? "", attrs: { id: "f-approval-name" } }),
        field({ name: "role", label: "Role", required: true, value: a?.role ?? "", attrs: { id: "f-approval-role" } })),
      el("div", { class: "form-inline" },
        field({ name: "second_name", label: "Second signatory, if the funder asks for two", value: a?.second_name ?? "", attrs: { id: "f-approval-second-name" } }),
        field({ name: "second_role", label: "Their role", value: a?.second_role ?? "", attrs: { id: "f-approval-second-role" } })),
      el("button", { type: "submit", class: "button button-secondary", text: a ? "Approve again" : "Mark it approved" })],
    (form) => api.approveReturn(ctx.agreement, ctx.period, form), ctx, "Marked approved."),
  ];
}

function exporting(view, ctx) {
  const result = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "form", id: "export", novalidate: true },
    field({ name: "prepared_by", label: "Prepared by", required: true, value: view.contact_name,
      hint: "The name on the pack's cover.", attrs: { id: "f-prepared-by", autocomplete: "name" } }),
    el("button", { type: "submit", class: "button", text: "Export the pack" }), result);
  submits(form, async () => {
    const preparedBy = form.querySelector("#f-prepared-by").value;
    const path = await api.chooseSaveFile("Save the returns pack", view.file_name, [{ name: "Returns pack", extensions: ["zip"] }]);
    if (!path) return;
    const written = await api.exportPack(ctx.agreement, ctx.period, path, preparedBy);
    const show = el("button", { type: "button", class: "button button-secondary", text: "Show in folder" });
    show.addEventListener("click", showingRefusal(form, () => api.showInFolder(written.path)));
    const submit = el("button", { type: "button", class: "button", text: "Mark it submitted with this pack" });
    submit.addEventListener("click", showingRefusal(form, () => markSubmitted(ctx, written.path)));
    replace(result,
      el("p", { class: "inset", text: `Saved ${written.path}${written.warnings ? `, with ${written.warnings} ${written.warnings === 1 ? "check" : "checks"} to look at listed inside` : ""}.` }),
      written.form_path ? el("p", { class: "inset", text: `The funder's own form, filled in: ${written.form_path}.` }) : null,
      el("div", { class: "button-row" }, show, submit));
    notice("The pack is saved.");
    show.focus();
  });
  return form;
}

async function markSubmitted(ctx, path) {
  await api.submitReturn(ctx.agreement, ctx.period, path);
  await ctx.refresh("submitted");
  notice("Marked as submitted.");
}

function submitted(view, ctx) {
  const s = view.submitted;
  if (!s) {
    const form = el("form", { class: "form", novalidate: true },
      el("p", { text: "Not marked submitted yet. Export the pack and mark it there, or choose the pack you already sent." }),
      el("button", { type: "submit", class: "button button-secondary", text: "Choose the pack that was sent" }));
    submits(form, async () => {
      const path = await api.chooseFile("Choose the pack you sent", [{ name: "Returns pack", extensions: ["zip", "xlsx"] }]);
      if (path) await markSubmitted(ctx, path);
    });
    return [form];
  }
  const when = `${longDate(s.submitted_at.slice(0, 10))} at ${s.submitted_at.slice(11, 16)}`;
  return [
    el("p", { text: `Submitted on ${when}.` }),
    view.changes.length === 0
      ? el("p", { text: "Nothing has changed since: the figures are as sent." })
      : el("table", { class: "table" },
        el("caption", { text: "Figures that have changed since it was submitted" }),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Measure" }),
          el("th", { scope: "col", text: "Figure" }),
          el("th", { scope: "col", class: "number", text: "As sent" }),
          el("th", { scope: "col", class: "number", text: "Now" }))),
        el("tbody", {}, view.changes.map((c) => el("tr", {},
          el("th", { scope: "row", text: `${c.code} ${c.measure}` }),
          el("td", { text: c.field }),
          el("td", { class: "number", text: formatValue(c.sent, c.unit) }),
          el("td", { class: "number", text: formatValue(c.now, c.unit) }))))),
  ];
}

/** Whether the funder has accepted the return (which releases an
 *  instalment waiting for it), and marking it so. */
function accepted(view, ctx) {
  const a = view.accepted;
  if (a) {
    return [el("p", { text: `Accepted by the funder on ${longDate(a.accepted_on)}${a.note ? `: ${a.note}` : ""}.` })];
  }
  const form = el("form", { class: "form form-inline", id: "accept", novalidate: true },
    field({ name: "accepted_on", label: "Accepted by the funder on", type: "date", required: true, attrs: { id: "f-accepted-on" } }),
    field({ name: "note", label: "What the funder said", attrs: { id: "f-accepted-note" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Mark it accepted" }));
  submits(form, async () => {
    await api.acceptReturn(ctx.agreement, ctx.period, readForm(form));
    await ctx.refresh("accepted");
    notice("Marked as accepted by the funder: an instalment waiting for it is released.");
  });
  return [el("p", { text: "Not marked accepted by the funder yet. An instalment that waits for this return is released once it is." }), form];
}

export function sendSection(view, ctx) {
  return el("section", { "aria-labelledby": "send-heading" },
    el("h2", { id: "send-heading", text: "Milestones, sign-off and sending" }),
    el("h3", { text: "Milestones" }),
    ...milestones(view, ctx),
    el("h3", { text: "Sign-off" }),
    ...approval(view, ctx),
    el("h3", { text: "The pack" }),
    el("p", { text: `It is saved as ${view.file_name} unless you choose another name.` }),
    exporting(view, ctx),
    el("h3", { id: "submitted", tabindex: "-1", text: "Submitted" }),
    ...submitted(view, ctx),
    el("h3", { id: "accepted", tabindex: "-1", text: "Accepted by the funder" }),
    ...accepted(view, ctx));
}
