//! Funders, programmes and agreements: add, edit, show, list, archive.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::{AgreementForm, FunderForm, ProgrammeForm};
use evident::parse::format_money;
use evident::store::Archivable;
use evident::Result;

use super::print::{archive, form, ArchiveArgs};
use super::Context;

#[derive(Args, Serialize)]
pub struct FunderFields {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// Who to contact there.
    #[arg(long)]
    contact: Option<String>,
}

#[derive(Subcommand)]
pub enum FunderCommand {
    /// Add a funder.
    Add(FunderFields),
    /// Change a funder.
    Edit {
        /// The funder's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: FunderFields,
    },
    /// List the funders: name, contact.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive a funder (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn funder(ctx: &mut Context, command: FunderCommand) -> Result<()> {
    match command {
        FunderCommand::Add(f) => {
            let funder = form::<FunderForm>(&f).add_to(&mut ctx.store)?;
            out!("added funder {}", funder.name);
        }
        FunderCommand::Edit { key, fields } => {
            let funder = form::<FunderForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved funder {}", funder.name);
        }
        FunderCommand::List { all } => {
            let funders = ctx.store.funders(all)?;
            ctx.print(&funders, |f| vec![f.name.clone(), f.contact.clone()]);
        }
        FunderCommand::Archive(a) => archive(ctx, Archivable::Funder, a)?,
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct ProgrammeFields {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// What it is.
    #[arg(long)]
    description: Option<String>,
}

#[derive(Subcommand)]
pub enum ProgrammeCommand {
    /// Add a programme.
    Add(ProgrammeFields),
    /// Change a programme.
    Edit {
        /// The programme's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: ProgrammeFields,
    },
    /// List the programmes: name, description.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive a programme (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn programme(ctx: &mut Context, command: ProgrammeCommand) -> Result<()> {
    match command {
        ProgrammeCommand::Add(f) => {
            let programme = form::<ProgrammeForm>(&f).add_to(&mut ctx.store)?;
            out!("added programme {}", programme.name);
        }
        ProgrammeCommand::Edit { key, fields } => {
            let programme = form::<ProgrammeForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved programme {}", programme.name);
        }
        ProgrammeCommand::List { all } => {
            let programmes = ctx.store.programmes(all)?;
            ctx.print(&programmes, |p| vec![p.name.clone(), p.description.clone()]);
        }
        ProgrammeCommand::Archive(a) => archive(ctx, Archivable::Programme, a)?,
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct AgreementFields {
    /// The funder's reference for it.
    #[arg(long)]
    reference: Option<String>,
    /// The funder's name (a new funder is added).
    #[arg(long)]
    funder: Option<String>,
    /// Its title.
    #[arg(long)]
    title: Option<String>,
    /// contract, grant or service-level agreement (default grant).
    #[arg(long)]
    kind: Option<String>,
    /// First day covered (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long = "start", value_name = "DATE")]
    start_date: Option<String>,
    /// Last day covered.
    #[arg(long = "end", value_name = "DATE")]
    end_date: Option<String>,
    /// Its value in pounds.
    #[arg(long)]
    value: Option<String>,
    /// monthly, quarterly, six-monthly or annual (default quarterly).
    #[arg(long)]
    frequency: Option<String>,
    /// Days after a period ends that the return is due (default 30).
    #[arg(long)]
    due_days: Option<String>,
    /// The programmes it pays for, `;`-separated (new ones are added).
    #[arg(long)]
    programmes: Option<String>,
    /// The narrative headings, `;`-separated (default: Successes; Challenges; Learning; Next steps).
    #[arg(long)]
    headings: Option<String>,
    /// The cost headings its finance is kept under, `;`-separated (default:
    /// Staffing; Premises; Activities and materials; Volunteer expenses;
    /// Management and overheads; Other).
    #[arg(long)]
    cost_headings: Option<String>,
    /// A short summary of the project, for the Cover (up to 100 words).
    #[arg(long)]
    summary: Option<String>,
    /// Whether the funder asks for participant-level rows: yes or no (default no).
    #[arg(long)]
    participant_rows: Option<String>,
}

#[derive(Subcommand)]
pub enum AgreementCommand {
    /// Add an agreement.
    Add(AgreementFields),
    /// Change an agreement.
    Edit {
        /// The agreement's current reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
        #[command(flatten)]
        fields: AgreementFields,
    },
    /// Show an agreement.
    Show {
        /// The agreement's reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
    },
    /// List the agreements: reference, title, start, end, frequency.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive an agreement (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn agreement(ctx: &mut Context, command: AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Add(f) => {
            let a = form::<AgreementForm>(&f).add_to(&mut ctx.store)?;
            out!("added agreement {}", a.reference);
        }
        AgreementCommand::Edit { key, fields } => {
            let a = form::<AgreementForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved agreement {}", a.reference);
        }
        AgreementCommand::Show { key } => {
            let a = ctx.store.agreement(&key)?;
            if !ctx.json(&a) {
                out!("reference: {}", a.reference);
                out!("funder: {}", a.funder);
                out!("title: {}", a.title);
                out!("kind: {}", a.kind);
                out!("start: {}", a.start_date);
                out!("end: {}", a.end_date);
                out!(
                    "value: {}",
                    a.value_pence
                        .map(|p| format!("£{}", format_money(p)))
                        .unwrap_or_default()
                );
                out!("frequency: {}", a.frequency);
                out!("return due: {} days after each period", a.due_days);
                out!("programmes: {}", a.programmes.join("; "));
                let headings: Vec<&str> = a.headings.iter().map(|h| h.heading.as_str()).collect();
                out!("narrative headings: {}", headings.join("; "));
                out!("cost headings: {}", a.cost_headings.join("; "));
                out!("summary: {}", a.summary);
                out!(
                    "participant rows: {}",
                    super::print::yes(a.participant_rows)
                );
                out!("archived: {}", super::print::yes(a.archived));
            }
        }
        AgreementCommand::List { all } => list_agreements(ctx, all)?,
        AgreementCommand::Archive(a) => archive(ctx, Archivable::Agreement, a)?,
    }
    Ok(())
}

/// `agreements` and `agreement list`: reference, title, start, end, frequency.
pub fn list_agreements(ctx: &Context, all: bool) -> Result<()> {
    let agreements = ctx.store.agreements(all)?;
    ctx.print(&agreements, |a| {
        vec![
            a.reference.clone(),
            a.title.clone(),
            a.start_date.to_string(),
            a.end_date.to_string(),
            a.frequency.to_string(),
        ]
    });
    Ok(())
}
