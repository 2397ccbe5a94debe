// The register: a programme and a day (the last programme and today are
// already chosen), the people who usually come first, typed not clicked:
// type to filter, Enter ticks, Ctrl+Enter saves.

import { api } from "../api.js";
import { announce, clearErrors, el, field, longDate, notice, readForm, replace, showDialog, showError, submits } from "../dom.js";

const LAST_PROGRAMME = "evident.register.programme";

export async function render(main, { status, params }) {
  const programmes = await api.programmes();
  const adding = addProgrammeForm(() => render(main, { status, params }));
  if (programmes.length === 0) {
    replace(main, el("h1", { text: "Take a register" }),
      el("p", { text: "A register belongs to a programme: an activity that runs regularly, such as an after-school club. Add your first one." }),
      adding);
    return;
  }
  const names = programmes.map((p) => p.name);
  const remembered = localStorage.getItem(LAST_PROGRAMME);
  const chosen = params[0] && names.includes(params[0]) ? params[0]
    : names.includes(remembered) ? remembered : names[0];
  const choose = el("form", { class: "form form-inline", novalidate: true, "data-no-guard": true },
    field({ name: "programme", label: "Programme", options: names, value: chosen, required: true }),
    field({ name: "date", label: "Day", type: "date", value: params[1] || status.today, required: true }),
    el("button", { type: "submit", class: "button button-secondary", text: "Open the register" }));
  const sheetArea = el("div", { id: "register-sheet" });
  replace(main, el("h1", { text: "Take a register" }), choose, sheetArea,
    el("details", { class: "aside" }, el("summary", { text: "Add a programme" }), adding));
  const open = async (saved = false) => {
    const { programme, date } = readForm(choose);
    clearErrors(choose);
    try {
      const [sheet, team] = await Promise.all([api.registerSheet(programme, date), api.team(false)]);
      localStorage.setItem(LAST_PROGRAMME, sheet.programme);
      // The address names the register shown, so that the menu's "Take a
      // register" opens today's again.
      history.replaceState(null, "", `#/register/${encodeURIComponent(sheet.programme)}/${sheet.date}`);
      showSheet(sheetArea, sheet, team, { saved, reopen: () => open(true) });
    } catch (error) {
      replace(sheetArea);
      showError(choose, error);
    }
  };
  choose.addEventListener("submit", (event) => { event.preventDefault(); open(); });
  choose.querySelector("select").addEventListener("change", () => open());
  // A day is opened once it reads as one: emptying the field to type
  // another (or a half-typed day) says nothing and takes no focus.
  const day = choose.querySelector("#f-date");
  day.addEventListener("change", () => {
    if (/^\s*(\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*$/.test(day.value)) open();
  });
  await open();
}

/** The register of a day: `saved` when it has just been saved; `reopen`
 *  draws it again from the records. */
/** Who of the team ran the session: ticked names, kept in one hidden field
 *  as the session's form wants them. */
function whoRanIt(team, chosen) {
  if (team.length === 0) return null;
  const picked = new Set(chosen.map((n) => n.toLowerCase()));
  const hidden = el("input", { type: "hidden", name: "team", value: chosen.join(";") });
  const boxes = team.map((m, i) => {
    const id = `ran-${i}`;
    const box = el("input", { type: "checkbox", id, "data-member": m.name });
    box.checked = picked.has(m.name.toLowerCase());
    box.addEventListener("change", () => {
      hidden.value = [...hidden.form.querySelectorAll("[data-member]")].filter((b) => b.checked).map((b) => b.dataset.member).join(";");
      hidden.form.dispatchEvent(new Event("input"));
    });
    return el("div", { class: "field-checkbox" }, box,
      el("label", { for: id, text: `${m.name} (${m.paid ? "staff" : "volunteer"}${m.role ? `, ${m.role}` : ""})` }));
  });
  return el("fieldset", { class: "field measure-group", "data-field": "team" },
    el("legend", { text: "Who ran it" }),
    el("p", { class: "hint", text: "Staff and volunteers and the volunteers' hours are worked out from who ran it. Tick no one to type them instead." }),
    el("p", { class: "field-error", id: "f-team-error", hidden: true }),
    ...boxes, hidden);
}

function showSheet(area, sheet, team, { saved, reopen }) {
  const session = sheet.session;
  const previous = sheet.previous;
  const defaults = session ?? previous ?? {};
  const ticked = new Set(sheet.lines.filter((l) => l.ticked).map((l) => l.code));
  const lines = [...sheet.lines];

  const filter = el("input", { id: "register-filter", type: "search", autocomplete: "off",
    "aria-describedby": "register-filter-hint", "data-autofocus": true });
  const count = el("p", { class: "count", role: "status", "aria-live": "polite" });
  const list = el("ul", { class: "register-list", id: "register-list" });

  const render = () => {
    const wanted = filter.value.trim().toLowerCase();
    const shown = lines.filter((l) => !wanted || l.known_as.toLowerCase().includes(wanted) || l.code.toLowerCase() === wanted);
    replace(list, shown.map((line) => {
      const id = `tick-${line.code}`;
      const box = el("input", { type: "checkbox", id, "data-code": line.code });
      box.checked = ticked.has(line.code);
      box.addEventListener("change", () => {
        if (box.checked) ticked.add(line.code); else ticked.delete(line.code);
        updateCount();
      });
      const details = [line.code, line.age !== null ? `age ${line.age}` : null,
        line.recent_sessions > 0 ? `${line.recent_sessions} ${line.recent_sessions === 1 ? "session" : "sessions"} in the last 8 weeks` : null]
        .filter(Boolean).join(", ");
      const consent = line.consent
        ? el("a", { class: "flag", href: `#/participant/${encodeURIComponent(line.code)}`, text: line.consent })
        : null;
      return el("li", { class: line.recent_sessions > 0 ? "usual" : null },
        box, el("label", { for: id }, el("span", { class: "name", text: line.known_as }), el("span", { class: "muted", text: ` ${details}` })),
        consent ? " " : null, consent);
    }));
    if (shown.length === 0) list.append(el("li", { class: "muted", text: "No one on the list matches. Add them below if they are new." }));
  };
  const updateCount = () => { count.textContent = `${ticked.size} ticked`; };

  filter.addEventListener("input", render);
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey) {
      event.preventDefault();
      const first = list.querySelector("input[type=checkbox]");
      if (first) {
        first.checked = !first.checked;
        first.dispatchEvent(new Event("change"));
        const name = first.nextElementSibling.querySelector(".name").textContent;
        announce(`${name} ${first.checked ? "ticked" : "unticked"}`);
      }
      filter.value = "";
      render();
    } else if (event.key === "Escape") {
      filter.value = "";
      render();
    }
  });

  const details = el("form", { class: "form", novalidate: true, id: "register-form" },
    el("div", { class: "field" },
      el("label", { for: "register-filter", text: "Find someone to tick" }),
      el("p", { class: "hint", id: "register-filter-hint",
        text: "Type part of a name and press Enter to tick the first match. Press Ctrl and Enter to save the register." }),
      filter),
    count,
    list,
    whoRanIt(team, session?.team ?? previous?.team ?? []),
    el("div", { class: "grid" },
      field({ name: "headcount", label: "Others who came, not named", type: "number", value: session?.headcount ?? "0", attrs: { min: 0, inputmode: "numeric" } }),
      field({ name: "staff", label: "Paid staff", type: "number", value: session?.staff ?? previous?.staff ?? "0", attrs: { min: 0, inputmode: "numeric" } }),
      field({ name: "volunteers", label: "Volunteers", type: "number", value: session?.volunteers ?? previous?.volunteers ?? "0", attrs: { min: 0, inputmode: "numeric" } }),
      field({ name: "volunteer_hours", label: "Volunteer hours", type: "number", value: session?.volunteer_hours ?? "0", attrs: { min: 0, step: "0.5", inputmode: "decimal" } }),
      field({ name: "start_time", label: "Start time", type: "time", value: (defaults.start_time ?? "").slice(0, 5) }),
      field({ name: "duration_minutes", label: "How long, in minutes", type: "number", value: defaults.duration_minutes ?? "", required: true, attrs: { min: 1, inputmode: "numeric" } }),
      field({ name: "location", label: "Where", value: defaults.location ?? "" })),
    field({ name: "notes", label: "Notes", type: "textarea", value: session?.notes ?? "", rows: 2 }),
    el("button", { type: "submit", class: "button", text: session ? "Save the corrected register" : "Save the register" }));

  const save = async () => {
    const values = readForm(details);
    delete values["register-filter"];
    const form = {
      ...values,
      programme: sheet.programme,
      date: sheet.date,
      attendees: [...ticked].join(";"),
    };
    for (const key of Object.keys(form)) if (key.startsWith("tick-")) delete form[key];
    try {
      const kept = await api.saveRegister(session?.reference ?? null, form);
      await reopen();
      notice(`Register saved: ${ticked.size} named, ${kept.headcount} others, ${longDate(kept.date)}.`, document.getElementById("register-state"));
    } catch (error) {
      showError(details, error);
    }
  };
  details.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  details.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); save(); }
  });

  // Someone new, added without leaving the register, and ticked.
  const newcomer = el("form", { class: "form form-inline", novalidate: true, id: "newcomer-form" },
    field({ name: "known_as", label: "Name they are known by", required: true }),
    el("button", { type: "submit", class: "button button-secondary", text: "Add and tick" }));
  submits(newcomer, async () => {
    const added = await api.addParticipant(readForm(newcomer));
    lines.unshift({ code: added.code, known_as: added.known_as, age: null, recent_sessions: 0, ticked: true });
    ticked.add(added.code);
    newcomer.reset();
    clearErrors(newcomer);
    render();
    updateCount();
    notice(`${added.known_as} added as ${added.code} and ticked.`);
    filter.focus();
  });

  const state = !session ? null
    : el("p", { class: "inset", id: "register-state", text: saved
      ? "Saved. To correct it, change what needs it and save it again."
      : "This register was taken before. Change what needs correcting and save it again, or delete it if the session did not run." });
  const remove = session ? el("button", { type: "button", class: "button button-secondary", text: "Delete this register",
    onclick: () => confirmDelete(sheet, reopen) }) : null;
  replace(area,
    el("h2", { text: `${sheet.programme}, ${longDate(sheet.date)}` }),
    state,
    details,
    remove ? el("p", {}, remove) : null,
    el("h2", { text: "Someone new?" }),
    newcomer);
  render();
  updateCount();
  filter.focus();
}

/** Asks before deleting a day's register; it can be undone from the history. */
function confirmDelete(sheet, reopen) {
  const what = `the ${sheet.programme} register for ${longDate(sheet.date)}`;
  const dialog = el("dialog", { "aria-labelledby": "delete-register-title", id: "delete-register-dialog" },
    el("h2", { id: "delete-register-title", text: `Delete ${what}?` }),
    el("p", { text: "The session and who came are removed. If it was a mistake, undo it from Settings, History." }));
  const problem = el("form", { method: "dialog", novalidate: true },
    el("div", { class: "button-row" },
      el("button", { type: "button", class: "button button-warning", text: "Delete it", onclick: async () => {
        try {
          await api.deleteSession(sheet.session.reference);
          dialog.close();
          await reopen();
          notice(`Deleted ${what}. Undo it from Settings, History, if it was a mistake.`);
        } catch (error) {
          showError(problem, error);
        }
      } }),
      el("button", { type: "button", class: "button button-secondary", text: "Keep it", onclick: () => dialog.close() })));
  dialog.append(problem);
  showDialog(dialog);
  dialog.querySelector("button.button-secondary").focus();
}

/** A small form to add a programme; `done` runs once it is added. */
function addProgrammeForm(done) {
  const form = el("form", { class: "form form-inline", novalidate: true, id: "programme-form" },
    field({ name: "name", label: "Programme name", required: true, hint: "For example: After-school club", attrs: { id: "f-programme-name" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Add the programme" }));
  submits(form, async () => {
    const added = await api.addProgramme(readForm(form));
    localStorage.setItem(LAST_PROGRAMME, added.name);
    notice(`${added.name} added.`);
    done();
  });
  return form;
}
