// First run: set up the organisation, explore the sample, bring records
// from another computer, or join the organisation from another laptop.

import { api } from "../api.js";
import { el, field, readForm, replace, showError, submits } from "../dom.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

export async function render(main, ctx) {
  const { go, refreshStatus } = ctx;
  const form = el("form", { class: "form", novalidate: true, "data-no-guard": true },
    field({ name: "name", label: "Your organisation's name", required: true,
      hint: "As your funders know it. It goes on the cover of every return.",
      attrs: { autocomplete: "organization", "data-autofocus": true } }),
    field({ name: "fy_start_month", label: "The month your financial year starts", value: "4",
      hint: "Most charities start in April.", required: true,
      options: MONTHS.map((m, i) => [String(i + 1), m]) }),
    el("button", { type: "submit", class: "button", text: "Set up Evident" }));
  submits(form, async () => {
    await api.setUp(readForm(form));
    await refreshStatus();
    go("home");
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
    fromAnotherComputer(ctx, {
      id: "bring",
      heading: "Already use Evident on another computer?",
      text: "Make a backup there (Settings, Back up now) and copy it to this computer, on a USB stick say. Evident checks the file before it uses it, and changes nothing if it is not sound.",
      button: "Bring your records from another computer…",
      dialog: "Choose the backup or records file",
      extensions: ["db", "gz"],
      call: ({ path, passphrase }) => api.bringRecords(path, passphrase),
    }),
    fromAnotherComputer(ctx, {
      id: "join",
      heading: "Joining colleagues who already use Evident?",
      text: "On their laptop, Settings, Several laptops, Invite a laptop writes a file into the folder you share and shows a join code. Type the code here, then choose that file: this laptop gets everything recorded so far, and sends and gets changes from then on.",
      button: "Join your organisation from its file…",
      dialog: "Choose the file your organisation's laptop wrote for this one",
      extensions: ["evident"],
      code: true,
      call: ({ path, code, passphrase }) => api.joinOrganisation(path, code, passphrase),
    }),
    el("section", { "aria-labelledby": "desk-heading", class: "aside" },
      el("h2", { id: "desk-heading", text: "Commissioning services?" }),
      el("p", { text: "A commissioner's desk brings in the returns packs your providers send and reads them side by side: which have arrived and how late, each measure against target, who came from each area. It is kept in a file of its own." }),
      el("a", { href: "#/desk", class: "button button-secondary", id: "open-desk", text: "Open a commissioner's desk" })));
}

/**
 * Records from another computer: a backup or a copy of the records file
 * (moving to a new laptop), or the file a laptop of the organisation wrote
 * for this one to join from. Evident checks the file before it uses it; a
 * locked one asks for its passphrase.
 */
function fromAnotherComputer({ go, refreshStatus }, { id, heading, text, button, dialog, extensions, code = false, call }) {
  const form = el("form", { class: "form", novalidate: true, "data-no-guard": true });
  const codeField = code
    ? field({ name: "code", label: "Join code", required: true,
      hint: "Shown on the inviting laptop's screen: 12 letters and digits, like ABCD-EFGH-JK23.",
      attrs: { id: `f-${id}-code`, autocomplete: "off", spellcheck: "false" } })
    : null;
  const passphrase = field({ name: "passphrase", type: "password", label: "The passphrase the records are locked with",
    hint: "The one you type to open Evident on the other computer.", attrs: { id: `f-${id}-passphrase` } });
  passphrase.hidden = true;
  const choose = el("button", { type: "button", id: `${id}-records`, class: "button button-secondary", text: button });
  const retry = el("button", { type: "submit", id: `${id}-with-passphrase`, class: "button", text: "Open them with this passphrase", hidden: true });
  let chosen = null;
  const bring = async () => {
    const values = readForm(form);
    const typed = passphrase.hidden ? null : values.passphrase || null;
    try {
      await call({ path: chosen, code: values.code ?? "", passphrase: typed });
      await refreshStatus();
      go("home");
    } catch (error) {
      if (error.kind === "locked") {
        passphrase.hidden = false;
        retry.textContent = "Open them with this passphrase";
        retry.hidden = false;
      } else if (code && error.field === "code") {
        retry.textContent = "Join with this code";
        retry.hidden = false;
      }
      showError(form, error.kind === "locked" && !typed
        ? { ...error, message: "The records in that file are locked. Type their passphrase, then open them." }
        : error);
      if (error.kind === "locked") form.querySelector("[name=passphrase]").focus();
    }
  };
  choose.addEventListener("click", async () => {
    const path = await api.chooseFile(dialog, [{ name: "Evident records", extensions }]);
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
  if (codeField) form.append(codeField);
  form.append(passphrase, el("div", { class: "button-row" }, choose, retry));
  return el("section", { "aria-labelledby": `${id}-heading`, class: "aside" },
    el("h2", { id: `${id}-heading`, text: heading }),
    el("p", { text }),
    form);
}
