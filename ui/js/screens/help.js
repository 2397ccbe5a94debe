// Help: five steps to a first returns pack, where the records live,
// backing up, restoring, moving to a new laptop, and several laptops.

import { el, replace } from "../dom.js";

const STEPS = [
  ["Set up the funder's agreement", "Agreements: choose the workbook your funder sent (or an example). Evident checks it and sets up the measures, targets and headings in one step."],
  ["Keep your registers", "Take a register at each session: type a few letters of a name and press Enter to tick. Records you kept in a spreadsheet come in under Import."],
  ["Note what changes", "Log an outcome when you see a change, record scores, and write up a story with consent."],
  ["Look at the return", "Returns: work through the checks, write under the funder's headings and behind any red or amber measure, and fill in the money."],
  ["Export and send", "Export the pack, send it to your funder, then mark it submitted. If a figure changes later, the return says so."],
];

export async function render(main, { status }) {
  replace(main,
    el("h1", { text: "Help" }),
    el("h2", { text: "Five steps to a first returns pack" }),
    el("ol", { class: "steps" }, STEPS.map(([title, text]) => el("li", {}, el("strong", { text: title }), el("p", { text })))),
    el("h2", { text: "Where your records are" }),
    el("p", { text: `Everything is in one file on this computer${status.data_file ? `: ${status.data_file}` : ""}. Backups are in the backups folder beside it. Settings shows both, with buttons to open the folders.` }),
    el("h2", { text: "Backing up" }),
    el("p", { text: "Evident backs up by itself each day you use it. To keep a copy somewhere safe, use Back up now in Settings and copy the newest backup to a memory stick or your shared drive." }),
    el("h2", { text: "Restoring" }),
    el("p", { text: "In Settings, choose a backup and Restore this one. Evident checks the file first, refuses a damaged one without touching your records, and backs up what you have before replacing it." }),
    el("h2", { text: "Moving to a new laptop" }),
    el("ol", {},
      el("li", { text: "On the old laptop, open Settings and choose Back up now." }),
      el("li", { text: "Copy the newest file from the backups folder to a memory stick." }),
      el("li", { text: "Install Evident on the new laptop. On its first screen, choose Bring your records from another computer and pick the backup on the memory stick. If your records are locked, it asks for the passphrase." }),
      el("li", { text: "Delete the copy on the memory stick: it holds children's records." })),
    el("h2", { text: "Several laptops" }),
    el("ol", {},
      el("li", { text: "Choose a folder every laptop can reach: a shared OneDrive, Google Drive or Dropbox folder, or a memory stick passed round." }),
      el("li", { text: "On the laptop with the records, open Settings, Several laptops, and Invite a laptop: give it a name, and choose that folder. The screen then shows a join code: tell it to the new laptop's volunteer, not in the shared folder or the same email as the file." }),
      el("li", { text: "On the new laptop, install Evident, type the join code, and choose Join your organisation from its file, then the joining file in that folder. The file works once, for 7 days." }),
      el("li", { text: "Each week, every laptop uses Send changes, and the laptop that makes the return uses Get changes before it does. If two laptops change the same thing, the later change is kept; a deletion wins over an edit. Home reminds you of changes not sent yet." }),
      el("li", { text: "Everything Evident puts in the shared folder is sealed: only your laptops can read it, and a file none of them wrote is refused. If a file goes missing, choose Send again on the laptop that wrote it. If a laptop is lost or stolen, remove it from another laptop's Settings." })));
}
