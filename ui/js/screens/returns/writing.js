// What a return says in words: the answers under the funder's headings,
// each measure's turn-the-curve notes, and the values typed for manual
// measures. Each is its own small form: saving one writes only that one.

import { api } from "../../api.js";
import { el, field } from "../../dom.js";
import { STATUS_WORDS, idFor } from "./format.js";
import { smallForm } from "./small-form.js";

function narrative(view, ctx) {
  return view.narrative.answers.map(([heading, text], i) => {
    const guidance = view.agreement.headings.find((h) => h.heading === heading)?.guidance;
    return smallForm(idFor("narrative", heading), [
      el("input", { type: "hidden", name: "heading", value: heading }),
      field({ name: "text", label: heading, type: "textarea", value: text, hint: guidance || null, attrs: { id: `f-narrative-${i}` } }),
      el("button", { type: "submit", class: "button button-secondary", text: `Save “${heading}”` }),
    ], (form) => api.saveNarrative(ctx.agreement, ctx.period, form), ctx, `Saved the answer to “${heading}”.`);
  });
}

function curves(view, ctx) {
  // Red and amber measures first, then any other with notes already.
  const rank = { red: 0, amber: 1 };
  const shown = view.measures
    .filter((m) => m.status === "red" || m.status === "amber" || view.narrative.curves.some((c) => c.code === m.code))
    .sort((a, b) => (rank[a.status] ?? 2) - (rank[b.status] ?? 2));
  if (!shown.length) return [el("p", { text: "No measure is red or amber this period, so no story behind the curve is needed." })];
  return shown.map((m) => {
    const note = view.narrative.curves.find((c) => c.code === m.code) ?? {};
    const id = idFor("curve", m.code);
    return el("fieldset", { class: "curve" },
      el("legend", {}, `${m.code} ${m.measure}: `,
        m.status ? el("span", { class: `status status-${m.status}`, text: STATUS_WORDS[m.status] }) : "no target"),
      smallForm(id, [
        field({ name: "text", label: "The story behind the curve", type: "textarea", rows: 3, value: note.story ?? "",
          hint: "Why it moved: what happened in this period.", attrs: { id: `f-${id}-story` } }),
        field({ name: "partners", label: "Partners with a role", type: "textarea", rows: 2, value: note.partners ?? "", attrs: { id: `f-${id}-partners` } }),
        field({ name: "what_works", label: "What works", type: "textarea", rows: 2, value: note.what_works ?? "", attrs: { id: `f-${id}-works` } }),
        field({ name: "next_steps", label: "What we will do next", type: "textarea", rows: 2, value: note.next_steps ?? "", attrs: { id: `f-${id}-next` } }),
        el("button", { type: "submit", class: "button button-secondary", text: `Save the notes for ${m.code}` }),
      ], (form) => api.saveCurve(ctx.agreement, ctx.period, m.code, form), ctx, `Saved the notes for ${m.code}.`));
  });
}

function manual(view, ctx) {
  if (!view.manual.length) return [];
  return [
    el("h3", { text: "Values typed by hand" }),
    el("p", { class: "hint", text: "These measures are not counted from the records: type this period's value and where it came from." }),
    ...view.manual.map((m) => {
      const id = idFor("manual", m.code);
      return smallForm(id, [
        el("h4", { text: `${m.code} ${m.measure}` }),
        el("div", { class: "form-inline" },
          field({ name: "value", label: "Value", value: m.value ?? "", required: true, attrs: { id: `f-${id}-value`, inputmode: "decimal" } }),
          field({ name: "note", label: "Where it came from", value: m.note, attrs: { id: `f-${id}-note` } }),
          el("button", { type: "submit", class: "button button-secondary", text: "Save" })),
      ], (form) => api.saveManualValue(ctx.agreement, ctx.period, m.code, form), ctx, `Saved the value of ${m.code}.`);
    }),
  ];
}

/** The period's safeguarding figures: counts and a date, never a name. */
function safeguarding(view, ctx) {
  const f = view.safeguarding ?? { concerns: 0, referrals: 0, incidents: 0, allegations: 0, policy_reviewed: null };
  const count = (name, label) => field({ name, label, value: String(f[name]), required: true,
    attrs: { id: `f-safeguarding-${name}`, inputmode: "numeric" } });
  return [
    el("h3", { text: "Safeguarding" }),
    el("p", { class: "hint", text: view.safeguarding
      ? "Counts only: case records stay in your own safeguarding system. The Cover also counts the team's DBS checks in date."
      : "Not recorded for this period yet. Counts only: case records stay in your own safeguarding system." }),
    smallForm("safeguarding", [
      el("div", { class: "form-inline" },
        count("concerns", "Concerns raised"),
        count("referrals", "Referrals to children's social care"),
        count("incidents", "Incidents"),
        count("allegations", "Allegations against staff or volunteers")),
      field({ name: "policy_reviewed", label: "Safeguarding policy last reviewed", type: "date",
        value: f.policy_reviewed ?? "", attrs: { id: "f-safeguarding-policy" } }),
      el("button", { type: "submit", class: "button button-secondary", text: "Save the safeguarding figures" }),
    ], (form) => api.saveSafeguarding(ctx.agreement, ctx.period, form), ctx, "Saved the safeguarding figures."),
  ];
}

export function writingSection(view, ctx) {
  return el("section", { "aria-labelledby": "writing-heading" },
    el("h2", { id: "writing-heading", text: "What the return says" }),
    el("h3", { text: "Under the funder's headings" }),
    ...narrative(view, ctx),
    el("h3", { text: "Turning the curve" }),
    el("p", { class: "hint", text: "For each red or amber measure: why it moved, who helps, what works and what you will do next." }),
    ...curves(view, ctx),
    ...manual(view, ctx),
    ...safeguarding(view, ctx));
}
