// Adding or changing a child's or adult's record: who they are, and consent.

import { api } from "../api.js";
import { el, field, notice, readForm, replace, submits } from "../dom.js";

const YES_NO_UNKNOWN = [["", "Not known"], ["yes", "Yes"], ["no", "No"]];

export async function render(main, { route, params, go }) {
  const editing = route === "participant-edit";
  const [lists, current] = await Promise.all([
    api.referenceLists(),
    editing ? api.participantProfile(params[0]).then((p) => p.participant) : Promise.resolve(null),
  ]);
  const p = current ?? { consent: {}, groups: [] };
  const yn = (v) => (v === true ? "yes" : v === false ? "no" : "");
  const groupBoxes = el("fieldset", { class: "field", "data-field": "groups" },
    el("legend", { text: "Priority groups (optional)" }),
    el("p", { class: "field-error", id: "f-groups-error", hidden: true }),
    lists.priority_group.map((g, i) => {
      const id = `group-${i}`;
      const box = el("input", { type: "checkbox", id, "data-group": g });
      box.checked = p.groups.includes(g);
      return el("div", { class: "field-checkbox" }, box, el("label", { for: id, text: g }));
    }));
  const form = el("form", { class: "form", novalidate: true },
    el("h2", { text: "About them" }),
    field({ name: "known_as", label: "Name they are known by", value: p.known_as, required: true,
      hint: "Kept on this computer only; never sent to a funder.", attrs: { "data-autofocus": params[1] ? null : true } }),
    field({ name: "date_of_birth", label: "Date of birth", type: "date", value: p.date_of_birth ?? "" }),
    field({ name: "gender", label: "Gender", value: p.gender ?? "", options: ["", ...lists.gender].map((g) => [g, g || "Not known"]) }),
    field({ name: "ethnicity", label: "Ethnicity", value: p.ethnicity ?? "", options: ["", ...lists.ethnicity].map((g) => [g, g || "Not known"]) }),
    field({ name: "area", label: "Area or ward", value: p.area ?? "" }),
    field({ name: "disability", label: "Disabled", value: yn(p.disability), options: YES_NO_UNKNOWN }),
    field({ name: "sen", label: "Special educational needs", value: yn(p.sen), options: YES_NO_UNKNOWN }),
    groupBoxes,
    field({ name: "referral_source", label: "Who referred them", value: p.referral_source ?? "" }),
    el("h2", { text: "Consent" }),
    field({ name: "lawful_basis", label: "Lawful basis for keeping their record", value: p.consent.lawful_basis ?? "",
      options: [["", "Not recorded"], ["consent", "Consent"], ["legitimate interest", "Legitimate interest"]] }),
    field({ name: "consent_given_by", label: "Consent given by", value: p.consent.given_by ?? "",
      options: [["", "Not recorded"], ["young person", "The young person"], ["parent or carer", "A parent or carer"]] }),
    field({ name: "consent_date", label: "Date consent was given", type: "date", value: p.consent.date ?? "" }),
    field({ name: "consent_photos", label: "They agree to photos", type: "checkbox", value: p.consent.photos }),
    field({ name: "consent_stories", label: "They agree to their story being told", type: "checkbox", value: p.consent.stories }),
    field({ name: "consent_review_date", label: "Review consent on", type: "date", value: p.consent.review_date ?? "" }),
    editing ? field({ name: "left_date", label: "Date they left", type: "date", value: p.left_date ?? "" }) : null,
    el("button", { type: "submit", class: "button", text: editing ? "Save changes" : "Add them" }));
  submits(form, async () => {
    const values = readForm(form);
    values.groups = [...form.querySelectorAll("[data-group]")].filter((b) => b.checked).map((b) => b.dataset.group).join(";");
    for (const key of Object.keys(values)) if (key.startsWith("group-")) delete values[key];
    const saved = editing ? await api.editParticipant(p.code, values) : await api.addParticipant(values);
    notice(`${saved.known_as} saved as ${saved.code}.`);
    go("participant", saved.code);
  });
  replace(main,
    el("h1", { text: editing ? `Change ${p.known_as}'s record` : "Add a child or adult" }),
    form);
  // Opened to put one thing right (consent, from a return's check): that field first.
  const wanted = params[1] && form.querySelector(`[name="${CSS.escape(params[1])}"]`);
  if (wanted) {
    wanted.setAttribute("data-autofocus", "");
    wanted.scrollIntoView({ block: "center" });
  }
}
