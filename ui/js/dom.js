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
  } else if (type === "checkbox") {
    control = el("input", { id, name, type: "checkbox", ...attrs });
    control.checked = Boolean(value);
  } else {
    control = el("input", { id, name, type, ...attrs });
    control.value = value ?? "";
  }
  const hintNode = hint ? el("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [hintNode && hintNode.id, error.id].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  if (required) control.setAttribute("aria-required", "true");
  const optional = !required && type !== "checkbox" && !options;
  const labelNode = el("label", { for: id, text: label + (optional ? " (optional)" : "") });
  const wrapper = type === "checkbox"
    ? el("div", { class: "field field-checkbox" }, control, labelNode, hintNode, error)
    : el("div", { class: "field" }, labelNode, hintNode, error, control);
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
    wrapper.querySelector("[name]")?.removeAttribute("aria-invalid");
  }
}

/** Shows a refusal: an error summary at the top of the form, linking to the
 *  field it is about, which is marked too; the summary takes the focus. */
export function showError(form, error) {
  clearErrors(form);
  document.getElementById("notice").hidden = true;
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
    const label = wrapper.querySelector("label").textContent.replace(" (optional)", "");
    line.textContent = `${label}: ${message}`;
    line.hidden = false;
    const control = wrapper.querySelector("[name]");
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

/** A short notice that something was saved, read out by screen readers. */
export function notice(text) {
  const area = document.getElementById("notice");
  area.textContent = text;
  area.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { area.hidden = true; }, 6000);
}

/** A date written for a reader: 25 November 2026. */
export function longDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  const months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  return `${d} ${months[m - 1]} ${y}`;
}
