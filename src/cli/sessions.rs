//! Sessions and their registers: add, edit, show, list, delete.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::SessionForm;
use evident::register as registers;
use evident::store::SessionQuery;
use evident::Result;

use super::print::form;
use super::within::Within;
use super::Context;

#[derive(Args, Serialize)]
pub struct SessionFields {
    /// Its reference (generated as S00001… when left out).
    #[arg(long)]
    reference: Option<String>,
    /// The programme's name.
    #[arg(long)]
    programme: Option<String>,
    /// The day it ran.
    #[arg(long)]
    date: Option<String>,
    /// When it started, HH:MM.
    #[arg(long)]
    start_time: Option<String>,
    /// How long it ran, in minutes.
    #[arg(long)]
    duration_minutes: Option<String>,
    /// Where it ran.
    #[arg(long)]
    location: Option<String>,
    /// Codes of those who came, `;` or `,`-separated (replaces the register).
    #[arg(long)]
    attendees: Option<String>,
    /// People who came but were not named.
    #[arg(long)]
    headcount: Option<String>,
    /// Paid staff present.
    #[arg(long)]
    staff: Option<String>,
    /// Volunteers present.
    #[arg(long)]
    volunteers: Option<String>,
    /// Hours the volunteers gave.
    #[arg(long)]
    volunteer_hours: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
    /// Who of the team ran it, by name, separated by ; (staff and volunteer
    /// counts and volunteer hours are then worked out from them).
    #[arg(long)]
    team: Option<String>,
}

#[derive(Subcommand)]
pub enum SessionCommand {
    /// Add a session with its register; prints its reference.
    Add(SessionFields),
    /// Change a session.
    Edit {
        /// The session's reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
        #[command(flatten)]
        fields: SessionFields,
    },
    /// Show a session and its register.
    Show {
        /// The session's reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
    },
    /// List sessions: reference, date, programme, start, minutes, named, headcount.
    List {
        #[command(flatten)]
        within: Within,
    },
    /// Delete a session and its register.
    Delete {
        /// The session's reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
    },
}

pub fn session(ctx: &mut Context, command: SessionCommand) -> Result<()> {
    match command {
        SessionCommand::Add(f) => {
            let s = form::<SessionForm>(&f).add_to(&mut ctx.store, ctx.now.date())?;
            out!("{}", s.reference);
        }
        SessionCommand::Edit { key, fields } => {
            let s = form::<SessionForm>(&fields).edit(&mut ctx.store, &key, ctx.now.date())?;
            out!("saved {}", s.reference);
        }
        SessionCommand::Show { key } => ctx.show(&ctx.store.session(&key)?),
        SessionCommand::List { within } => {
            let query = SessionQuery::from_text(within.programme, within.from, within.to)?;
            let sessions = ctx.store.sessions(&query)?;
            ctx.print(&sessions, |s| {
                vec![
                    s.reference.clone(),
                    s.date.to_string(),
                    s.programme.clone(),
                    s.start_time
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default(),
                    s.duration_minutes.to_string(),
                    s.attendees.len().to_string(),
                    s.headcount.to_string(),
                ]
            });
        }
        SessionCommand::Delete { key } => {
            ctx.store.delete_session(&key)?;
            out!("deleted session {key}");
        }
    }
    Ok(())
}

/// `register`: a programme's register on a day, as the app shows it.
pub fn register(ctx: &Context, programme: &str, date: &str) -> Result<()> {
    let sheet = registers::sheet(&ctx.store, programme, date, ctx.now.date())?;
    if ctx.json(&sheet) {
        return Ok(());
    }
    match &sheet.session {
        Some(s) => out!(
            "# {} {}: session {} (taken)",
            sheet.programme,
            sheet.date,
            s.reference
        ),
        None => out!("# {} {}: not taken yet", sheet.programme, sheet.date),
    }
    ctx.print(&sheet.lines, |l| {
        vec![
            l.code.clone(),
            l.known_as.clone(),
            l.recent_sessions.to_string(),
            if l.ticked { "ticked" } else { "" }.to_string(),
        ]
    });
    Ok(())
}
