// A child's or adult's page: their record, consent, attendance, scores (a
// chart of each indicator's journey), logged changes and stories.

import { api } from "../api.js";
import { journeyChart } from "../chart.js";
import { el, longDate, notice, replace } from "../dom.js";
import { openQuickLog } from "./log.js";
import { confirmErasure } from "./erase.js";

function row(label, value) {
  return [el("dt", { text: label }), el("dd", { text: value || "Not recorded" })];
}

export async function render(main, { params, go }) {
  const profile = await api.participantProfile(params[0]);
  const p = profile.participant;
  const c = p.consent;
  const yn = (v) => (v === true ? "Yes" : v === false ? "No" : "");
  const archive = el("button", { type: "button", class: "button button-secondary",
    text: p.archived ? "Bring back from the archive" : "Archive" });
  archive.addEventListener("click", async () => {
    await api.archiveParticipant(p.code, !p.archived);
    notice(p.archived ? `${p.known_as} brought back.` : `${p.known_as} archived: hidden from lists, kept for past returns.`);
    go("participant", p.code);
  });
  const held = el("button", { type: "button", class: "button button-secondary", text: "Everything held about them" });
  held.addEventListener("click", async () => {
    const path = await api.chooseSaveFile("Save everything held about them", `subject-access-${p.code}.xlsx`,
      [{ name: "Workbook", extensions: ["xlsx"] }]);
    if (!path) return;
    try {
      const [xlsx, json] = await api.exportSubjectAccess(p.code, path);
      notice(`Saved ${xlsx} and ${json}.`);
    } catch (error) {
      notice(error?.message ?? String(error));
    }
  });
  const erase = el("button", { type: "button", class: "button button-secondary", text: "Erase their records…" });
  erase.addEventListener("click", () => confirmErasure([p.code], p.known_as || p.code, async (erased) => {
    if (erased.how === "delete") go("participants");
    else go("participant", p.code);
  }));
  const logButton = el("button", { type: "button", class: "button button-secondary", text: "Log an outcome for them" });
  logButton.addEventListener("click", () => openQuickLog({ participant: p.code }));

  replace(main,
    el("h1", { text: p.known_as || p.code }),
    el("p", { class: "muted", text: [p.code, profile.age !== null ? `age ${profile.age}` : null, p.archived ? "archived" : null].filter(Boolean).join(", ") }),
    el("ul", { class: "actions" },
      el("li", {}, el("a", { class: "button", href: `#/participant-edit/${encodeURIComponent(p.code)}`, text: "Change their record" })),
      el("li", {}, logButton),
      el("li", {}, el("a", { class: "button button-secondary", href: `#/assessments/${encodeURIComponent(p.code)}`, text: "Record a score" })),
      el("li", {}, archive)),
    profile.anonymised_on ? el("p", { class: "inset", text: `Anonymised on ${longDate(profile.anonymised_on)}: their name and personal details were removed; their register marks and scores still count.` }) : null,
    el("h2", { text: "About them" }),
    el("dl", { class: "summary-list" },
      row("Date of birth", longDate(p.date_of_birth)),
      row("Gender", p.gender), row("Ethnicity", p.ethnicity), row("Area", p.area),
      row("Disabled", yn(p.disability)), row("Special educational needs", yn(p.sen)),
      row("Priority groups", p.groups.join(", ")), row("Referred by", p.referral_source),
      row("Left", longDate(p.left_date))),
    el("h2", { text: "Consent" }),
    el("dl", { class: "summary-list" },
      row("Lawful basis", c.lawful_basis), row("Given by", c.given_by), row("Given on", longDate(c.date)),
      row("Photos", c.photos ? "Yes" : "No"), row("Their story", c.stories ? "Yes" : "No"),
      row("Review on", longDate(c.review_date))),
    el("h2", { text: "Their data" }),
    el("p", { text: "A person (or their parent or carer) may ask for everything held about them, or for it to be erased. See PRIVACY.md beside Evident for what each does." }),
    el("ul", { class: "actions" }, el("li", {}, held), el("li", {}, erase)),
    el("h2", { text: "Scores" }),
    profile.journeys.length === 0 ? el("p", { text: "No scores yet." }) : profile.journeys.map((j) =>
      journeyChart({
        title: `${j.indicator.name} (${j.indicator.min} to ${j.indicator.max}, ${j.indicator.higher_is_better ? "higher is better" : "lower is better"})`,
        points: j.scores.map((s) => ({ label: s.date, value: s.score })),
        min: j.indicator.min, max: j.indicator.max,
      })),
    el("h2", { text: "Changes logged" }),
    profile.log.length === 0 ? el("p", { text: "No changes logged yet." }) : el("ul", { class: "entries" },
      profile.log.map((e) => el("li", {}, el("strong", { text: `${longDate(e.date)}: ${e.outcome}` }), el("span", { text: ` (${e.source}) ` }), el("span", { text: e.note })))),
    el("h2", { text: "Stories" }),
    profile.stories.length === 0 ? el("p", { text: "No stories about them." }) : el("ul", { class: "entries" },
      profile.stories.map((s) => el("li", {}, el("a", { href: `#/stories/${s.id}`, text: `${longDate(s.date)}: ${s.title}` })))),
    el("h2", { text: `Sessions attended (${profile.attendance.length})` }),
    profile.attendance.length === 0 ? el("p", { text: "Not on any register yet." }) : el("table", { class: "table" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Day" }), el("th", { scope: "col", text: "Programme" }))),
      el("tbody", {}, profile.attendance.slice(0, 50).map((a) => el("tr", {},
        el("td", {}, el("a", { href: `#/register/${encodeURIComponent(a.programme)}/${a.date}`, text: longDate(a.date) })),
        el("td", { text: a.programme }))))));
}
