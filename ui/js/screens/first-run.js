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
      sample));
}
