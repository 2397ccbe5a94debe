// Shown instead of every other screen when the records did not open at
// start (or were locked after the idle time): for locked records, the
// passphrase; otherwise why, where the records and backups are, and what
// can mend it —
// the newest backup (for damaged records), another backup, or trying again
// once the disk has room or the folder can be written.

import { api } from "../api.js";
import { el, field, notice, readForm, replace, showingRefusal, submits } from "../dom.js";

/** Locked records: the passphrase opens them. A file that only looks
 *  locked (its first page damaged) can be mended from a backup. */
function unlockForm(main, problem, { go, refreshStatus }) {
  const form = el("form", { class: "form", novalidate: true, "data-no-guard": true, id: "unlock-form" },
    field({ name: "passphrase", label: "Passphrase", type: "password", required: true,
      attrs: { autocomplete: "current-password", "data-autofocus": true } }),
    el("button", { type: "submit", class: "button", text: "Open the records" }));
  submits(form, async () => {
    try {
      await api.unlock(readForm(form).passphrase);
    } catch (error) {
      form.querySelector("input").value = "";
      throw error;
    }
    await refreshStatus();
    go("home");
  });
  const restore = el("button", { type: "button", class: "button button-secondary", text: "Restore the newest backup",
    onclick: showingRefusal(form, async () => {
      const name = await api.restoreNewest();
      await refreshStatus();
      go("home");
      notice(`Restored from ${name}. Check the latest registers and scores, and enter again anything saved after it.`);
    }) });
  replace(main,
    el("h1", { text: "Your records are locked" }),
    el("p", { text: "Type the passphrase they are locked with. Without it nothing can open them: not Evident, not anyone else." }),
    form,
    problem.newest_backup ? el("details", { class: "aside" },
      el("summary", { text: "These records were never locked?" }),
      el("p", { text: `Then the file is damaged at its start. The newest backup is ${problem.newest_backup}; restoring it brings back the records as they were then, and keeps the damaged file aside in the backups folder.` }),
      restore) : null);
}

export async function render(main, ctx) {
  const { status, go, refreshStatus } = ctx;
  const problem = status.problem;
  if (problem.kind === "locked") return unlockForm(main, problem, ctx);
  const message = el("div", { role: "alert", class: "error-summary", hidden: true });
  const failed = (error) => {
    message.hidden = false;
    replace(message, el("h2", { text: "That did not work" }), el("p", { class: "why", text: error?.message ?? String(error) }));
  };
  const reopened = async (text) => {
    await refreshStatus();
    go("home");
    if (text) notice(text);
  };
  const newest = problem.newest_backup
    ? el("section", {},
      el("h2", { text: "Restore the newest backup" }),
      el("p", { text: `The newest backup is ${problem.newest_backup}. Restoring it brings back the records as they were then; anything saved after it will need entering again. The damaged file is kept aside in the backups folder, not deleted.` }),
      el("button", { type: "button", class: "button", "data-autofocus": true, text: "Restore the newest backup",
        onclick: async () => {
          try {
            const name = await api.restoreNewest();
            await reopened(`Restored from ${name}. Check the latest registers and scores, and enter again anything saved after it.`);
          } catch (error) { failed(error); }
        } }))
    : null;
  replace(main,
    el("h1", { text: "Evident cannot open its records" }),
    el("p", { class: "why", text: problem.why }),
    message,
    newest,
    el("section", {},
      el("h2", { text: "Other ways" }),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "button button-secondary", text: "Try again",
          onclick: async () => {
            try {
              await api.openAgain();
              await reopened(null);
            } catch (error) { failed(error); }
          } }),
        el("button", { type: "button", class: "button button-secondary", text: "Restore from another backup…",
          onclick: async () => {
            const path = await api.chooseFile("Choose the backup to restore", [{ name: "Evident backup", extensions: ["db", "gz"] }]);
            if (!path) return;
            try {
              const org = await api.restoreBackup(path, false);
              await reopened(`Restored: these are now the records of ${org.name}.`);
            } catch (error) { failed(error); }
          } }),
        el("button", { type: "button", class: "button button-secondary", text: "Show the backups folder",
          onclick: () => api.openFolder(problem.backups_folder).catch(failed) }))));
}
