//! Parses the command line and runs one command against the store. Errors go
//! to stderr with a non-zero exit; listings go to stdout, one record a line,
//! fields separated by tabs, or as JSON with `--json`.

/// Prints a line to stdout; a closed pipe (`evident … | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod records;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDateTime};
use clap::{Parser, Subcommand};
use serde::Serialize;

use evident::demo::{self, Size};
use evident::measures::{Records, Span, Workbench};
use evident::records::Attachment;
use evident::records::Organisation;
use evident::store::BackupReason;
use evident::{checks, framework, import, pack, periods, submission, Error, Result, Store};

/// Evident: outcomes evidence and funders' returns, kept on this computer.
#[derive(Parser)]
#[command(name = "evident", version, about, max_term_width = 100)]
struct Cli {
    /// The database file (default: evident.db in this computer's data folder).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Print records as JSON instead of lines.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Set up a new database for an organisation.
    Init {
        /// The organisation's name.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// The month the financial year starts, 1–12 (default 4, April).
        #[arg(long, value_name = "MONTH", default_value_t = 4)]
        fy_start: u32,
    },
    /// Fill a new database with a demo organisation.
    Demo {
        /// How much data: small (60 people, a year), large or huge (for benchmarks).
        #[arg(long, value_enum, default_value = "small")]
        size: Size,
    },
    /// List the agreements: reference, title, start, end, frequency.
    Agreements {
        /// Include archived agreements.
        #[arg(long)]
        all: bool,
    },
    /// List an agreement's reporting periods: id, start, end, due date.
    Periods {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
    /// Compute an agreement's measures for a period: code, measure, question,
    /// baseline, target, this period, year to date, variance, status.
    Measures {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id, as `evident periods` lists it.
        #[arg(long, value_name = "ID")]
        period: String,
        /// List the records behind one measure's number instead.
        #[arg(long, value_name = "CODE")]
        explain: Option<String>,
        /// With --explain: the year to date rather than the period.
        #[arg(long, requires = "explain")]
        ytd: bool,
    },
    /// Run the readiness checks for a period's return.
    Check {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
    },
    /// Who was reached and what changed in a period: demographics (small
    /// numbers suppressed), outcomes, and activity by month.
    Breakdown {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
        /// The year to date rather than the period.
        #[arg(long)]
        ytd: bool,
    },
    /// Write a period's returns pack: FILE.zip (workbook, evidence, manifest)
    /// or FILE.xlsx (the workbook alone); a folder gets the usual name.
    /// `export framework` writes an agreement's framework workbook instead.
    #[command(args_conflicts_with_subcommands = true)]
    Export {
        #[command(subcommand)]
        framework: Option<ExportCommand>,
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: Option<String>,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: Option<String>,
        /// Where to write it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The name on the cover.
        #[arg(long, value_name = "NAME", default_value = "")]
        prepared_by: String,
    },
    /// Framework workbooks: build one from its readable source (TOML).
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Attach an evidence file (photo, sign-in sheet, letter) to a session,
    /// a story, or an agreement's period; it is copied into the data folder.
    Attach {
        /// The file.
        file: PathBuf,
        /// The session's reference.
        #[arg(long, value_name = "REF", conflicts_with_all = ["story", "agreement"])]
        session: Option<String>,
        /// The story's number.
        #[arg(long, value_name = "ID", conflicts_with = "agreement")]
        story: Option<i64>,
        /// The agreement's reference (with --period).
        #[arg(long, value_name = "REF", requires = "period")]
        agreement: Option<String>,
        /// The period id (with --agreement).
        #[arg(long, value_name = "ID", requires = "agreement")]
        period: Option<String>,
    },
    /// Evidence files: list, delete.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Mark a period submitted with the pack that was sent: its values are kept as sent.
    Submit {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
        /// The pack that was sent.
        #[arg(long, value_name = "FILE")]
        pack: PathBuf,
    },
    /// List the submitted figures of a period that differ now: code, field, as sent, now.
    Changes {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
    },
    /// Import records from a spreadsheet, or a funder's framework workbook.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a backup: to FILE, or into backups/ beside the database.
    Backup {
        /// Where to write it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup (the current one is backed up first).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Check the database file for damage.
    Integrity,
    /// Show or change the organisation's details.
    #[command(subcommand)]
    Org(records::OrgCommand),
    /// Show or edit a reference list (ethnicity, gender, priority_group, source).
    #[command(subcommand)]
    List(records::ListCommand),
    /// Funders: add, edit, list, archive.
    #[command(subcommand)]
    Funder(records::FunderCommand),
    /// Programmes: add, edit, list, archive.
    #[command(subcommand)]
    Programme(records::ProgrammeCommand),
    /// Agreements: add, edit, show, archive.
    #[command(subcommand)]
    Agreement(records::AgreementCommand),
    /// Participants: add, edit, show, list, archive.
    #[command(subcommand)]
    Participant(records::ParticipantCommand),
    /// Sessions and their registers: add, edit, show, list, delete.
    #[command(subcommand)]
    Session(records::SessionCommand),
    /// Indicators (outcome scales): add, edit, list, archive.
    #[command(subcommand)]
    Indicator(records::IndicatorCommand),
    /// Assessments (scores on an indicator): add, edit, list, delete.
    #[command(subcommand)]
    Assessment(records::AssessmentCommand),
    /// Outcomes the organisation works towards: add, edit, list, archive.
    #[command(subcommand)]
    Outcome(records::OutcomeCommand),
    /// The outcome log of changes seen: add, edit, list, delete.
    #[command(subcommand)]
    Log(records::LogCommand),
    /// Stories (case studies): add, edit, show, list, delete.
    #[command(subcommand)]
    Story(records::StoryCommand),
    /// An agreement's measures and targets: add, edit, list, delete, target.
    #[command(subcommand)]
    Measure(records::MeasureCommand),
    /// Typed values of manual measures: set, list.
    #[command(subcommand)]
    Manual(records::ManualCommand),
    /// A period's narrative: show, set, curve.
    #[command(subcommand)]
    Narrative(records::NarrativeCommand),
    /// A period's budget and spend: set, list.
    #[command(subcommand)]
    Finance(records::FinanceCommand),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// An agreement's framework workbook: its measures, targets, indicators
    /// and headings, laid out for another provider to import.
    Framework {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum FrameworkCommand {
    /// Write the framework workbook described by a readable source file.
    Build {
        /// The source (.toml), such as those in assets/frameworks/.
        source: PathBuf,
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A framework workbook: the agreement, its measures, targets, indicators and headings.
    Framework {
        /// The workbook (.xlsx).
        file: PathBuf,
        /// List what is wrong, or what would change, without writing anything.
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
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The file: CSV (UTF-8) or a workbook (.xlsx); a header row, then one row per record.
    file: PathBuf,
    /// List every problem and what would be added or changed, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// List evidence files: number, file, attached to, SHA-256.
    List,
    /// Delete an evidence file's record.
    Delete {
        /// The evidence file's number.
        id: i64,
    },
}

/// Runs the command line and turns any error into a message and exit code 1.
pub fn main() -> ExitCode {
    // EVIDENT_LOG=info shows what Evident does on its own (backups, upgrades).
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("EVIDENT_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .without_time()
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What a command needs from around it: the store, the clock, the output form.
pub struct Context {
    store: Store,
    now: NaiveDateTime,
    json: bool,
}

impl Context {
    /// Prints records as JSON, or each as one tab-separated line.
    fn print<T: Serialize>(&self, records: &[T], line: impl Fn(&T) -> Vec<String>) -> Result<()> {
        if self.json {
            out!(
                "{}",
                serde_json::to_string_pretty(records)
                    .map_err(|e| Error::invalid("json", e.to_string()))?
            );
        } else {
            for r in records {
                out!("{}", line(r).join("\t"));
            }
        }
        Ok(())
    }

    /// Prints records as JSON whatever the output form.
    fn print_json<T: Serialize>(&self, records: &T) -> Result<()> {
        out!(
            "{}",
            serde_json::to_string_pretty(records)
                .map_err(|e| Error::invalid("json", e.to_string()))?
        );
        Ok(())
    }

    /// Prints one record as JSON, or as `field: value` lines.
    fn show<T: Serialize>(&self, record: &T) -> Result<()> {
        let value =
            serde_json::to_value(record).map_err(|e| Error::invalid("json", e.to_string()))?;
        if self.json {
            out!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        } else if let serde_json::Value::Object(fields) = value {
            for (k, v) in fields {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                out!("{k}: {text}");
            }
        }
        Ok(())
    }
}

fn run(cli: Cli) -> Result<()> {
    let now = Local::now().naive_local();
    if let Command::Framework(FrameworkCommand::Build { source, out }) = &cli.command {
        // Needs no database.
        let text =
            std::fs::read_to_string(source).map_err(|e| Error::io("could not read", source, e))?;
        let workbook = framework::Framework::from_toml(&text)?.to_xlsx()?;
        pack::write_atomically(out, &workbook)?;
        out!("wrote {}", out.display());
        return Ok(());
    }
    let path = match cli.db {
        Some(path) => path,
        None => Store::default_path().ok_or_else(|| {
            Error::invalid(
                "db",
                "this computer has no data folder Evident can find; give --db FILE",
            )
        })?,
    };
    let store = Store::open(&path, now)?;
    let mut ctx = Context {
        store,
        now,
        json: cli.json,
    };
    match cli.command {
        Command::Init { org, fy_start } => {
            ctx.store.init_organisation(&Organisation {
                name: org,
                fy_start_month: fy_start,
                ..Organisation::default()
            })?;
            out!("set up {}", path.display());
            Ok(())
        }
        Command::Demo { size } => {
            let summary = demo::fill(&mut ctx.store, size)?;
            out!(
                "demo data written to {}: {} participants, {} sessions, {} attendances, {} assessments",
                path.display(),
                summary.participants,
                summary.sessions,
                summary.attendances,
                summary.assessments
            );
            Ok(())
        }
        Command::Agreements { all } => {
            ctx.store.organisation()?;
            let agreements = ctx.store.agreements(all)?;
            ctx.print(&agreements, |a| {
                vec![
                    a.reference.clone(),
                    a.title.clone(),
                    a.start_date.to_string(),
                    a.end_date.to_string(),
                    a.frequency.to_string(),
                ]
            })
        }
        Command::Periods { agreement } => {
            let fy = ctx.store.organisation()?.fy_start_month;
            let agreement = ctx.store.agreement(&agreement)?;
            let periods = periods::for_agreement(&agreement, fy);
            ctx.print(&periods, |p| {
                vec![
                    p.id.clone(),
                    p.start.to_string(),
                    p.end.to_string(),
                    p.due.to_string(),
                ]
            })
        }
        Command::Measures {
            agreement,
            period,
            explain,
            ytd,
        } => {
            let bench = Workbench::load(&ctx.store, &agreement, &period)?;
            match explain {
                Some(code) => {
                    let drill = bench.explain(
                        &code,
                        if ytd {
                            Span::YearToDate
                        } else {
                            Span::ThisPeriod
                        },
                    )?;
                    if ctx.json {
                        return ctx.show(&drill);
                    }
                    out!(
                        "{} from {} to {}: {}",
                        drill.code,
                        drill.range.start,
                        drill.range.end,
                        number(drill.value)
                    );
                    print_records("counted", &drill.counted);
                    if let Some(out_of) = &drill.out_of {
                        print_records("out of", out_of);
                    }
                    Ok(())
                }
                None => {
                    let report = bench.report();
                    if ctx.json {
                        return ctx.print_json(&report.rows);
                    }
                    out!("code\tmeasure\tquestion\tbaseline\ttarget\tthis period\tyear to date\tvariance\tstatus");
                    ctx.print(&report.rows, |r| {
                        vec![
                            r.code.clone(),
                            r.measure.clone(),
                            r.question.to_string(),
                            number(r.baseline),
                            number(r.target),
                            number(r.this_period),
                            number(r.year_to_date),
                            number(r.variance),
                            r.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
                        ]
                    })
                }
            }
        }
        Command::Check { agreement, period } => {
            let bench = Workbench::load(&ctx.store, &agreement, &period)?;
            let checks = checks::readiness(&ctx.store, &bench, now.date())?;
            if ctx.json {
                return ctx.print_json(&checks);
            }
            for c in &checks {
                if c.passed() {
                    out!("ok\t{}", c.title);
                } else {
                    out!(
                        "{}\t{} ({}): {}\t{}",
                        match c.severity {
                            checks::Severity::Warning => "warning",
                            checks::Severity::Info => "info",
                        },
                        c.title,
                        c.records.len(),
                        c.records.join(", "),
                        c.advice
                    );
                }
            }
            Ok(())
        }
        Command::Breakdown {
            agreement,
            period,
            ytd,
        } => {
            let bench = Workbench::load(&ctx.store, &agreement, &period)?;
            let b = bench.breakdowns(if ytd {
                Span::YearToDate
            } else {
                Span::ThisPeriod
            });
            if ctx.json {
                return ctx.show(&b);
            }
            out!("Participants: {}", b.total);
            for d in &b.demographics {
                out!("\n{}", d.name);
                for c in &d.categories {
                    out!(
                        "{}\t{}\t{}",
                        c.label,
                        c.shown,
                        c.percent.map(|p| format!("{p:.0}%")).unwrap_or_default()
                    );
                }
            }
            out!("\nIndicator\tassessed\timproved\t% improved\tmean change");
            for i in &b.indicators {
                out!(
                    "{}\t{}\t{}\t{}\t{}",
                    i.indicator,
                    i.assessed,
                    i.improved,
                    number(i.percent_improved),
                    number(i.mean_change)
                );
            }
            out!("\nOutcome\tparticipants\tentries\tby source");
            for o in &b.outcomes {
                let sources: Vec<String> = o
                    .by_source
                    .iter()
                    .map(|(s, n)| format!("{s} {n}"))
                    .collect();
                out!(
                    "{}\t{}\t{}\t{}",
                    o.outcome,
                    o.participants,
                    o.entries,
                    sources.join(", ")
                );
            }
            out!("\nMonth\tsessions\tattendances\tparticipants");
            for m in &b.months {
                out!(
                    "{}\t{}\t{}\t{}",
                    m.month,
                    m.sessions,
                    m.attendances,
                    m.participants
                );
            }
            Ok(())
        }
        Command::Export {
            framework: Some(ExportCommand::Framework { agreement, out }),
            ..
        } => {
            let workbook = framework::Framework::of_agreement(&ctx.store, &agreement)?.to_xlsx()?;
            pack::write_atomically(&out, &workbook)?;
            out!("wrote {}", out.display());
            Ok(())
        }
        Command::Export { framework: None, agreement, period, out, prepared_by } => {
            let (Some(agreement), Some(period), Some(out)) = (agreement, period, out) else {
                return Err(Error::invalid(
                    "export",
                    "say what to export: --agreement REF --period ID --out FILE.zip, or `export framework --agreement REF --out FILE.xlsx`",
                ));
            };
            let written = pack::export(&ctx.store, &agreement, &period, &out, &pack::Options { prepared_by, now })?;
            if ctx.json {
                return ctx.show(&written);
            }
            out!("wrote {} ({} evidence files)", written.path.display(), written.evidence_files);
            out!("sha256 {}", written.sha256);
            if written.warnings > 0 {
                out!("{} readiness checks need attention; see the Data quality sheet or `evident check`", written.warnings);
            }
            Ok(())
        }
        Command::Attach { file, session, story, agreement, period } => {
            let to = match (session, story, agreement, period) {
                (Some(session), None, None, None) => Attachment::Session { session },
                (None, Some(story), None, None) => Attachment::Story { story },
                (None, None, Some(agreement), Some(period)) => Attachment::Period { agreement, period },
                _ => {
                    return Err(Error::invalid(
                        "attach",
                        "say what the file belongs to: --session REF, --story ID, or --agreement REF --period ID",
                    ))
                }
            };
            let saved = evident::evidence::attach(&mut ctx.store, &file, to, now)?;
            out!("{}\t{}\t{}", saved.id, saved.file_name, saved.sha256);
            Ok(())
        }
        Command::Evidence(EvidenceCommand::List) => {
            let files = ctx.store.evidence_files()?;
            ctx.print(&files, |e| {
                let to = match &e.attached_to {
                    Attachment::Session { session } => format!("session {session}"),
                    Attachment::Story { story } => format!("story {story}"),
                    Attachment::Period { agreement, period } => format!("{agreement} {period}"),
                };
                vec![e.id.to_string(), e.file_name.clone(), to, e.sha256.clone()]
            })
        }
        Command::Evidence(EvidenceCommand::Delete { id }) => {
            ctx.store.delete_evidence_file(id)?;
            out!("deleted evidence file {id}");
            Ok(())
        }
        Command::Submit { agreement, period, pack } => {
            let saved = submission::submit(&mut ctx.store, &agreement, &period, &pack, now)?;
            out!("{} {} marked submitted at {}; pack sha256 {}", saved.agreement, saved.period, saved.submitted_at.format("%Y-%m-%d %H:%M"), saved.pack_sha256);
            Ok(())
        }
        Command::Changes { agreement, period } => match submission::changes(&ctx.store, &agreement, &period)? {
            None => Err(Error::invalid(
                "period",
                format!("{period} of {agreement} has not been submitted; mark it with `evident submit` once it is sent"),
            )),
            Some(changes) if ctx.json => ctx.print_json(&changes),
            Some(changes) if changes.is_empty() => {
                out!("no submitted figure of {period} has changed");
                Ok(())
            }
            Some(changes) => ctx.print(&changes, |c| {
                vec![c.code.clone(), c.field.to_string(), number(c.sent), number(c.now), c.measure.clone()]
            }),
        },
        Command::Framework(_) => unreachable!("built before the database is opened"),
        Command::Import(command) => {
            let (kind, args) = match command {
                ImportCommand::Framework { file, dry_run } => {
                    let report = framework::import(&mut ctx.store, &file, dry_run)?;
                    return print_import(&ctx, &report.summary(), &report.problems, &[], report.written, dry_run, &report);
                }
                ImportCommand::Participants(a) => (import::Kind::Participants, a),
                ImportCommand::Sessions(a) => (import::Kind::Sessions, a),
                ImportCommand::Attendance(a) => (import::Kind::Attendance, a),
                ImportCommand::Assessments(a) => (import::Kind::Assessments, a),
                ImportCommand::OutcomeLog(a) => (import::Kind::OutcomeLog, a),
            };
            let report = import::run(&mut ctx.store, kind, &args.file, args.dry_run, now.date())?;
            let summary = format!(
                "{} rows: {} to add, {} to change, {} already there",
                report.rows, report.added, report.updated, report.unchanged
            );
            let mut notes: Vec<String> =
                report.list_additions.iter().map(|(list, v)| format!("new to the {list} list: {v:?}")).collect();
            if !report.ignored_columns.is_empty() {
                notes.push(format!("columns left out (not known): {}", report.ignored_columns.join(", ")));
            }
            print_import(&ctx, &summary, &report.problems, &notes, report.written, args.dry_run, &report)
        }
        Command::Backup { out } => {
            let written = match out {
                Some(out) => ctx.store.backup_to(&out)?,
                None => ctx.store.backup_into_rotation(now, BackupReason::Manual)?,
            };
            out!("backup written to {}", written.display());
            Ok(())
        }
        Command::Restore { file } => restore(ctx, &file, &path),
        Command::Integrity => {
            let integrity = ctx.store.integrity()?;
            if integrity.ok {
                out!(
                    "ok: {} passed SQLite's integrity and foreign-key checks",
                    path.display()
                );
                Ok(())
            } else {
                for problem in &integrity.problems {
                    out!("{problem}");
                }
                Err(Error::invalid(
                    "database",
                    format!(
                        "{} problem(s) found; restore the latest backup with `evident restore FILE` (see backups/ beside the database)",
                        integrity.problems.len()
                    ),
                ))
            }
        }
        Command::Org(c) => records::org(&mut ctx, c),
        Command::List(c) => records::list(&mut ctx, c),
        Command::Funder(c) => records::funder(&mut ctx, c),
        Command::Programme(c) => records::programme(&mut ctx, c),
        Command::Agreement(c) => records::agreement(&mut ctx, c),
        Command::Participant(c) => records::participant(&mut ctx, c),
        Command::Session(c) => records::session(&mut ctx, c),
        Command::Indicator(c) => records::indicator(&mut ctx, c),
        Command::Assessment(c) => records::assessment(&mut ctx, c),
        Command::Outcome(c) => records::outcome(&mut ctx, c),
        Command::Log(c) => records::log(&mut ctx, c),
        Command::Story(c) => records::story(&mut ctx, c),
        Command::Measure(c) => records::measure(&mut ctx, c),
        Command::Manual(c) => records::manual(&mut ctx, c),
        Command::Narrative(c) => records::narrative(&mut ctx, c),
        Command::Finance(c) => records::finance(&mut ctx, c),
    }
}

/// Prints an import's outcome; a file with problems is an error (exit 1).
fn print_import<T: Serialize>(
    ctx: &Context,
    summary: &str,
    problems: &[import::Problem],
    notes: &[String],
    written: bool,
    dry_run: bool,
    report: &T,
) -> Result<()> {
    if ctx.json {
        ctx.print_json(report)?;
    } else {
        for p in problems {
            eprintln!("{p}");
        }
        for n in notes {
            out!("{n}");
        }
        let verb = if written {
            "imported"
        } else if dry_run && problems.is_empty() {
            "dry run, nothing written"
        } else {
            "nothing written"
        };
        out!("{verb}: {summary}");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(
            "file",
            format!(
                "{} problem(s) found, so nothing was written; fix them and import the file again",
                problems.len()
            ),
        ))
    }
}

/// A value as listings show it: up to two decimals, `n/a` when there is none.
fn number(value: Option<f64>) -> String {
    match value {
        None => "n/a".to_string(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}").trim_end_matches('0').to_string(),
    }
}

fn print_records(label: &str, r: &Records) {
    for (what, list) in [
        ("participants", r.participants.clone()),
        ("sessions", r.sessions.clone()),
        (
            "assessments",
            r.assessments.iter().map(i64::to_string).collect(),
        ),
        (
            "outcome log entries",
            r.log_entries.iter().map(i64::to_string).collect(),
        ),
        ("stories", r.stories.iter().map(i64::to_string).collect()),
    ] {
        if !list.is_empty() {
            out!("{label} {what} ({}): {}", list.len(), list.join(", "));
        }
    }
}

fn restore(ctx: Context, file: &Path, path: &Path) -> Result<()> {
    let now = ctx.now;
    let store = ctx.store.restore(file, now)?;
    let org = store.organisation().map(|o| o.name).unwrap_or_default();
    out!(
        "restored {} from {} ({org}); the database as it was is in backups/",
        path.display(),
        file.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_subcommand_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
