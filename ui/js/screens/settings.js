// Settings: the organisation's details, where its records and backups are,
// backing up and restoring (with a confirmation that names what will be
// replaced), several laptops (the shared folder, sending and getting
// changes, inviting a laptop), the reference lists, and what version this
// is.

import { api } from "../api.js";
import { confirmDialog, el, field, longDate, notice, readForm, replace, showingRefusal, submits } from "../dom.js";
import { confirmErasure } from "./erase.js";
import { IDLE_KEY, idleMinutes } from "../idle.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const LISTS = [["gender", "Gender"], ["ethnicity", "Ethnicity"], ["priority_group", "Priority groups"], ["source", "Who noticed a change"]];

function organisationForm(o, again) {
  const form = el("form", { class: "form", novalidate: true },
    field({ name: "name", label: "Name", value: o.name, required: true }),
    field({ name: "charity_number", label: "Charity number", value: o.charity_number }),
    field({ name: "contact_name", label: "Contact for returns: name", value: o.contact_name }),
    field({ name: "contact_role", label: "Their role", value: o.contact_role }),
    field({ name: "contact_email", label: "Their email", type: "email", value: o.contact_email }),
    field({ name: "contact_phone", label: "Their phone", type: "tel", value: o.contact_phone }),
    field({ name: "fy_start_month", label: "The month the financial year starts", value: String(o.fy_start_month),
      options: MONTHS.map((m, i) => [String(i + 1), m]) }),
    field({ name: "age_bands", label: "Age bands", value: o.age_bands.join(","), hint: "Youngest first, separated with commas, such as 0-4,5-10,11-15,16-19,20+." }),
    field({ name: "small_number_threshold", label: "Counts below this are hidden in returns", value: String(o.small_number_threshold), attrs: { inputmode: "numeric" } }),
    field({ name: "retention_years", label: "Years to keep records after someone last came", value: String(o.retention_years), attrs: { inputmode: "numeric" } }),
    el("button", { type: "submit", class: "button", text: "Save the details" }));
  submits(form, async () => {
    await api.saveOrganisation(readForm(form));
    await again();
    notice("Saved the organisation's details.");
  });
  return form;
}

/** Asks before a restore, naming what will be replaced. */
function confirmRestore(s, path, name, again) {
  confirmDialog({
    id: "restore",
    heading: "Replace your records?",
    content: [
      el("p", { text: `This replaces every record of ${s.organisation.name} with the backup ${name}. What you have now is backed up first, so it can be brought back.` }),
      field({ name: "other", type: "checkbox", label: "It is another organisation's backup, and I mean to replace these records with it" }),
    ],
    confirm: "Replace my records with this backup",
    act: (values) => api.restoreBackup(path, values.other === "yes"),
    done: async (restored) => {
      await again();
      notice(`Restored: these are now the records of ${restored.name} from ${name}.`);
    },
  });
}

function backups(s, again) {
  const now = el("button", { type: "button", class: "button", text: "Back up now" });
  const status = el("form", { class: "form", novalidate: true }, el("div", { class: "button-row" }, now,
    el("button", { type: "button", class: "button button-secondary", text: "Restore from another file…",
      onclick: async () => {
        const path = await api.chooseFile("Choose the backup to restore", [{ name: "Evident backup", extensions: ["db", "gz"] }]);
        if (path) confirmRestore(s, path, path.split(/[\\/]/).pop(), again);
      } })));
  now.addEventListener("click", showingRefusal(status, async () => {
    const path = await api.backUpNow();
    await again();
    notice(`Backed up to ${path}.`);
  }));
  const list = s.backups.length === 0 ? el("p", { text: "No backups yet." }) : el("table", { class: "table" },
    el("caption", { text: "Backups, newest first" }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Backup" }),
      el("th", { scope: "col", class: "number", text: "Size" }),
      el("th", { scope: "col", text: "Restore" }))),
    el("tbody", {}, s.backups.map((b) => el("tr", {},
      el("td", { text: b.name }),
      el("td", { class: "number", text: `${Math.max(1, Math.round(b.bytes / 1024))} KB` }),
      el("td", {}, el("button", { type: "button", class: "button button-secondary", text: "Restore this one",
        "aria-label": `Restore this one: ${b.name}`, onclick: () => confirmRestore(s, b.path, b.name, again) }))))));
  return [el("p", { text: "Evident backs up on the first open of each day, before every upgrade and before a restore, and keeps the newest ten and the newest of each of the last twelve months." }), status, list];
}

/** What a get did, in words: each file applied (and what was merged),
 *  each file waiting or refused, and why. */
function gotReport(got) {
  const items = [
    ...got.applied.map((f) => el("li", {}, `From ${f.laptop}: ${f.summary}.`,
      f.notes.length === 0 ? null : el("ul", {}, f.notes.map((n) => el("li", { text: n }))))),
    ...got.waiting.map((w) => el("li", { text: `Waiting: ${w.file.split(/[\\/]/).pop()} from the shared folder: ${w.why}.` })),
    ...got.refused.map((w) => el("li", { text: `Not applied: ${w.file.split(/[\\/]/).pop()}: ${w.why}.` })),
    got.evidence_fetched > 0 ? el("li", { text: `${got.evidence_fetched} evidence ${got.evidence_fetched === 1 ? "file" : "files"} copied from the shared folder.` }) : null,
  ].filter(Boolean);
  return items.length === 0 ? el("p", { text: "Nothing new from the other laptops." }) : el("ul", { class: "sync-report" }, items);
}

/** The last invitation made in this window: its join code stays on the
 *  screen until the app is closed, since the new laptop's volunteer types
 *  it there. The code is never written to a file. */
let lastInvited = null;

/** The join code for the laptop just invited, large, with its file. */
function joinCode(invited) {
  return el("section", { class: "panel", id: "join-code", "aria-labelledby": "join-code-heading" },
    el("h3", { id: "join-code-heading", text: `Join code for ${invited.laptop}` }),
    el("p", { class: "join-code", id: "join-code-value", text: invited.code }),
    el("p", { text: `On ${invited.laptop}, open Evident, choose Join your organisation, type this code and choose the file ${invited.file}. It works once, until ${longDate(invited.expires_on)}. Do not send the code by the same route as the file (not in the shared folder, not in the same email): tell it, or show this screen.` }));
}

/** Removing a laptop that was lost or stolen, or whose volunteer left. */
function confirmRemoval(name, again) {
  confirmDialog({
    id: "remove-laptop",
    heading: `Remove ${name}?`,
    content: [
      el("p", { text: `From now on, what this laptop sends is sealed for the others only, and anything ${name} sends is refused. What it sent before stays in your records. Send changes afterwards so the other laptops know.` }),
    ],
    confirm: `Remove ${name}`,
    act: () => api.removeLaptop(name),
    done: async (removed) => {
      await again();
      notice(`${removed} is removed. Send changes so the other laptops know.`);
    },
  });
}

/** Several laptops: the shared folder, sending and getting changes, where
 *  each other laptop stands, and inviting or removing one. */
function laptops(sync, again) {
  const folder = sync.folder ?? null;
  const form = el("form", { class: "form", novalidate: true, id: "sync-form" });
  // A get's report is shown under the buttons once the screen is drawn again.
  const act = showingRefusal(form, async (run) => {
    const done = await run();
    await again();
    if (done?.applied) replace(document.getElementById("sync-report"), gotReport(done));
    else if (done) notice(sentReport(done));
  });
  form.append(el("div", { class: "button-row" },
    el("button", { type: "button", class: "button", id: "send-changes", text: "Send changes",
      onclick: () => act(() => api.sendChanges()) }),
    el("button", { type: "button", class: "button", id: "get-changes", text: "Get changes",
      onclick: () => act(() => api.getChanges()) }),
    el("button", { type: "button", class: "button button-secondary", id: "send-again", text: "Send again",
      title: "Writes again every file this laptop sent that another may still need: for a file lost or damaged in the shared folder.",
      onclick: () => act(() => api.sendChanges(null, true)) }),
    el("button", { type: "button", class: "button button-secondary", text: "Use another shared folder…",
      onclick: () => act(async () => {
        const chosen = await api.chooseFolder("Choose the folder the laptops share");
        return chosen ? api.getChanges(chosen) : null;
      }) })));
  const invite = el("form", { class: "form", novalidate: true, id: "invite-form" },
    field({ name: "name", label: "The new laptop's name", required: true, hint: "As its volunteer will know it, such as Sam's laptop.", attrs: { id: "f-laptop-name" } }),
    sync.shared ? null : field({ name: "this_laptop", label: "This laptop's name", value: "Office laptop", hint: "How the other laptops will name this one." }),
    el("button", { type: "submit", class: "button button-secondary", text: "Invite a laptop" }));
  submits(invite, async () => {
    const values = readForm(invite);
    let chosen = folder;
    if (!chosen) chosen = await api.chooseFolder("Choose the folder the laptops share");
    if (!chosen) return;
    lastInvited = await api.inviteLaptop(values.name, values.this_laptop ?? "", chosen);
    await again();
    document.getElementById("join-code")?.scrollIntoView({ block: "center" });
  });
  const others = sync.laptops.length === 0 ? null : el("table", { class: "table" },
    el("caption", { text: "The other laptops" }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Laptop" }), el("th", { scope: "col", text: "Its changes here up to" }), el("th", { scope: "col", text: "Joined" }),
      el("th", { scope: "col", text: "Lost, or its volunteer left?" }))),
    el("tbody", {}, sync.laptops.map((l) => el("tr", {},
      el("th", { scope: "row", text: l.name }),
      el("td", { class: l.silent ? "overdue" : "", text: l.written_at ? `${l.written_at}${l.silent ? " (nothing for 14 days or more)" : ""}` : "Nothing received yet" }),
      el("td", { text: longDate(l.joined_on) }),
      el("td", {}, el("button", { type: "button", class: "button button-secondary", text: "Remove…",
        "aria-label": `Remove ${l.name}…`, onclick: () => confirmRemoval(l.name, again) }))))));
  return [
    el("p", { text: "Volunteers on other laptops can record too: each laptop sends its changes as a file into a folder you all share (OneDrive, Google Drive, Dropbox or a USB stick) and gets the others' from there. Help explains how to start." }),
    sync.shared ? el("dl", { class: "summary-list" },
      el("dt", { text: "This laptop" }), el("dd", { text: sync.this_laptop }),
      el("dt", { text: "Shared folder" }), el("dd", { text: folder ?? "Not chosen yet" }),
      el("dt", { text: "Not sent yet" }), el("dd", { text: `${sync.unsent} ${sync.unsent === 1 ? "change" : "changes"}${sync.last_sent ? `; last sent ${sync.last_sent}` : ""}` })) : null,
    sync.shared ? form : null,
    el("div", { id: "sync-report", "aria-live": "polite" }),
    others,
    el("h3", { text: "Invite a laptop" }),
    el("p", { text: "Writes a file into the shared folder that the new laptop joins from, with everything recorded so far: no re-typing. The file is sealed: it opens only with the join code this screen then shows." }),
    invite,
    lastInvited ? joinCode(lastInvited) : null,
  ];
}

/** What a send did, in words. */
function sentReport(sent) {
  const parts = [sent.file ? `Sent: file ${sent.sequence} is in the shared folder.` : "Nothing new to send."];
  if (sent.sent_again > 0) parts.push(`${sent.sent_again} ${sent.sent_again === 1 ? "file" : "files"} sent before written again.`);
  if (!sent.sealed) parts.push("Not sealed yet: a laptop has still to install this Evident.");
  return parts.join(" ");
}

function lists(s, again) {
  return LISTS.map(([name, label]) => {
    const form = el("form", { class: "form form-inline", novalidate: true },
      field({ name: "value", label: `Add to ${label.toLowerCase()}`, required: true, attrs: { id: `f-list-${name}` } }),
      el("button", { type: "submit", class: "button button-secondary", text: "Add" }));
    submits(form, async () => {
      await api.addListValue(name, readForm(form).value);
      await again();
      notice(`Added to ${label.toLowerCase()}.`);
    });
    return el("details", { class: "list-values" }, el("summary", { text: `${label} (${s.lists[name].length})` }),
      el("ul", {}, s.lists[name].map((value) => el("li", {}, el("span", { text: value }), " ",
        el("button", { type: "button", class: "link-button", text: "Remove", "aria-label": `Remove ${value}`,
          onclick: async () => { await api.removeListValue(name, value); await again(); notice(`Removed ${value}; records that use it keep it.`); } })))),
      form);
  });
}

/** Locking the records with a passphrase, changing it, or unlocking them
 *  for good; and after how long without use they close. */
function lockSection(locked, again) {
  const form = el("form", { class: "form", novalidate: true, id: "lock-form" },
    field({ name: "passphrase", label: locked ? "New passphrase" : "Passphrase", type: "password", required: true,
      hint: "At least 8 characters; three words you will remember work well.", attrs: { autocomplete: "new-password" } }),
    field({ name: "again", label: "The same again", type: "password", required: true, attrs: { autocomplete: "new-password" } }),
    locked ? null : field({ name: "understood", type: "checkbox",
      label: "I understand that if the passphrase is lost, the records are lost: no one can open them" }),
    el("button", { type: "submit", class: "button", text: locked ? "Change the passphrase" : "Lock the records" }));
  submits(form, async () => {
    const values = readForm(form);
    if (values.passphrase !== values.again) {
      throw { kind: "invalid", field: "again", message: "is not the same as the passphrase; type both again" };
    }
    if (!locked && values.understood !== "yes") {
      throw { kind: "invalid", field: "understood", message: "tick this to say you have written the passphrase down somewhere safe" };
    }
    await api.setPassphrase(values.passphrase);
    await again();
    notice(locked ? "The passphrase is changed. Backups taken from now on need the new one." : "Locked: the records and their backups now need the passphrase to open.");
  });
  const idle = el("form", { class: "form form-inline", novalidate: true, id: "idle-form" },
    field({ name: "minutes", label: "Close locked records after this many minutes without use", value: String(idleMinutes()),
      attrs: { inputmode: "numeric", id: "f-idle-minutes" } }),
    el("button", { type: "submit", class: "button button-secondary", text: "Save" }));
  submits(idle, async () => {
    const minutes = Number(readForm(idle).minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      throw { kind: "invalid", field: "minutes", message: "must be a whole number of minutes from 1 to 240" };
    }
    localStorage.setItem(IDLE_KEY, String(minutes));
    notice(`Locked records close after ${minutes} minutes without use.`);
  });
  const unlockForGood = locked ? el("button", { type: "button", class: "button button-secondary", text: "Unlock for good",
    onclick: async () => {
      try {
        await api.setPassphrase(null);
        await again();
        notice("Unlocked: the records and their backups open without a passphrase.");
      } catch (error) {
        notice(error?.message ?? String(error));
      }
    } }) : null;
  return [
    el("p", { text: locked
      ? "The records and their backups are locked with a passphrase: on a lost laptop they cannot be read."
      : "A passphrase encrypts the records and their backups, so that a lost laptop gives nothing away. Evident asks for it when it starts and after a while without use." }),
    form,
    locked ? el("div", { class: "button-row" }, unlockForGood) : null,
    locked ? idle : null,
  ];
}

/** Who is due for review under the retention setting, to anonymise or
 *  erase together, and the privacy log. */
function privacy(s, due, log, again) {
  const years = s.organisation.retention_years;
  const list = due.length === 0
    ? el("p", { text: `No one has been kept longer than ${years} years since their last contact.` })
    : el("form", { class: "form", novalidate: true, id: "due-form" },
      el("table", { class: "table" },
        el("caption", { text: `${due.length} kept longer than ${years} years since their last contact` }),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Erase" }), el("th", { scope: "col", text: "Code" }),
          el("th", { scope: "col", text: "Name" }), el("th", { scope: "col", text: "Last contact" }))),
        el("tbody", {}, due.map((d) => el("tr", {},
          el("td", {}, el("input", { type: "checkbox", name: d.code, id: `due-${d.code}`, checked: true, "aria-label": `Erase ${d.known_as}` })),
          el("td", {}, el("a", { href: `#/participant/${encodeURIComponent(d.code)}`, text: d.code })),
          el("td", { text: d.known_as }),
          el("td", { text: longDate(d.last_contact) }))))),
      el("button", { type: "submit", class: "button", text: "Erase the ticked…" }));
  if (due.length > 0) {
    list.addEventListener("submit", (event) => {
      event.preventDefault();
      const codes = due.map((d) => d.code).filter((code) => list.querySelector(`#due-${CSS.escape(code)}`).checked);
      if (codes.length === 0) { notice("Tick who to erase first."); return; }
      confirmErasure(codes, codes.length === 1 ? due.find((d) => d.code === codes[0]).known_as : `${codes.length} people`, again);
    });
  }
  return [
    el("p", {}, `Records are kept for ${years} years after a person's last contact (change it in your organisation's details above). `,
      "Each person's page can export everything held about them or erase it; PRIVACY.md beside Evident explains both."),
    el("h3", { text: "Due for review" }),
    list,
    el("h3", { text: "Privacy log" }),
    log.length === 0 ? el("p", { text: "Nothing yet." }) : el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["When", "What", "People", "By"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", {}, log.map((a) => el("tr", {},
        el("td", { text: a.at }), el("td", { text: a.action }), el("td", { class: "number", text: a.people }), el("td", { text: a.done_by }))))),
  ];
}

export async function render(main, ctx) {
  const s = await api.settings();
  const status = await ctx.refreshStatus();
  const [due, log, sync] = await Promise.all([api.privacyDue(), api.privacyLog(), api.syncStatus()]);
  const again = () => render(main, ctx);
  const folder = (path, text) => el("button", { type: "button", class: "button button-secondary", text,
    onclick: () => api.openFolder(path).catch((error) => notice(error?.message ?? String(error))) });
  const dataFolder = s.data_file ? s.data_file.replace(/[\\/][^\\/]*$/, "") : null;
  replace(main,
    el("h1", { text: "Settings" }),
    el("h2", { text: "Your organisation" }),
    organisationForm(s.organisation, again),
    el("h2", { text: "Team" }),
    el("p", {}, "Staff and volunteers, their DBS checks and funded posts: ",
      el("a", { href: "#/team", text: "the team" }), "."),
    el("h2", { text: "Where your records are" }),
    el("dl", { class: "summary-list" },
      el("dt", { text: "Records" }), el("dd", { text: s.data_file ?? "Held in memory" }),
      el("dt", { text: "Backups" }), el("dd", { text: s.backups_folder ?? "None" })),
    el("div", { class: "button-row" },
      dataFolder ? folder(dataFolder, "Open the records folder") : null,
      s.backups_folder ? folder(s.backups_folder, "Open the backups folder") : null),
    el("h2", { text: "Backups" }),
    ...backups(s, again),
    el("h2", { text: "Several laptops" }),
    ...(status.sample
      ? [el("p", { text: "Sharing records between laptops is for your own records, not the sample's: leave the sample first." })]
      : laptops(sync, again)),
    el("h2", { text: "Lists offered in forms" }),
    el("p", { text: "Taking a value off a list does not change the records that use it." }),
    ...lists(s, again),
    el("h2", { text: "Lock" }),
    ...lockSection(status.locked, again),
    el("h2", { text: "Privacy" }),
    ...privacy(s, due, log, again),
    el("h2", { text: "History" }),
    el("p", {}, "Every change to the records is kept, and a mistaken one can be undone: ",
      el("a", { href: "#/history", text: "see the history" }), "."),
    el("h2", { text: "Commissioner's desk" }),
    el("p", {}, "Reading many providers' returns packs side by side, as a commissioner does, is kept in a file of its own: ",
      el("a", { href: "#/desk", text: "open the commissioner's desk" }), "."),
    el("h2", { text: "About" }),
    el("p", { text: `Evident ${s.version}, ${s.licence} licence. Everything stays on this computer: there is no account and nothing is sent anywhere.` }));
}
