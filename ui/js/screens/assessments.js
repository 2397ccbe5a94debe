// Scores: a child (or an anonymous response) scored on an indicator, with
// the indicator's range and direction beside the field.

import { api } from "../api.js";
import { el, field, notice, readForm, replace, submits } from "../dom.js";

/** The sessions that ran on the day the date field holds, as choices. */
async function sessionChoices(day) {
  const sessions = day ? await api.sessions(day, day).catch(() => []) : [];
  return [["", sessions.length === 0 ? "No session that day" : "Not at a session, or not known"],
    ...sessions.map((s) => [s.reference, `${s.programme}${s.start_time ? `, ${s.start_time.slice(0, 5)}` : ""} (${s.reference})`])];
}

export async function render(main, { params, status }) {
  const [people, indicators, programmes, untied] = await Promise.all([
    api.participants(false), api.indicators(), api.programmes(), api.untiedFeedback()]);
  if (indicators.length === 0) {
    replace(main, el("h1", { text: "Record a score" }),
      el("p", { text: "There are no indicators yet. An indicator (a scale such as self-rated confidence from 1 to 10) comes with a funder's agreement." }));
    return;
  }
  const scale = el("p", { class: "hint", id: "f-score-scale", "aria-live": "polite" });
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "participant", label: "Who", value: params[0] ?? "",
      hint: "Leave as anonymous for a feedback card with no name.",
      options: [["", "Anonymous response"], ...people.map((p) => [p.code, `${p.known_as} (${p.code})`])],
      attrs: { "data-autofocus": true } }),
    field({ name: "indicator", label: "Scale", required: true, options: indicators.map((i) => [i.name, i.name]) }),
    field({ name: "date", label: "When", type: "date", value: status.today, required: true }),
    field({ name: "score", label: "Score", type: "number", required: true, attrs: { step: "any", inputmode: "decimal" } }),
    field({ name: "session", label: "Given at the session",
      hint: "Anonymous feedback counts for the funders of the programme it was given at.",
      options: await sessionChoices(status.today) }),
    field({ name: "programme", label: "Or the programme", value: "",
      hint: "When the session is not known. With a session chosen, its programme is used.",
      options: [["", "None chosen"], ...programmes.map((p) => [p.name, p.name])] }),
    field({ name: "stage", label: "Stage", value: "",
      options: [["", "Not said"], ["baseline", "Baseline (first)"], ["review", "Review"], ["exit", "Exit (last)"]] }),
    el("button", { type: "submit", class: "button", text: "Save the score" }));
  const scoreField = form.querySelector('[data-field="score"]');
  scoreField.insertBefore(scale, scoreField.querySelector(".field-error"));
  const scoreInput = form.querySelector("#f-score");
  scoreInput.setAttribute("aria-describedby", `f-score-scale ${scoreInput.getAttribute("aria-describedby")}`);
  const describe = () => {
    const i = indicators.find((x) => x.name === form.querySelector("#f-indicator").value);
    if (!i) return;
    scale.textContent = `From ${i.min} to ${i.max}; ${i.higher_is_better ? "higher is better" : "lower is better"}. ${i.description}`;
    scoreInput.min = i.min;
    scoreInput.max = i.max;
  };
  form.querySelector("#f-indicator").addEventListener("change", describe);
  describe();
  // The sessions offered are those of the day given.
  const sessionSelect = form.querySelector("#f-session");
  form.querySelector("#f-date").addEventListener("change", async (event) => {
    const chosen = sessionSelect.value;
    sessionSelect.replaceChildren(...(await sessionChoices(event.target.value)).map(([value, text]) =>
      el("option", { value, text, selected: value === chosen ? true : null })));
  });
  submits(form, async () => {
    const saved = await api.addAssessment(readForm(form));
    notice(`Score ${saved.score} on ${saved.indicator} saved for ${saved.participant ?? "an anonymous response"}.`);
    form.querySelector("#f-score").value = "";
    form.querySelector(".error-summary")?.remove();
    form.querySelector("#f-participant").focus();
  });
  const waiting = untied.length === 0 ? null : el("p", { class: "inset" },
    `${untied.length} anonymous feedback ${untied.length === 1 ? "card counts" : "cards count"} for no funder yet. `,
    el("a", { href: "#/feedback", text: "Tie them to their sessions" }));
  replace(main, el("h1", { text: "Record a score" }), waiting, form);
}
