// One provider's return on the commissioner's desk, as its pack's sheets
// show it: every sheet of figures (none that lists people or records).

import { api } from "../api.js";
import { confirmDialog, el, longDate, notice, replace } from "../dom.js";

export async function render(main, { params, go }) {
  const [provider, agreement, period] = params;
  const r = await api.deskReturn(provider, agreement, period);
  const about = [
    `Written ${longDate(r.generated_at.slice(0, 10))}, brought in ${longDate(r.brought_in_at.slice(0, 10))}, from ${r.file}.`,
    r.approved ? "Approved before it was sent." : "Not approved: the provider sent a draft.",
    r.replaced.length ? `It replaced ${r.replaced.length === 1 ? "a pack" : `${r.replaced.length} packs`} written ${r.replaced.map((w) => longDate(w.slice(0, 10))).join(", ")}.` : "",
  ].filter(Boolean).join(" ");
  const contents = el("nav", { class: "on-this-page", "aria-label": "Sheets" },
    el("ul", {}, r.sheets.map((s, i) => el("li", {}, el("a", { href: `#sheet-${i}`, text: s.name,
      onclick: (event) => { event.preventDefault(); document.getElementById(`sheet-${i}`).scrollIntoView(); } })))));
  const remove = el("button", { type: "button", class: "button button-secondary", id: "remove-pack", text: "Take this pack off the desk…" });
  remove.addEventListener("click", () => confirmDialog({
    id: "remove-pack-dialog",
    heading: "Take this pack off the desk?",
    content: [el("p", { text: r.replaced.length
      ? `${r.file} leaves the desk, and the pack it replaced is in use again. The file itself is not touched: bring it in again whenever you like.`
      : `${r.file} leaves the desk, and the return shows as not arrived. The file itself is not touched: bring it in again whenever you like.` })],
    confirm: "Take it off the desk",
    warning: true,
    act: () => api.deskRemove(r.provider, r.agreement, r.period),
    done: (file) => {
      notice(`${file} was taken off the desk.`);
      go("desk");
    },
  }));
  replace(main,
    el("p", {}, el("a", { href: "#/desk", text: "Back to the desk" })),
    el("h1", { text: `${r.provider}: ${r.period}` }),
    el("p", { class: "lead", text: `${r.agreement}. ${about}` }),
    contents,
    el("p", { class: "hint" }, "Brought in by mistake? ", remove),
    r.sheets.map((s, i) => el("section", { "aria-labelledby": `sheet-${i}` },
      el("h2", { id: `sheet-${i}`, tabindex: "-1", text: s.name }),
      el("div", { class: "table-scroll" },
        el("table", { class: "table sheet" },
          el("caption", { class: "visually-hidden", text: `${s.name} sheet of the return` }),
          el("tbody", {}, s.rows.map((row) => el("tr", {}, row.map((cell) => el("td", { text: cell }))))))))));
}
