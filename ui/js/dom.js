// Building the page: nodes made with text set through textContent, never
// HTML parsed from strings, so typed text always shows as typed.

/** An element with attributes and children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Shows `dialog` as a modal over the page until it is closed, then
 *  removes it. */
export function showDialog(dialog) {
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/** Replaces everything inside `node`. */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** A labelled field: label, hint, error line and the control. Its id is
 *  `f-<name>` unless `attrs.id` gives one (for a page with several forms). */
export function field({ name, label, hint, type = "text", value = "", options, required, rows, attrs = {} }) {
  const id = attrs.id || `f-${name}`;
  let control;
  if (options) {
    control = el("select", { id, name, ...attrs },
      options.map((o) => {
        const [v, text] = Array.isArray(o) ? o : [o, o];
        return el("option", { value: v, selected: v === value ? true : null, text });
      }));
  } else if (type === "textarea") {
    control = el("textarea", { id, name, rows: rows || 4, ...attrs });
    control.value = value ?? "";
  } else if (type === "date") {
    control = dateInput(id, name, value, attrs);
  } else if (type === "checkbox") {
    control = el("input", { id, name, type: "checkbox", ...attrs });
    control.checked = Boolean(value);
  } else {
    control = el("input", { id, name, type, ...attrs });
    control.value = value ?? "";
  }
  // A date is typed day first, whatever the computer's language: the hint says so.
  const hintText = type === "date" ? [hint, "Day, month and year, for example 27/03/2026."].filter(Boolean).join(" ") : hint;
  const hintNode = hintText ? el("p", { class: "hint", id: `${id}-hint`, text: hintText }) : null;
  const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [hintNode && hintNode.id, error.id].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  if (required) control.setAttribute("aria-required", "true");
  const optional = !required && type !== "checkbox" && !options;
  const labelNode = el("label", { for: id, text: label + (optional ? " (optional)" : "") });
  const input = type === "date" ? el("div", { class: "date-field" }, control, calendarButton(control, label)) : control;
  const wrapper = type === "checkbox"
    ? el("div", { class: "field field-checkbox" }, control, labelNode, hintNode, error)
    : el("div", { class: "field" }, labelNode, hintNode, error, input);
  wrapper.dataset.field = name;
  return wrapper;
}

/** The values of a form's named controls, as the core's form wants them:
 *  text as typed, a checkbox as "yes" or "no", a set of radios as the one
 *  chosen. */
export function readForm(form) {
  const values = {};
  for (const control of form.querySelectorAll("[name]")) {
    if (control.type === "checkbox") values[control.name] = control.checked ? "yes" : "no";
    else if (control.type === "radio") { if (control.checked) values[control.name] = control.value; }
    else values[control.name] = control.value;
  }
  return values;
}

/** Clears a form's error summary and field errors. */
export function clearErrors(form) {
  form.querySelector(".error-summary")?.remove();
  for (const wrapper of form.querySelectorAll(".field-has-error")) {
    wrapper.classList.remove("field-has-error");
    const error = wrapper.querySelector(".field-error");
    error.hidden = true;
    error.textContent = "";
    wrapper.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
  }
}

/** Shows a refusal: an error summary at the top of the form, linking to the
 *  field it is about, which is marked too; the summary takes the focus. */
export function showError(form, error) {
  clearErrors(form);
  clearNotices();
  const problem = typeof error === "string" ? { message: error } : error;
  const wrapper = problem.field ? form.querySelector(`[data-field="${CSS.escape(problem.field)}"]`) : null;
  // A refusal about a field carries the reason alone; one about a field this
  // form does not show is named by its field.
  const message = wrapper || !problem.field || problem.kind !== "invalid"
    ? problem.message
    : `${problem.field}: ${problem.message}`;
  const items = [];
  if (wrapper) {
    wrapper.classList.add("field-has-error");
    const line = wrapper.querySelector(".field-error");
    // A field's label, or a group's legend or label line, whichever comes first.
    const label = wrapper.querySelector("label, legend, .label").textContent.replace(" (optional)", "");
    line.textContent = `${label}: ${message}`;
    line.hidden = false;
    const control = wrapper.querySelector("input:not([type=hidden]), select, textarea");
    control.setAttribute("aria-invalid", "true");
    items.push(el("li", {}, el("a", {
      href: `#${control.id}`,
      text: `${label}: ${message}`,
      onclick: (event) => { event.preventDefault(); control.focus(); },
    })));
  } else {
    // The core words a refusal to follow a name ("error: that passphrase
    // is …"); standing alone in a list, it starts a sentence.
    items.push(el("li", { text: message.charAt(0).toUpperCase() + message.slice(1) }));
  }
  for (const p of problem.problems || []) {
    const where = [p.file, p.line && `line ${p.line}`, p.column && `column ${p.column}`].filter(Boolean).join(", ");
    items.push(el("li", { text: `${where}: ${p.why}` }));
  }
  const summary = el("div", { class: "error-summary", role: "alert", tabindex: "-1" },
    el("h2", { text: "There is a problem" }),
    el("ul", {}, items));
  form.prepend(summary);
  summary.focus();
}

/** `act` as a handler whose refusal (the core's, or `{ kind: "invalid",
 *  field, message }` from a check made here) is shown on `where`, beside
 *  the field it names: the one way a button's or a form's action says why
 *  it was refused. */
export function showingRefusal(where, act) {
  return async (...args) => {
    try {
      await act(...args);
    } catch (error) {
      showError(where, error);
    }
  };
}

/** Makes `form` save itself: on submit, `save()` runs, and a refusal it
 *  throws is shown on the form (`showingRefusal`). The one submit handler
 *  every screen's forms use. */
export function submits(form, save) {
  const saving = showingRefusal(form, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    return saving();
  });
  return form;
}

/** Asks before an action, in a dialog: `heading`, what it will do
 *  (`content`: paragraphs, fields), then the button that does it
 *  (`confirm`, red when `warning`) and Cancel. Confirmed, `act(values)`
 *  runs; refused, the refusal shows in the dialog; done, the dialog closes
 *  and `done(result)` runs. The one confirm dialog every screen uses. */
export function confirmDialog({ id, heading, content, confirm, warning = false, act, done }) {
  const dialog = el("dialog", { "aria-labelledby": `${id}-heading` });
  const form = el("form", { class: "form", novalidate: true },
    el("h2", { id: `${id}-heading`, text: heading }),
    ...content,
    el("div", { class: "button-row" },
      el("button", { type: "submit", class: warning ? "button button-warning" : "button", text: confirm }),
      el("button", { type: "button", class: "button button-secondary", text: "Cancel", onclick: () => dialog.close() })));
  submits(form, async () => {
    const result = await act(readForm(form));
    dialog.close();
    await done(result);
  });
  dialog.append(form);
  showDialog(dialog);
}

/** How long a notice stays on screen. */
const NOTICE_MS = 5000;

/** The form last sent: the one a notice that follows is about. */
let lastSubmitted = null;
document.addEventListener("submit", (event) => { lastSubmitted = event.target; }, true);

/** Takes every notice off the screen (moving to another screen does). */
export function clearNotices() {
  clearTimeout(notice.timer);
  recent = null;
  for (const shown of document.querySelectorAll(".notice")) shown.remove();
  document.getElementById("announcer").textContent = "";
}

/** A short notice that something was saved: read out by screen readers, and
 *  shown for a few seconds just after the form it is about (or `near`), in
 *  the page's flow, so that it never covers a field. The form's errors,
 *  if it showed any, are cleared: it is saved now. */
export function notice(text, near = null) {
  clearNotices();
  recent = { text, at: Date.now() };
  const form = lastSubmitted?.isConnected ? lastSubmitted : null;
  if (form) {
    clearErrors(form);
    delete form.dataset.unsaved;
  }
  document.getElementById("announcer").textContent = text;
  const shown = el("p", { class: "notice", "aria-hidden": "true", text });
  const after = near?.isConnected ? near : form?.closest("main") ? form : null;
  if (after) after.after(shown);
  else document.querySelector("#main h1")?.after(shown);
  if (shown.isConnected) shown.scrollIntoView({ block: "nearest" });
  notice.timer = setTimeout(clearNotices, NOTICE_MS);
}

/** Says `text` to screen readers only: for what the screen already shows
 *  (a box ticked), where a notice would only move the page. */
export function announce(text) {
  document.getElementById("announcer").textContent = text;
}

/** The latest notice: one given just before moving to another screen
 *  ("Saved …", then the saved record's page) is shown on that screen. */
let recent = null;

/** Shows again, after the screen is drawn, a notice given a moment ago. */
export function renewRecentNotice() {
  if (!recent || Date.now() - recent.at > 2000 || document.querySelector(".notice")) return;
  const { text } = recent;
  recent = null;
  document.getElementById("announcer").textContent = text;
  document.querySelector("#main h1")?.after(el("p", { class: "notice", "aria-hidden": "true", text }));
  notice.timer = setTimeout(clearNotices, NOTICE_MS);
}

/** The values typed into forms of `root` that are not saved yet, to put
 *  back after the page is drawn again (`restoreUnsaved`). */
export function unsavedValues(root) {
  const kept = [];
  for (const form of root.querySelectorAll("form[data-unsaved]")) {
    for (const control of form.querySelectorAll("input[id], textarea[id], select[id]")) {
      kept.push([control.id, control.type === "checkbox" ? control.checked : control.value]);
    }
  }
  return kept;
}

/** Puts back what `unsavedValues` kept, still marked as not saved. */
export function restoreUnsaved(kept) {
  for (const [id, value] of kept) {
    const control = document.getElementById(id);
    if (!control) continue;
    if (control.type === "checkbox") control.checked = value;
    else control.value = value;
    const form = control.closest("form");
    if (form) form.dataset.unsaved = "yes";
  }
}

/** A date written for a reader: 25 November 2026. */
export function longDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  const months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  return `${d} ${months[m - 1]} ${y}`;
}

/** A date as the date fields show it: 27/03/2026 (from 2026-03-27). */
export function shownDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return match ? `${match[3]}/${match[2]}/${match[1]}` : (iso ?? "");
}

/** The day a date field holds, or null: from 27/03/2026 (or 2026-03-27). */
function dayOf(text) {
  const uk = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const [y, m, d] = uk ? [uk[3], uk[2], uk[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y) return null;
  const day = new Date(Number(y), Number(m) - 1, Number(d));
  return day.getMonth() === Number(m) - 1 ? day : null;
}

/** The app's own date field: typed day first (27/03/2026) on every
 *  computer, since a browser's date field follows the system's language. */
function dateInput(id, name, value, attrs) {
  const control = el("input", { id, name, type: "text", inputmode: "numeric", autocomplete: "off",
    size: 10, maxlength: 10, class: "date-input", ...attrs });
  control.value = shownDate(value);
  return control;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];
const pad = (n) => String(n).padStart(2, "0");

/** The calendar button beside a date field: a month to pick a day from, by
 *  mouse or by keys (arrows move a day or a week, Page Up and Down a month). */
function calendarButton(control, label) {
  const button = el("button", { type: "button", class: "button button-secondary calendar-button",
    text: "Calendar", "aria-label": `Choose the ${label.toLowerCase()} from a calendar` });
  button.addEventListener("click", () => openCalendar(control, label));
  return button;
}

function openCalendar(control, label) {
  let focus = dayOf(control.value) ?? new Date();
  const dialog = el("dialog", { class: "calendar", "aria-labelledby": "calendar-title" });
  const pick = (day) => {
    control.value = `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()}`;
    control.dispatchEvent(new Event("input", { bubbles: true }));
    control.dispatchEvent(new Event("change", { bubbles: true }));
    dialog.close();
  };
  const draw = () => {
    const year = focus.getFullYear();
    const month = focus.getMonth();
    const first = new Date(year, month, 1);
    const blanks = (first.getDay() + 6) % 7; // weeks start on Monday
    const days = new Date(year, month + 1, 0).getDate();
    const cells = [...Array(blanks).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
    const weeks = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const move = (months) => { focus = new Date(year, month + months, Math.min(focus.getDate(), 28)); draw(); };
    replace(dialog,
      el("h2", { id: "calendar-title", text: `${label}: ${MONTHS[month]} ${year}` }),
      el("div", { class: "button-row" },
        el("button", { type: "button", class: "button button-secondary", text: "Previous month", onclick: () => move(-1) }),
        el("button", { type: "button", class: "button button-secondary", text: "Next month", onclick: () => move(1) })),
      el("table", { class: "calendar-grid" },
        el("thead", {}, el("tr", {}, ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].map((d) => el("th", { scope: "col", text: d })))),
        el("tbody", {}, weeks.map((week) => el("tr", {}, week.map((d) => el("td", {}, d === null ? null
          : el("button", { type: "button", class: "calendar-day", text: String(d),
            "aria-label": `${d} ${MONTHS[month]} ${year}`,
            tabindex: d === focus.getDate() ? "0" : "-1",
            onclick: () => pick(new Date(year, month, d)) }))))))),
      el("div", { class: "button-row" },
        el("button", { type: "button", class: "button button-secondary", text: "Cancel", onclick: () => dialog.close() })));
    dialog.querySelector(`.calendar-day[tabindex="0"]`)?.focus();
  };
  dialog.addEventListener("keydown", (event) => {
    if (!event.target.classList.contains("calendar-day")) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[event.key];
    if (step) focus = new Date(focus.getFullYear(), focus.getMonth(), focus.getDate() + step);
    else if (event.key === "PageUp") focus = new Date(focus.getFullYear(), focus.getMonth() - 1, Math.min(focus.getDate(), 28));
    else if (event.key === "PageDown") focus = new Date(focus.getFullYear(), focus.getMonth() + 1, Math.min(focus.getDate(), 28));
    else return;
    event.preventDefault();
    draw();
  });
  dialog.addEventListener("close", () => control.focus());
  showDialog(dialog);
  draw();
}
