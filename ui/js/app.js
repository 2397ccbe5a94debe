// The app's frame: reads the status, shows the first run or the menu, and
// routes each #/screen to its module. One module per screen in screens/.

import { api } from "./api.js";
import { el, replace } from "./dom.js";
import * as firstRun from "./screens/first-run.js";
import * as home from "./screens/home.js";
import * as register from "./screens/register.js";
import * as participants from "./screens/participants.js";
import * as participant from "./screens/participant.js";
import * as participantForm from "./screens/participant-form.js";
import * as log from "./screens/log.js";
import * as assessments from "./screens/assessments.js";
import * as stories from "./screens/stories.js";

const screens = {
  "first-run": firstRun,
  home,
  register,
  participants,
  participant,
  "participant-new": participantForm,
  "participant-edit": participantForm,
  log,
  assessments,
  stories,
};

const app = { status: null };

/** Goes to a screen: `go("participant", "P0001")`. */
export function go(route, ...params) {
  const hash = `#/${[route, ...params.map(encodeURIComponent)].join("/")}`;
  if (location.hash === hash) show();
  else location.hash = hash;
}

/** The status, read again after anything that changes it. */
export async function refreshStatus() {
  app.status = await api.status();
  const { status } = app;
  document.getElementById("sample-banner").hidden = !status.sample;
  document.getElementById("menu").hidden = !status.set_up;
  document.getElementById("quick-log").hidden = !status.set_up;
  document.getElementById("org-name").textContent = status.organisation?.name ?? "";
  return status;
}

async function show() {
  const main = document.getElementById("main");
  const [route = "home", ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const status = app.status ?? (await refreshStatus());
  const name = status.set_up ? (screens[route] ? route : "home") : "first-run";
  for (const link of document.querySelectorAll("#menu a")) {
    if (link.dataset.route === name.split("-")[0]) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    await screens[name].render(main, { status, params, route: name, go });
  } catch (error) {
    replace(main, el("h1", { text: "Something went wrong" }),
      el("p", { text: error?.message ?? String(error) }),
      el("p", {}, el("a", { href: "#/home", text: "Back to the home screen" })));
  }
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    document.title = `${heading.textContent} – Evident`;
  }
  (main.querySelector("[data-autofocus]") ?? heading ?? main).focus();
}

window.addEventListener("hashchange", show);
window.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("leave-sample").addEventListener("click", async () => {
    await api.leaveSample();
    await refreshStatus();
    go("home");
  });
  document.getElementById("quick-log").addEventListener("click", () => log.openQuickLog());
  await refreshStatus();
  show();
});
