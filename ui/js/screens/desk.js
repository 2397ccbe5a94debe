// The commissioner's desk: providers' returns packs brought in (one, or a
// folder of them), which returns have arrived and how late, each measure
// across providers against target (a table and a chart), who came by area,
// and what resubmissions changed. The desk is a file of its own.

import { api } from "../api.js";
import { el, longDate, notice, replace, showingRefusal } from "../dom.js";

const NS = "http://www.w3.org/2000/svg";

/** What the latest bringing in did, shown until the next one. */
let lastBrought = null;

export async function render(main, ctx) {
  const overview = await api.deskOverview();
  const actions = el("form", { class: "form actions", novalidate: true, "data-no-guard": true, id: "desk-actions" });
  const rerender = async (brought) => {
    lastBrought = brought;
    await render(main, ctx);
  };
  const folder = el("button", { type: "button", class: "button", text: "Bring in a folder of packs…" });
  folder.addEventListener("click", showingRefusal(actions, async () => {
    const path = await api.chooseFolder("Choose the folder the providers' packs are in");
    if (!path) return;
    await rerender(await api.deskBringIn(path));
    notice(broughtSummary(lastBrought));
  }));
  const one = el("button", { type: "button", class: "button button-secondary", text: "Bring in one pack…" });
  one.addEventListener("click", showingRefusal(actions, async () => {
    const path = await api.chooseFile("Choose a provider's returns pack", [{ name: "Returns pack", extensions: ["zip"] }]);
    if (!path) return;
    await rerender(await api.deskBringIn(path));
    notice(broughtSummary(lastBrought));
  }));
  const exporting = el("button", { type: "button", class: "button button-secondary", text: "Export the summary workbook…" });
  exporting.addEventListener("click", showingRefusal(actions, async () => {
    const path = await api.chooseSaveFile("Save the commissioner's summary", "commissioners-summary.xlsx", [{ name: "Excel workbook", extensions: ["xlsx"] }]);
    if (!path) return;
    const written = await api.deskExport(path);
    notice(`The summary workbook was written to ${written}.`);
  }));
  actions.append(folder, one, exporting);
  const empty = overview.completeness.rows.length === 0;
  replace(main,
    el("h1", { text: "Commissioner's desk" }),
    el("p", { class: "lead", text: "Bring in the returns packs your providers send, and read them side by side: which have arrived and how late, each measure against target, who came from each area. Nothing is re-typed." }),
    el("p", { class: "hint", text: `Kept in ${overview.file}, apart from any organisation's records. It holds only what the packs hold: figures, with small numbers already hidden; never a child's record. A pack altered after it was written is refused.` }),
    actions,
    lastBrought ? broughtList(lastBrought) : "",
    empty
      ? el("p", { class: "inset", text: "No packs yet. Bring in the folder your providers' packs are saved in." })
      : el("div", {},
        completenessSection(overview.completeness),
        measureSection(overview.measures),
        await areasSection(null),
        changesSection(overview.changes)),
    ctx.status.set_up ? "" : el("p", {}, el("a", { href: "#/first-run", text: "Back to the welcome screen" })));
}

function broughtSummary(b) {
  const parts = [`${b.added.length} brought in`];
  if (b.replaced.length) parts.push(`${b.replaced.length} replacing an earlier pack`);
  if (b.already.length) parts.push(`${b.already.length} already on the desk`);
  if (b.refused.length) parts.push(`${b.refused.length} refused`);
  return `Packs: ${parts.join(", ")}.`;
}

/** What the latest bringing in did: the refused packs in plain sight,
 *  the rest pack by pack under a summary. */
function broughtList(b) {
  const items = [
    ...b.added.map((p) => el("li", { text: `Brought in: ${p.provider}, ${p.agreement} ${p.period} (${p.file}).` })),
    ...b.replaced.map((r) => el("li", { text: `Replaced: ${r.provider}, ${r.agreement} ${r.period}, by a newer pack (${r.changes.length} figures changed; see Resubmissions).` })),
    ...b.older.map((p) => el("li", { text: `Older than the pack in use, kept as replaced: ${p.provider}, ${p.agreement} ${p.period}.` })),
    ...b.already.map((f) => el("li", { text: `Already on the desk: ${f}.` })),
  ];
  const refused = b.refused.map((r) => el("li", { text: `${r.file}: ${r.why}.` }));
  return el("section", { class: "inset", id: "desk-brought-in", "aria-labelledby": "brought-heading" },
    el("h2", { id: "brought-heading", text: broughtSummary(b) }),
    refused.length
      ? el("div", { class: "warning-text" },
        el("p", { text: "Refused, and nothing of them kept (ask the provider to send the pack again as Evident wrote it):" }),
        el("ul", { id: "desk-refused" }, refused))
      : "",
    items.length ? el("details", {}, el("summary", { text: "Pack by pack" }), el("ul", {}, items)) : "");
}

const ARRIVED_CLASS = { on_time: "status status-green", late: "status status-amber", missing: "status status-red" };

function completenessSection(c) {
  const head = el("tr", {},
    el("th", { scope: "col", text: "Provider" }),
    el("th", { scope: "col", text: "Agreement" }),
    c.columns.map((p) => el("th", { scope: "col" }, p.id)));
  const rows = c.rows.map((r) => el("tr", {},
    el("th", { scope: "row", text: r.provider }),
    el("td", { text: r.agreement }),
    r.cells.map((a, i) => {
      const word = el("span", { class: ARRIVED_CLASS[a.state] ?? null, text: a.word });
      const arrived = a.state === "on_time" || a.state === "late";
      return el("td", { title: a.due ? `Due ${longDate(a.due)}` : null },
        arrived
          ? el("a", { href: `#/desk-return/${[r.provider, r.agreement, c.columns[i].id].map(encodeURIComponent).join("/")}` }, word)
          : word);
    })));
  return el("section", { "aria-labelledby": "completeness-heading" },
    el("h2", { id: "completeness-heading", text: "Which returns have arrived" }),
    el("p", { class: "hint", text: "Lateness is counted from the day the provider wrote its pack to the day the return was due. Open a return to read its sheets." }),
    el("div", { class: "table-scroll" },
      el("table", { class: "table", id: "completeness" },
        el("caption", { text: "Returns by provider and period: on time, late by how many days, or missing" }),
        el("thead", {}, head),
        el("tbody", {}, rows))));
}

function measureSection(measures) {
  const select = el("select", { id: "desk-measure", name: "measure" },
    measures.map((m) => el("option", { value: m.code, text: `${m.code} ${m.title}` })));
  const shown = el("div", { id: "desk-measure-shown" });
  const load = async () => {
    const across = await api.deskMeasure(select.value);
    replace(shown, measureTable(across), measureChart(across));
  };
  select.addEventListener("change", load);
  load();
  return el("section", { "aria-labelledby": "measure-heading" },
    el("h2", { id: "measure-heading", text: "A measure across providers" }),
    el("div", { class: "field" },
      el("label", { for: "desk-measure", class: "label", text: "Measure" }),
      select),
    shown);
}

function measureTable(m) {
  const head = el("tr", {},
    el("th", { scope: "col", text: "Provider" }),
    m.columns.map((p) => el("th", { scope: "col", class: "number", text: p.id })));
  const rows = m.rows.map((line) => el("tr", {},
    el("th", { scope: "row", text: `${line.provider} (${line.agreement})` }),
    line.cells.map((c) => el("td", { class: "number" },
      c
        ? el("span", { class: c.status ? `status status-${c.status}` : null, text: c.status ? `${c.shown} ${c.status}` : c.shown })
        : "–",
      c?.target_shown ? el("span", { class: "hint", text: ` target ${c.target_shown}` }) : ""))));
  const totals = el("tr", {},
    el("th", { scope: "row", text: "All providers" }),
    m.totals.map((t) => el("td", { class: "number", text: t.word })));
  return el("div", {},
    el("div", { class: "table-scroll" },
      el("table", { class: "table", id: "desk-measure-table" },
        el("caption", { text: `${m.code} ${m.title}, this period, against target` }),
        el("thead", {}, head),
        el("tbody", {}, rows),
        el("tfoot", {}, totals))),
    el("p", { class: "hint", text: m.rule_explained }));
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const BAR_CLASS = { green: "bar-green", amber: "bar-amber", red: "bar-red" };

/** The latest period's figures as bars, one per provider, coloured by
 *  status, with each target marked. The table above gives the same. */
function measureChart(m) {
  const at = m.columns.length - 1;
  if (at < 0) return "";
  const lines = m.rows.map((r) => ({ label: r.provider, cell: r.cells[at] })).filter((l) => l.cell && l.cell.value !== null);
  if (!lines.length) return "";
  const max = Math.max(...lines.flatMap((l) => [l.cell.value, l.cell.target ?? 0])) || 1;
  const row = 26, left = 230, width = 720, top = 10;
  const height = top + lines.length * row + 10;
  const x = (v) => left + (v / max) * (width - left - 70);
  const title = `${m.code} ${m.title} in ${m.columns[at].id}, by provider`;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart chart-wide", "aria-label": title });
  chart.append(svg("title", {}, title));
  lines.forEach((l, i) => {
    const y = top + i * row;
    chart.append(svg("text", { x: left - 8, y: y + 16, "text-anchor": "end", class: "chart-label" }, l.label));
    chart.append(svg("rect", { x: left, y: y + 3, width: Math.max(1, x(l.cell.value) - left), height: row - 8, class: BAR_CLASS[l.cell.status] ?? "bar-none" }));
    chart.append(svg("text", { x: x(l.cell.value) + 6, y: y + 16, class: "chart-label" }, l.cell.shown));
    if (l.cell.target !== null) {
      chart.append(svg("line", { x1: x(l.cell.target), x2: x(l.cell.target), y1: y, y2: y + row - 2, class: "chart-target" }));
    }
  });
  return el("figure", {},
    chart,
    el("figcaption", { class: "hint", text: `${title}: bars coloured by status (green met, amber near, red short), the dashed line each provider's target.` }));
}

async function areasSection(period) {
  const section = el("section", { "aria-labelledby": "areas-heading", id: "desk-areas" });
  const draw = async (chosen) => {
    const a = await api.deskAreas(chosen);
    const select = el("select", { id: "desk-areas-period", name: "period" },
      a.periods.map((p) => el("option", { value: p, text: p, selected: p === a.period })));
    select.addEventListener("change", () => draw(select.value));
    const head = el("tr", {},
      el("th", { scope: "col", text: "Area" }),
      a.providers.map(([p, ag]) => el("th", { scope: "col", class: "number", text: `${p} (${ag})` })),
      el("th", { scope: "col", class: "number", text: "All providers" }));
    const rows = a.rows.map((r) => el("tr", {},
      el("th", { scope: "row", text: r.area }),
      r.cells.map((c) => el("td", { class: "number", text: c })),
      el("td", { class: r.total.hidden ? "number marked" : "number", text: r.total.word })));
    const people = el("tr", {},
      el("th", { scope: "row", text: "People in the period" }),
      a.people.map((n) => el("td", { class: "number", text: String(n) })),
      el("td", { class: "number", text: a.people_total.word }));
    replace(section,
      el("h2", { id: "areas-heading", text: "Who came, by area" }),
      el("div", { class: "field" }, el("label", { for: "desk-areas-period", class: "label", text: "Period" }), select),
      el("div", { class: "table-scroll" },
        el("table", { class: "table", id: "desk-areas-table" },
          el("caption", { text: `People by area and provider in ${a.period ?? "–"}` }),
          el("thead", {}, head),
          el("tbody", {}, rows),
          el("tfoot", {}, people))),
      el("p", { class: "hint", text: a.explained }));
  };
  await draw(period);
  return section;
}

function changesSection(changes) {
  return el("section", { "aria-labelledby": "changes-heading" },
    el("h2", { id: "changes-heading", text: "Resubmissions" }),
    changes.length
      ? changes.map((r) => el("div", { class: "resubmission" },
        el("h3", { text: `${r.provider}, ${r.agreement} ${r.period}` }),
        el("p", { text: `The pack written ${longDate(r.now_written.slice(0, 10))} replaced the one written ${longDate(r.was_written.slice(0, 10))}.` }),
        r.changes.length
          ? el("table", { class: "table" },
            el("caption", { text: "What changed" }),
            el("thead", {}, el("tr", {},
              el("th", { scope: "col", text: "Figure" }),
              el("th", { scope: "col", class: "number", text: "Was" }),
              el("th", { scope: "col", class: "number", text: "Now" }))),
            el("tbody", {}, r.changes.map((c) => el("tr", {},
              el("th", { scope: "row", text: c.what }),
              el("td", { class: "number", text: c.was }),
              el("td", { class: "number", text: c.now })))))
          : el("p", { text: "No figure changed." })))
      : el("p", { text: "No provider has sent a return again." }));
}
