// First run: set up the organisation, or explore the sample.

import { api } from "../api.js";
import { el, field, readForm, replace, showError } from "../dom.js";
import { refreshStatus } from "../app.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

export async function render(main, { go }) {
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "name", label: "Your organisation's name", required: true,
      hint: "As your funders know it. It goes on the cover of every return.",
      attrs: { autocomplete: "organization", "data-autofocus": true } }),
    field({ name: "fy_start_month", label: "The month your financial year starts", value: "4",
      hint: "Most charities start in April.", required: true,
      options: MONTHS.map((m, i) => [String(i + 1), m]) }),
    el("button", { type: "submit", class: "button", text: "Set up Evident" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.setUp(readForm(form));
      await refreshStatus();
      go("home");
    } catch (error) {
      showError(form, error);
    }
  });
  const sample = el("button", { type: "button", class: "button button-secondary", text: "Explore the sample" });
  sample.addEventListener("click", async () => {
    sample.disabled = true;
    sample.textContent = "Opening the sample…";
    try {
      await api.openSample();
      await refreshStatus();
      go("home");
    } catch (error) {
      sample.disabled = false;
      sample.textContent = "Explore the sample";
      showError(form, error);
    }
  });
  replace(main,
    el("h1", { text: "Welcome to Evident" }),
    el("p", { class: "lead", text: "Evident keeps your registers, outcomes and stories on this computer and writes your funders' returns for you. Nothing is sent anywhere." }),
    el("section", { "aria-labelledby": "set-up-heading" },
      el("h2", { id: "set-up-heading", text: "Set up your organisation" }),
      form),
    el("section", { "aria-labelledby": "sample-heading", class: "aside" },
      el("h2", { id: "sample-heading", text: "Or look around first" }),
      el("p", { text: "The sample is a made-up youth project with a year of records. It is kept in a file of its own and never mixes with your records." }),
      sample),
    bringRecords(go));
}

/**
 * Moving to a new laptop: records from another computer (a backup, or a
 * copy of the records file), checked by Evident before it uses them. A
 * locked file asks for its passphrase.
 */
function bringRecords(go) {
  const form = el("form", { class: "form", novalidate: true });
  const passphrase = field({ name: "passphrase", type: "password", label: "The passphrase the records are locked with",
    hint: "The one you type to open Evident on the other computer." });
  passphrase.hidden = true;
  const choose = el("button", { type: "button", id: "bring-records", class: "button button-secondary", text: "Bring your records from another computer…" });
  const retry = el("button", { type: "submit", id: "bring-with-passphrase", class: "button", text: "Open them with this passphrase", hidden: true });
  let chosen = null;
  const bring = async () => {
    const typed = passphrase.hidden ? null : readForm(form).passphrase || null;
    try {
      await api.bringRecords(chosen, typed);
      await refreshStatus();
      go("home");
    } catch (error) {
      if (error.kind === "locked") {
        passphrase.hidden = false;
        retry.hidden = false;
      }
      showError(form, error.kind === "locked" && !typed
        ? { ...error, message: "The records in that file are locked. Type their passphrase, then open them." }
        : error);
      if (error.kind === "locked") form.querySelector("[name=passphrase]").focus();
    }
  };
  choose.addEventListener("click", async () => {
    const path = await api.chooseFile("Choose the backup or records file", [{ name: "Evident records", extensions: ["db"] }]);
    if (!path) return;
    chosen = path;
    passphrase.hidden = true;
    retry.hidden = true;
    await bring();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (chosen) await bring();
  });
  form.append(passphrase, el("div", { class: "button-row" }, choose, retry));
  return el("section", { "aria-labelledby": "bring-heading", class: "aside" },
    el("h2", { id: "bring-heading", text: "Already use Evident on another computer?" }),
    el("p", { text: "Make a backup there (Settings, Back up now) and copy it to this computer, on a USB stick say. Evident checks the file before it uses it, and changes nothing if it is not sound." }),
    form);
}
