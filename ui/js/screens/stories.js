// Stories: written up under the design's headings, with consent, and files
// (photos, letters) attached through the open dialog. What is typed is kept
// as a draft while it is typed, so a closed window loses nothing.

import { api } from "../api.js";
import { el, field, longDate, notice, readForm, replace, showingRefusal, submits } from "../dom.js";

/** The measures a story illustrates, ticked from each agreement's list. The
 *  choice is kept in one hidden field, as the story's form wants it. */
function measurePicker(agreements, measuresOf, chosen) {
  const picked = new Set(chosen.split(";").map((m) => m.trim().toLowerCase()).filter(Boolean));
  const hidden = el("input", { type: "hidden", name: "measures", value: [...picked].join(";") });
  const groups = agreements.map((a, i) => measuresOf[i].length === 0 ? null : el("fieldset", { class: "measure-group" },
    el("legend", { text: `${a.title} (${a.funder})` }),
    measuresOf[i].map((m) => {
      const key = `${a.reference}:${m.code}`;
      const id = `story-measure-${a.reference}-${m.code}`.replace(/[^A-Za-z0-9-]/g, "-");
      const box = el("input", { type: "checkbox", id, "data-measure": key });
      box.checked = picked.has(key.toLowerCase());
      box.addEventListener("change", () => {
        const boxes = [...hidden.form.querySelectorAll("[data-measure]")].filter((b) => b.checked);
        hidden.value = boxes.map((b) => b.dataset.measure).join(";");
        hidden.form.dispatchEvent(new Event("input"));
      });
      return el("div", { class: "field-checkbox" }, box, el("label", { for: id, text: m.title }));
    })));
  return el("div", { class: "field", "data-field": "measures" },
    el("p", { class: "label", text: "Measures it illustrates (optional)" }),
    el("p", { class: "field-error", id: "f-measures-error", hidden: true }),
    groups.some(Boolean) ? groups : el("p", { class: "hint", text: "No agreement has measures yet." }),
    hidden);
}

export async function render(main, { params, status, go }) {
  if (params[0] === undefined) return list(main);
  const [people, programmes, stories, files, agreements] = await Promise.all([
    api.participants(false), api.programmes(), api.stories(), api.evidenceFiles(), api.agreements(false),
  ]);
  const measuresOf = await Promise.all(agreements.map((a) => api.measuresOf(a.reference)));
  const editing = params[0] !== "new";
  const story = editing ? stories.find((s) => String(s.id) === params[0]) : null;
  if (editing && !story) {
    replace(main, el("h1", { text: "Story not found" }), el("p", {}, el("a", { href: "#/stories", text: "Back to the stories" })));
    return;
  }
  const s = story ?? { date: status.today, consent: false, measures: [] };
  const draftKey = `evident.draft.story.${editing ? s.id : "new"}`;
  const draft = JSON.parse(localStorage.getItem(draftKey) || "null");
  const value = (name, fallback) => (draft && name in draft ? draft[name] : fallback);
  const form = el("form", { class: "form", novalidate: true },
    draft ? el("p", { class: "inset", text: "This is the draft you were writing; it has not been saved yet." }) : null,
    field({ name: "title", label: "Title", value: value("title", s.title ?? ""), required: true, attrs: { "data-autofocus": true } }),
    field({ name: "date", label: "Date", type: "date", value: value("date", s.date), required: true }),
    field({ name: "participant", label: "Who it is about", value: value("participant", s.participant ?? ""),
      options: [["", "No one person"], ...people.map((p) => [p.code, `${p.known_as} (${p.code})`])] }),
    field({ name: "programme", label: "Programme", value: value("programme", s.programme ?? ""),
      options: [["", "None"], ...programmes.map((p) => [p.name, p.name])] }),
    field({ name: "consent", label: "Consent to tell this story was given", type: "checkbox",
      value: draft ? draft.consent === "yes" : s.consent,
      hint: "Only stories with consent go into a return." }),
    field({ name: "consent_date", label: "Date consent was given", type: "date", value: value("consent_date", s.consent_date ?? "") }),
    field({ name: "situation", label: "What the situation was", type: "textarea", value: value("situation", s.situation ?? "") }),
    field({ name: "action", label: "What was done", type: "textarea", value: value("action", s.action ?? "") }),
    field({ name: "difference", label: "What difference it made", type: "textarea", value: value("difference", s.difference ?? "") }),
    field({ name: "quote", label: "In their words", type: "textarea", rows: 2, value: value("quote", s.quote ?? "") }),
    measurePicker(agreements, measuresOf, value("measures", s.measures.map((m) => `${m.agreement}:${m.code}`).join(";"))),
    el("button", { type: "submit", class: "button", text: editing ? "Save the story" : "Add the story" }));
  form.addEventListener("input", () => localStorage.setItem(draftKey, JSON.stringify(readForm(form))));
  submits(form, async () => {
    const saved = editing ? await api.editStory(s.id, readForm(form)) : await api.addStory(readForm(form));
    localStorage.removeItem(draftKey);
    notice(`Story saved: ${saved.title}.`);
    go("stories", String(saved.id));
  });

  const attached = files.filter((f) => f.attached_to.to === "story" && f.attached_to.story === s.id);
  const attach = el("button", { type: "button", class: "button button-secondary", text: "Attach a file" });
  attach.addEventListener("click", showingRefusal(form, async () => {
    const path = await api.chooseFile("Choose a photo, letter or other file for this story");
    if (!path) return;
    const saved = await api.attachToStory(s.id, path);
    notice(`${saved.file_name} attached.`);
    go("stories", String(s.id));
  }));
  replace(main,
    el("h1", { text: editing ? s.title : "Write up a story" }),
    form,
    editing ? el("section", { "aria-labelledby": "files-heading" },
      el("h2", { id: "files-heading", text: "Files" }),
      attached.length === 0 ? el("p", { text: "No files attached." }) : el("ul", {},
        attached.map((f) => el("li", { text: `${f.file_name} (${Math.ceil(f.size / 1024)} KB)` }))),
      attach) : el("p", { class: "hint", text: "You can attach photos and letters once the story is saved." }));
}

async function list(main) {
  const stories = await api.stories();
  replace(main,
    el("h1", { text: "Stories" }),
    el("p", {}, el("a", { class: "button", href: "#/stories/new", text: "Write up a story", "data-autofocus": true })),
    stories.length === 0 ? el("p", { text: "No stories yet." }) : el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["Date", "Title", "Consent"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, [...stories].reverse().map((s) => el("tr", {},
        el("td", { text: longDate(s.date) }),
        el("th", { scope: "row" }, el("a", { href: `#/stories/${s.id}`, text: s.title })),
        el("td", { text: s.consent ? "Given" : "Not given" }))))));
}
