// One provider's return on the commissioner's desk, as its pack's sheets
// show it: every sheet of figures (none that lists people or records).

import { api } from "../api.js";
import { el, longDate, replace } from "../dom.js";

export async function render(main, { params }) {
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
  replace(main,
    el("p", {}, el("a", { href: "#/desk", text: "Back to the desk" })),
    el("h1", { text: `${r.provider}: ${r.period}` }),
    el("p", { class: "lead", text: `${r.agreement}. ${about}` }),
    contents,
    r.sheets.map((s, i) => el("section", { "aria-labelledby": `sheet-${i}` },
      el("h2", { id: `sheet-${i}`, tabindex: "-1", text: s.name }),
      el("div", { class: "table-scroll" },
        el("table", { class: "table sheet" },
          el("caption", { class: "visually-hidden", text: `${s.name} sheet of the return` }),
          el("tbody", {}, s.rows.map((row) => el("tr", {}, row.map((cell) => el("td", { text: cell }))))))))));
}
