// The app's frame: reads the status, shows the first run or the menu, and
// routes each #/screen to its module. One module per screen in screens/.

import { api } from "./api.js";
import { clearNotices, el, renewRecentNotice, replace, showDialog } from "./dom.js";
import { idleMinutes } from "./idle.js";
import { forgetReturn, returnToGoBackTo } from "./way-back.js";
// Each screen's module, loaded the first time it is shown, so that starting
// the app loads only the screen it opens on.
const screens = {
  "first-run": () => import("./screens/first-run.js"),
  "cannot-open": () => import("./screens/cannot-open.js"),
  home: () => import("./screens/home.js"),
  register: () => import("./screens/register.js"),
  participants: () => import("./screens/participants.js"),
  participant: () => import("./screens/participant.js"),
  "participant-new": () => import("./screens/participant-form.js"),
  "participant-edit": () => import("./screens/participant-form.js"),
  log: () => import("./screens/log.js"),
  assessments: () => import("./screens/assessments.js"),
  feedback: () => import("./screens/feedback.js"),
  stories: () => import("./screens/stories.js"),
  returns: () => import("./screens/returns.js"),
  agreements: () => import("./screens/agreements.js"),
  agreement: () => import("./screens/agreement.js"),
  form: () => import("./screens/form.js"),
  cashflow: () => import("./screens/cashflow.js"),
  measure: () => import("./screens/measure.js"),
  targets: () => import("./screens/targets.js"),
  import: () => import("./screens/import.js"),
  settings: () => import("./screens/settings.js"),
  help: () => import("./screens/help.js"),
  history: () => import("./screens/history.js"),
  team: () => import("./screens/team.js"),
  desk: () => import("./screens/desk.js"),
  "desk-return": () => import("./screens/desk-return.js"),
};

// The commissioner's desk is a file of its own: its screens open whether
// or not an organisation is set up.
const DESK_SCREENS = ["desk", "desk-return"];

// The menu entry a screen belongs under, where its name does not say.
const MENU_OF = {
  participant: "participants", feedback: "assessments", agreement: "agreements", form: "agreements", cashflow: "agreements", measure: "agreements", targets: "agreements", history: "settings", team: "settings",
};

const app = { status: null };

/** Whether the screen being drawn was asked for by the app after an action
 *  (`go`), whose notice ("Saved …") it then shows; a screen the user moved
 *  to shows none. */
let carrying = false;

/** Goes to a screen: `go("participant", "P0001")`. */
function go(route, ...params) {
  carrying = true;
  const hash = `#/${[route, ...params.map(encodeURIComponent)].join("/")}`;
  if (location.hash === hash) show();
  else location.hash = hash;
}

let idleTimer = null;
/** Starts (again) the wait after which locked records close. */
function watchIdle() {
  clearTimeout(idleTimer);
  if (!app.status?.locked) return;
  idleTimer = setTimeout(async () => {
    await api.lockNow();
    await refreshStatus();
    show();
  }, idleMinutes() * 60_000);
}
for (const kind of ["keydown", "pointerdown", "wheel"]) window.addEventListener(kind, watchIdle, { passive: true });

/** The status, read again after anything that changes it. */
async function refreshStatus() {
  app.status = await api.status();
  const { status } = app;
  // Once the records are open, the day's check for damage and its backup
  // run beside the window; damage found closes them and shows why.
  if (status.set_up && !status.problem) {
    api.takeDailyBackup().then(async (damaged) => {
      if (damaged) {
        await refreshStatus();
        show();
      }
    }).catch(() => {});
  }
  watchIdle();
  document.getElementById("sample-banner").hidden = !status.sample;
  document.getElementById("menu").hidden = !status.set_up;
  document.getElementById("quick-log").hidden = !status.set_up;
  document.getElementById("org-name").textContent = status.organisation?.name ?? "";
  return status;
}

/** The screen last shown, to come back to when leaving is called off. */
let shownHash = location.hash;

/** Asks before leaving a screen with typed changes not yet saved; resolves
 *  true to leave. */
function leaveUnsaved(main) {
  const unsaved = [...main.querySelectorAll("form[data-unsaved]")];
  if (unsaved.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let leave = false;
    const dialog = el("dialog", { "aria-labelledby": "unsaved-title", "aria-describedby": "unsaved-text", id: "unsaved-dialog" },
      el("h2", { id: "unsaved-title", text: "Leave without saving?" }),
      el("p", { id: "unsaved-text", text: "What you typed on this screen is not saved yet. Stay to save it, or leave and lose it." }),
      el("div", { class: "button-row" },
        el("button", { type: "button", class: "button", text: "Stay and save it", "data-autofocus": true, onclick: () => dialog.close() }),
        el("button", { type: "button", class: "button button-secondary", text: "Leave without saving", onclick: () => { leave = true; dialog.close(); } })));
    dialog.addEventListener("close", () => resolve(leave));
    showDialog(dialog);
    dialog.querySelector("[data-autofocus]").focus();
  });
}

/** Where a return's check was followed to put something right, the screen
 *  it opened offers the way back to the return; the return itself, or the
 *  menu, ends the errand. */
function offerWayBack(name, main) {
  const fixing = returnToGoBackTo();
  if (!fixing) return;
  if (name === "returns") {
    forgetReturn();
    return;
  }
  main.querySelector("h1")?.after(el("p", { class: "back-to-return" },
    el("a", { href: fixing.back, text: `Back to the return for ${fixing.period}` })));
}

/** Draws the screen the address names; `leaving` when the address changed,
 *  so that typed changes not yet saved are asked about first. */
async function show(leaving = false) {
  const main = document.getElementById("main");
  if (leaving && !(await leaveUnsaved(main))) {
    // Staying: the address goes back to the screen still shown.
    history.replaceState(null, "", shownHash || "#/home");
    const stay = main.querySelector("form[data-unsaved] [name]");
    stay?.focus();
    return;
  }
  shownHash = location.hash;
  const carry = carrying;
  carrying = false;
  if (!carry) clearNotices();
  const [route = "home", ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const status = app.status ?? (await refreshStatus());
  const name = status.problem ? "cannot-open"
    : DESK_SCREENS.includes(route) ? route
      : status.set_up ? (screens[route] ? route : "home") : "first-run";
  for (const link of document.querySelectorAll("#menu a")) {
    if (link.dataset.route === (MENU_OF[name] ?? name.split("-")[0])) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    const screen = await screens[name]();
    await screen.render(main, { status, params, route: name, go, refreshStatus });
  } catch (error) {
    replace(main, el("h1", { text: "Something went wrong" }),
      el("p", { text: error?.message ?? String(error) }),
      el("p", {}, el("a", { href: "#/home", text: "Back to the home screen" })));
  }
  offerWayBack(name, main);
  if (carry) renewRecentNotice();
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    document.title = `${heading.textContent} – Evident`;
  }
  (main.querySelector("[data-autofocus]") ?? heading ?? main).focus();
}

window.addEventListener("hashchange", () => show(true));
// A form typed into is marked as not saved until a notice says it is.
document.addEventListener("input", (event) => {
  const form = event.target.closest?.("#main form:not([data-no-guard])");
  if (form) form.dataset.unsaved = "yes";
});
document.addEventListener("change", (event) => {
  const form = event.target.closest?.("#main form:not([data-no-guard])");
  if (form && event.target.type === "checkbox") form.dataset.unsaved = "yes";
});
window.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("leave-sample").addEventListener("click", async () => {
    await api.leaveSample();
    await refreshStatus();
    go("home");
  });
  document.getElementById("menu").addEventListener("click", (event) => {
    if (event.target.closest("a")) forgetReturn();
  });
  document.getElementById("quick-log").addEventListener("click", async () => {
    const log = await screens.log();
    log.openQuickLog();
  });
  await refreshStatus();
  show();
});
