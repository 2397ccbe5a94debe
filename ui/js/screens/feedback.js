// Feedback to tie: anonymous cards recorded before a score could say where
// it was given. Until each is tied to its session (or programme) no funder
// counts it; nothing guesses, the coordinator chooses.

import { api } from "../api.js";
import { el, notice, replace, shownDate, submits } from "../dom.js";

/** The cards grouped by day and scale, as they were usually handed in. */
function groups(cards) {
  const byKey = new Map();
  for (const card of cards) {
    const key = `${card.date}|${card.indicator}`;
    if (!byKey.has(key)) byKey.set(key, { date: card.date, indicator: card.indicator, cards: [] });
    byKey.get(key).cards.push(card);
  }
  return [...byKey.values()];
}

/** One day's cards on one scale, with where they were handed in. */
function groupForm(group, index, sessionsThatDay, programmes, redraw) {
  const id = `tie-${index}`;
  const choices = [
    el("option", { value: "", text: "Choose where they were handed in" }),
    sessionsThatDay.length === 0 ? null : el("optgroup", { label: "Sessions that ran that day" },
      sessionsThatDay.map((s) => el("option", {
        value: `session:${s.reference}`,
        text: `${s.programme}${s.start_time ? `, ${s.start_time.slice(0, 5)}` : ""} (${s.reference})`,
      }))),
    el("optgroup", { label: "A programme, session not known" },
      programmes.map((p) => el("option", { value: `programme:${p.name}`, text: p.name }))),
  ];
  const select = el("select", { id, name: "at", "aria-describedby": `${id}-error` }, choices);
  const count = group.cards.length;
  const form = el("form", { class: "form panel", novalidate: true, "data-no-guard": true },
    el("h2", { text: `${shownDate(group.date)}: ${count} ${count === 1 ? "card" : "cards"} on ${group.indicator}` }),
    el("p", { class: "hint", text: `${count === 1 ? "Score" : "Scores"} ${group.cards.map((c) => c.score).join(", ")}.${sessionsThatDay.length === 0 ? " No session ran that day: choose the programme, or correct the cards' date." : ""}` }),
    el("div", { class: "field", "data-field": "session" },
      el("label", { for: id, text: "Handed in at" }),
      el("p", { class: "field-error", id: `${id}-error`, hidden: true }),
      select),
    el("button", { type: "submit", class: "button", text: count === 1 ? "Tie this card" : `Tie these ${count} cards` }));
  submits(form, async () => {
    const [kind, ...rest] = select.value.split(":");
    const value = rest.join(":");
    const tied = await api.tieFeedback({
      cards: group.cards.map((c) => c.id),
      session: kind === "session" ? value : "",
      programme: kind === "programme" ? value : "",
    });
    await redraw();
    notice(`${tied} ${tied === 1 ? "card" : "cards"} of ${shownDate(group.date)} tied to ${kind === "session" ? `session ${value}` : value}.`);
  });
  return form;
}

export async function render(main) {
  const draw = async () => {
    const [cards, programmes] = await Promise.all([api.untiedFeedback(), api.programmes()]);
    const title = el("h1", { text: "Feedback to tie" });
    if (cards.length === 0) {
      replace(main, title,
        el("p", { text: "Every anonymous feedback card is tied to the session or programme it was given at, so each counts for the funders of that programme." }),
        el("p", {}, el("a", { class: "button button-secondary", href: "#/assessments", text: "Record a score" })));
      return;
    }
    const days = cards.map((c) => c.date).sort();
    const sessions = await api.sessions(days[0], days[days.length - 1]);
    const forms = groups(cards).map((group, i) =>
      groupForm(group, i, sessions.filter((s) => s.date === group.date), programmes, draw));
    replace(main, title,
      el("p", { text: `${cards.length} anonymous ${cards.length === 1 ? "card counts" : "cards count"} for no funder yet: a card counts for the agreements that pay for the programme it was handed in at. Tie each day's cards to their session; where the session is not known, to its programme.` }),
      ...forms);
  };
  await draw();
}
