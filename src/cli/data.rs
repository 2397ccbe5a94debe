//! The data as a whole: the demo, framework workbooks, imports, backups,
//! restore and the integrity check.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use chrono::NaiveDateTime;
use evident::error::count;
use evident::{demo, framework, import, Result, Store};

use super::print::print_json;
use super::Context;

/// How much demo data to make.
#[derive(Clone, Copy, ValueEnum)]
enum DemoSize {
    /// About 60 participants over one year: for trying Evident and for tests.
    Small,
    /// About 2,000 participants over five years: for benchmarks.
    Large,
    /// About 20,000 participants over ten years: for benchmarks.
    Huge,
}

#[derive(Args)]
pub struct DemoArgs {
    /// How much data.
    #[arg(long, value_enum, default_value = "small")]
    size: DemoSize,
    /// The day the demo is made on (default today): its records run to the
    /// end of the month before, the same day giving the same demo.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

pub fn demo(ctx: &mut Context, args: DemoArgs, path: &Path) -> Result<()> {
    let size = match args.size {
        DemoSize::Small => demo::Size::Small,
        DemoSize::Large => demo::Size::Large,
        DemoSize::Huge => demo::Size::Huge,
    };
    let today = match &args.today {
        Some(day) => evident::parse::date("today", day)?,
        None => ctx.now.date(),
    };
    let summary = demo::fill(&mut ctx.store, size, today)?;
    out!(
        "demo data written to {}: {}, {}, {}, {}",
        path.display(),
        count(summary.participants, "participant"),
        count(summary.sessions, "session"),
        count(summary.attendances, "attendance"),
        count(summary.assessments, "assessment")
    );
    Ok(())
}

#[derive(Subcommand)]
pub enum FrameworkCommand {
    /// Write the framework workbook described by a readable source file.
    Build {
        /// The source (.toml), such as those in assets/frameworks/.
        source: PathBuf,
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List the example frameworks that ship with Evident: name, funder,
    /// title, frequency, measures (set one up with `import example NAME`).
    Examples,
}

pub fn framework(command: FrameworkCommand) -> Result<()> {
    match command {
        FrameworkCommand::Build { source, out } => {
            framework::build(&source, &out)?;
            out!("wrote {}", out.display());
        }
        FrameworkCommand::Examples => {
            for e in framework::examples()? {
                out!(
                    "{}\t{}\t{}\t{}\t{}",
                    e.name,
                    e.funder,
                    e.title,
                    e.frequency,
                    e.measures
                );
            }
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A framework workbook: the agreement, its measures, targets, indicators and headings.
    Framework(ImportArgs),
    /// One of the example frameworks that ship with Evident, by name (see
    /// `framework examples`).
    Example {
        /// The example's name.
        name: String,
        /// Say what it would set up, without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Participants (code, known_as, date_of_birth, gender, …).
    Participants(ImportArgs),
    /// Sessions (session_ref, programme, date, duration_minutes, …).
    Sessions(ImportArgs),
    /// Attendance (session_ref, participant_code).
    Attendance(ImportArgs),
    /// Assessments (participant_code, indicator, date, score, stage).
    Assessments(ImportArgs),
    /// The outcome log (participant_code, date, outcome, programme, note, source).
    OutcomeLog(ImportArgs),
    /// A register kept as a grid: one row per child, one column per
    /// session date, a mark where the child came (every sheet of a workbook).
    Register(RegisterArgs),
}

#[derive(Args)]
pub struct RegisterArgs {
    /// The grid: CSV (UTF-8) or a workbook (.xlsx, .ods).
    file: PathBuf,
    /// The programme the sessions belong to.
    #[arg(long)]
    programme: String,
    /// Read only this sheet of a workbook.
    #[arg(long)]
    sheet: Option<String>,
    /// New sessions' start time (HH:MM); else the programme's latest session's.
    #[arg(long)]
    start_time: Option<String>,
    /// New sessions' length in minutes; else the programme's latest session's.
    #[arg(long)]
    duration_minutes: Option<String>,
    /// List the children, sessions and marks it would add, and every
    /// problem, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The file: CSV (UTF-8) or a workbook (.xlsx); a header row, then one row per record.
    file: PathBuf,
    /// List every problem and what would be added or changed, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

pub fn import(ctx: &mut Context, command: ImportCommand) -> Result<()> {
    let (kind, args) = match command {
        ImportCommand::Framework(args) => {
            let report = framework::import(&mut ctx.store, &args.file, args.dry_run)?;
            if !ctx.json(&report) {
                out!("{}: {}", verb(report.written), report.summary());
            }
            return Ok(());
        }
        ImportCommand::Example { name, dry_run } => {
            let report = framework::import_example(&mut ctx.store, &name, dry_run)?;
            if !ctx.json(&report) {
                out!("{}: {}", verb(report.written), report.summary());
            }
            return Ok(());
        }
        ImportCommand::Participants(a) => (import::Kind::Participants, a),
        ImportCommand::Sessions(a) => (import::Kind::Sessions, a),
        ImportCommand::Attendance(a) => (import::Kind::Attendance, a),
        ImportCommand::Assessments(a) => (import::Kind::Assessments, a),
        ImportCommand::OutcomeLog(a) => (import::Kind::OutcomeLog, a),
        ImportCommand::Register(a) => {
            let options = import::GridOptions {
                programme: a.programme,
                sheet: a.sheet,
                start_time: a.start_time,
                duration_minutes: a.duration_minutes,
            };
            let report = import::import_register(
                &mut ctx.store,
                &a.file,
                &options,
                a.dry_run,
                ctx.now.date(),
            )?;
            if !ctx.json(&report) {
                for child in &report.new_children {
                    out!("new child: {child}");
                }
                for warning in &report.warnings {
                    out!("warning: {warning}");
                }
                out!("{}: {}", verb(report.written), report.summary());
            }
            return Ok(());
        }
    };
    let report = import::run(
        &mut ctx.store,
        kind,
        &args.file,
        args.dry_run,
        ctx.now.date(),
    )?;
    if !ctx.json(&report) {
        for note in report.notes() {
            out!("{note}");
        }
        out!("{}: {}", verb(report.written), report.summary());
    }
    Ok(())
}

fn verb(written: bool) -> &'static str {
    if written {
        "imported"
    } else {
        "dry run, nothing written"
    }
}

pub fn backup(ctx: &Context, out: Option<PathBuf>, replace: bool) -> Result<()> {
    let written = match out {
        Some(out) => ctx.store.backup_to(&out, replace)?,
        None => ctx
            .store
            .backup_into_rotation(ctx.now, evident::store::BackupReason::Manual)?,
    };
    out!("backup written to {}", written.display());
    Ok(())
}

pub fn restore(
    path: &Path,
    file: &Path,
    other_organisation: bool,
    now: NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<()> {
    // With no records here yet, this brings them from another computer.
    let first = !path.exists();
    let store = match Store::restore_at(path, file, now, other_organisation, passphrase) {
        Err(evident::Error::Locked { wrong: false, .. }) if first => {
            let typed = super::lock::ask_if_someone_is_there("Passphrase for the file: ")?;
            Store::restore_at(path, file, now, other_organisation, Some(&typed))?
        }
        other => other?,
    };
    let org = store.organisation()?.name;
    if first {
        out!(
            "brought {org}'s records from {} to {}",
            file.display(),
            path.display()
        );
    } else {
        out!(
            "restored {} from {} ({org}); the database as it was is in backups/",
            path.display(),
            file.display()
        );
    }
    Ok(())
}

pub fn restore_newest(path: &Path, now: NaiveDateTime, passphrase: Option<&str>) -> Result<()> {
    let (store, backup) = Store::restore_newest_at(path, now, passphrase)?;
    let org = store.organisation()?.name;
    out!(
        "restored {} from its newest good backup, {} ({org}); the database as it was is in backups/",
        path.display(),
        backup.display()
    );
    Ok(())
}

pub fn integrity(ctx: &Context, path: &Path) -> Result<()> {
    if let Err(e) = ctx.store.check_integrity() {
        if let evident::Error::Damaged { problems } = &e {
            if ctx.json {
                print_json(problems);
            }
            for p in problems {
                out!("{p}");
            }
        }
        return Err(e);
    }
    out!(
        "ok: {} passed SQLite's integrity and foreign-key checks",
        path.display()
    );
    Ok(())
}

pub fn history(ctx: &Context, record: Option<&str>, limit: usize) -> Result<()> {
    let changes = ctx.store.changes(record, limit)?;
    if !ctx.json(&changes) {
        for c in &changes {
            out!("{}\t{}\t{}", c.id, c.at, c.summary());
        }
    }
    Ok(())
}

pub fn undo(ctx: &mut Context, change: i64) -> Result<()> {
    let undone = ctx.store.undo(change)?;
    out!("undone: {}", undone.summary());
    Ok(())
}
