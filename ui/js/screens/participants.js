// Children and adults: a list to search by name, code or area, narrowed to
// one programme's people if wished, with archived people on request.

import { api } from "../api.js";
import { el, field, readForm, replace } from "../dom.js";

export async function render(main, { params }) {
  const archived = params[0] === "archived";
  const programme = params[1] ?? "";
  const [people, programmes] = await Promise.all([api.participants(archived, programme || null), api.programmes()]);
  const search = el("input", { id: "people-search", type: "search", autocomplete: "off", "data-autofocus": true });
  const body = el("tbody");
  const count = el("p", { class: "count", role: "status", "aria-live": "polite" });
  const draw = () => {
    const wanted = search.value.trim().toLowerCase();
    const shown = people.filter((p) => !wanted
      || p.known_as.toLowerCase().includes(wanted)
      || p.code.toLowerCase().includes(wanted)
      || p.area.toLowerCase().includes(wanted));
    count.textContent = `${shown.length} of ${people.length} shown`;
    replace(body, shown.map((p) => el("tr", {},
      el("th", { scope: "row" }, el("a", { href: `#/participant/${encodeURIComponent(p.code)}`, text: p.known_as || p.code })),
      el("td", { text: p.code }),
      el("td", { text: p.gender }),
      el("td", { text: p.area }),
      el("td", { text: p.groups.join(", ") }),
      el("td", { text: p.archived ? "Archived" : "" }))));
  };
  search.addEventListener("input", draw);
  const narrow = el("form", { class: "form form-inline", novalidate: true, role: "search", "data-no-guard": true },
    field({ name: "programme", label: "Who came to", value: programme,
      options: [["", "Any programme"], ...programmes.map((p) => [p.name, p.name])] }),
    field({ name: "archived", label: "Include archived people", type: "checkbox", value: archived }),
    el("button", { type: "submit", class: "button button-secondary", text: "Show" }));
  narrow.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = readForm(narrow);
    location.hash = `#/participants/${chosen.archived === "yes" ? "archived" : "current"}/${encodeURIComponent(chosen.programme)}`;
  });
  replace(main,
    el("h1", { text: "Children and adults" }),
    el("p", {}, el("a", { class: "button", href: "#/participant-new", text: "Add someone" })),
    el("div", { class: "field" },
      el("label", { for: "people-search", text: "Search by name, code or area" }),
      search),
    narrow,
    count,
    el("table", { class: "table" },
      el("thead", {}, el("tr", {},
        ["Name", "Code", "Gender", "Area", "Priority groups", "Archived"].map((h) => el("th", { scope: "col", text: h })))),
      body));
  draw();
}
