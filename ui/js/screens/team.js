// The team: staff and volunteers, the funded post each fills, their DBS
// checks (with when each is due for renewal) and the designated
// safeguarding lead. Names stay on this laptop: a pack gives counts, roles
// and post titles only.

import { api } from "../api.js";
import { el, field, longDate, notice, readForm, replace, submits } from "../dom.js";

/** What a DBS check's renewal says today. */
function dbsText(member, today) {
  if (!member.dbs_checked) return "No check recorded";
  if (!member.dbs_renewal) return `Checked ${longDate(member.dbs_checked)}`;
  const days = Math.round((new Date(member.dbs_renewal) - new Date(today)) / 86400000);
  if (days < 0) return `Ran out ${longDate(member.dbs_renewal)}`;
  if (days <= 60) return `Renew by ${longDate(member.dbs_renewal)} (in ${days} ${days === 1 ? "day" : "days"})`;
  return `In date until ${longDate(member.dbs_renewal)}`;
}

function table(team, today, edit) {
  if (team.length === 0) return el("p", { text: "No one on the team yet. Add each member of staff and each volunteer who runs sessions." });
  return el("div", { class: "table-scroll" }, el("table", { class: "table" },
    el("caption", { text: "The team" }),
    el("thead", {}, el("tr", {},
      ["Name", "Role", "Paid or volunteer", "Funded post", "DBS check", "Safeguarding lead"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, team.map((m) => el("tr", {},
      el("th", { scope: "row" }, el("a", { href: "#", text: m.name, onclick: (event) => { event.preventDefault(); edit(m); } }),
        m.left_date ? el("span", { class: "muted", text: ` (left ${longDate(m.left_date)})` }) : null),
      el("td", { text: m.role }),
      el("td", { text: m.paid ? "Paid" : "Volunteer" }),
      el("td", { text: m.post || "—" }),
      el("td", { class: !m.dbs_checked || (m.dbs_renewal && m.dbs_renewal <= today) ? "overdue" : null, text: dbsText(m, today) }),
      el("td", { text: m.safeguarding_lead ? "Yes" : "" }))))));
}

function memberForm(member, agreements, done) {
  const m = member ?? { paid: true };
  const form = el("form", { class: "form", id: "team-form", novalidate: true },
    el("h2", { text: member ? `Change ${member.name}` : "Add someone to the team" }),
    field({ name: "name", label: "Name", required: true, value: m.name ?? "",
      hint: "Kept on this laptop: no return names anyone of the team." }),
    field({ name: "role", label: "Role", value: m.role ?? "", hint: "For example youth worker, session volunteer." }),
    field({ name: "paid", label: "Paid or volunteer", value: m.paid ? "yes" : "no", options: [["yes", "Paid staff"], ["no", "Volunteer"]] }),
    field({ name: "hours_a_week", label: "Hours a week", value: m.hours_a_week ?? "", attrs: { inputmode: "decimal" } }),
    field({ name: "post", label: "Funded post", value: m.post ?? "",
      hint: "The post an agreement pays for, as the funder names it (Youth worker, 0.6 FTE). Finance shows its cost by post." }),
    field({ name: "post_agreement", label: "Paid for by", value: m.post_agreement ?? "",
      options: [["", "No agreement"], ...agreements.map((a) => [a.reference, `${a.title} (${a.reference})`])] }),
    field({ name: "post_cost", label: "The post's cost a year (£)", value: m.post_cost_pence == null ? "" : (m.post_cost_pence / 100).toFixed(2),
      attrs: { inputmode: "decimal" } }),
    field({ name: "dbs_checked", label: "DBS check done", type: "date", value: m.dbs_checked ?? "" }),
    field({ name: "dbs_renewal", label: "DBS check due for renewal", type: "date", value: m.dbs_renewal ?? "",
      hint: "Home reminds you 60 days before." }),
    field({ name: "safeguarding_lead", label: "Designated safeguarding lead", type: "checkbox", value: m.safeguarding_lead }),
    field({ name: "left_date", label: "Left on", type: "date", value: m.left_date ?? "" }),
    el("button", { type: "submit", class: "button", text: member ? "Save the changes" : "Add to the team" }));
  submits(form, async () => {
    const saved = member ? await api.editTeamMember(member.name, readForm(form)) : await api.addTeamMember(readForm(form));
    delete form.dataset.unsaved;
    await done();
    notice(member ? `Saved ${saved.name}.` : `Added ${saved.name} to the team.`);
  });
  return form;
}

export async function render(main, { status }) {
  const draw = async (editing = null) => {
    const [team, agreements] = await Promise.all([api.team(true), api.agreements(false)]);
    const edit = (m) => { draw(m).then(() => document.getElementById("f-name")?.focus()); };
    replace(main,
      el("h1", { text: "Team" }),
      el("p", { text: "Staff and volunteers: their DBS checks, the posts your funders pay for, and who leads on safeguarding. The Cover of a return counts the checks in date and names the lead's role; Finance shows each funded post's cost." }),
      table(team, status.today, edit),
      memberForm(editing, agreements, () => draw()),
      editing ? el("p", {}, el("a", { href: "#/team", text: "Add someone else instead", onclick: (event) => { event.preventDefault(); draw(); } })) : null);
  };
  await draw();
}
