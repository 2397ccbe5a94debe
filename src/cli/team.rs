//! The team (staff and volunteers, posts, DBS checks) and each period's
//! safeguarding figures.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::{SafeguardingForm, TeamMemberForm};
use evident::parse::{format_money, shown};
use evident::Result;

use super::print::{form, maybe, yes};
use super::Context;

#[derive(Args, Serialize)]
pub struct TeamFields {
    /// Their name (stays on this laptop: no pack names the team).
    #[arg(long)]
    name: Option<String>,
    /// What they do (youth worker, session volunteer).
    #[arg(long)]
    role: Option<String>,
    /// yes for paid staff, no for a volunteer (default yes).
    #[arg(long)]
    paid: Option<String>,
    /// Hours a week.
    #[arg(long)]
    hours_a_week: Option<String>,
    /// The funded post they fill (Youth worker, 0.6 FTE).
    #[arg(long)]
    post: Option<String>,
    /// The reference of the agreement paying for the post.
    #[arg(long)]
    post_agreement: Option<String>,
    /// The post's cost a year, in pounds.
    #[arg(long)]
    post_cost: Option<String>,
    /// When their DBS check was done.
    #[arg(long)]
    dbs_checked: Option<String>,
    /// When it is due for renewal.
    #[arg(long)]
    dbs_renewal: Option<String>,
    /// yes for the designated safeguarding lead.
    #[arg(long)]
    safeguarding_lead: Option<String>,
    /// When they left.
    #[arg(long)]
    left_date: Option<String>,
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Add a member of staff or a volunteer.
    Add(TeamFields),
    /// Change a member of the team.
    Edit {
        /// Their name now.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: TeamFields,
    },
    /// List the team: name, role, paid, hours, post, DBS checked, renewal,
    /// safeguarding lead, left.
    List {
        /// Those who have left too.
        #[arg(long)]
        all: bool,
    },
}

pub fn team(ctx: &mut Context, command: TeamCommand) -> Result<()> {
    match command {
        TeamCommand::Add(f) => {
            let m = form::<TeamMemberForm>(&f).add_to(&mut ctx.store)?;
            out!("added {} to the team", m.name);
        }
        TeamCommand::Edit { key, fields } => {
            let m = form::<TeamMemberForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved {}", m.name);
        }
        TeamCommand::List { all } => {
            let team = ctx.store.team(all)?;
            ctx.print(&team, |m| {
                vec![
                    m.name.clone(),
                    m.role.clone(),
                    yes(m.paid),
                    maybe(&m.hours_a_week),
                    match m.post_cost_pence {
                        Some(p) => format!("{} (£{} a year)", m.post, format_money(p)),
                        None => m.post.clone(),
                    },
                    m.dbs_checked.map(shown).unwrap_or_default(),
                    m.dbs_renewal.map(shown).unwrap_or_default(),
                    yes(m.safeguarding_lead),
                    m.left_date.map(shown).unwrap_or_default(),
                ]
            });
        }
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct SafeguardingFields {
    /// Concerns raised.
    #[arg(long)]
    concerns: Option<String>,
    /// Referrals made to children's social care.
    #[arg(long)]
    referrals: Option<String>,
    /// Incidents.
    #[arg(long)]
    incidents: Option<String>,
    /// Allegations against staff or volunteers.
    #[arg(long)]
    allegations: Option<String>,
    /// When the safeguarding policy was last reviewed.
    #[arg(long)]
    policy_reviewed: Option<String>,
}

#[derive(Subcommand)]
pub enum SafeguardingCommand {
    /// Record a period's figures (counts and a date, never a name or a case).
    Set {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id, as `evident periods` lists it.
        #[arg(long, value_name = "ID")]
        period: String,
        #[command(flatten)]
        fields: SafeguardingFields,
    },
    /// Show a period's figures.
    Show {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
    },
}

pub fn safeguarding(ctx: &mut Context, command: SafeguardingCommand) -> Result<()> {
    let (agreement, period, fields) = match command {
        SafeguardingCommand::Set {
            agreement,
            period,
            fields,
        } => (agreement, period, Some(fields)),
        SafeguardingCommand::Show { agreement, period } => (agreement, period, None),
    };
    let figures = match fields {
        Some(f) => Some(form::<SafeguardingForm>(&f).save(&mut ctx.store, &agreement, &period)?),
        None => ctx.store.safeguarding(&agreement, &period)?,
    };
    match figures {
        None => out!("no safeguarding figures recorded for {agreement} {period}"),
        Some(f) => {
            out!("concerns raised\t{}", f.concerns);
            out!("referrals to children's social care\t{}", f.referrals);
            out!("incidents\t{}", f.incidents);
            out!("allegations against staff or volunteers\t{}", f.allegations);
            out!(
                "safeguarding policy last reviewed\t{}",
                f.policy_reviewed
                    .map(shown)
                    .unwrap_or_else(|| "not recorded".into())
            );
        }
    }
    Ok(())
}
