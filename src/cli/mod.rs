//! The `evident` command: parses the command line, calls one core function
//! per command and prints what it returns. Errors go to stderr with a
//! non-zero exit; listings go to stdout, one record a line, fields separated
//! by tabs, or as JSON with `--json`. No rule, default or wording of the
//! product lives here: those are the core's, shared with the desktop app.

/// Prints a line to stdout; a closed pipe (`evident … | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod data;
mod desk;
mod form;
mod funding;
mod lock;
mod measures;
mod outcomes;
mod participants;
mod payments;
mod print;
mod privacy;
mod returns;
mod sessions;
mod settings;
mod sync;
mod team;
mod within;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDateTime};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use evident::{Error, Result, Store};

pub use print::Context;

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
    Init(settings::InitArgs),
    /// Fill a new database with a demo organisation.
    Demo(data::DemoArgs),
    /// List the agreements: reference, title, start, end, frequency.
    Agreements {
        /// Include archived agreements.
        #[arg(long)]
        all: bool,
    },
    /// Each agreement's next return: reference, period, due date, days
    /// left, readiness checks that need attention.
    Due,
    /// A programme's register on a day: code, name, sessions in the last
    /// eight weeks, ticked. Those who usually come are listed first.
    Register {
        /// The programme's name.
        #[arg(long, value_name = "NAME")]
        programme: String,
        /// The day (default today).
        #[arg(long, value_name = "DATE", default_value = "")]
        date: String,
    },
    /// List an agreement's reporting periods: id, start, end, due date, and the day its year to date counts from.
    Periods {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
    /// Compute an agreement's measures for a period: code, measure, question,
    /// baseline, target, this period, year to date, variance, status.
    Measures(returns::MeasuresArgs),
    /// Run the readiness checks for a period's return.
    Check(returns::PeriodArgs),
    /// Who was reached and what changed in a period: demographics (small
    /// numbers suppressed), outcomes, and activity by month.
    Breakdown(returns::BreakdownArgs),
    /// Write a period's returns pack: FILE.zip (workbook, evidence, manifest)
    /// or FILE.xlsx (the workbook alone); a folder gets the usual name.
    /// `export framework` writes an agreement's framework workbook instead.
    Export(returns::ExportArgs),
    /// Framework workbooks: build one from its readable source (TOML).
    #[command(subcommand)]
    Framework(data::FrameworkCommand),
    /// Attach an evidence file (photo, sign-in sheet, letter) to a session,
    /// a story, or an agreement's period; it is copied into the data folder.
    Attach(returns::AttachArgs),
    /// Evidence files: list, delete.
    #[command(subcommand)]
    Evidence(returns::EvidenceCommand),
    /// Mark a period submitted with the pack that was sent: its values are kept as sent.
    Submit(returns::SubmitArgs),
    /// List the submitted figures of a period that differ now: code, field, as sent, now.
    Changes(returns::PeriodArgs),
    /// Import records from a spreadsheet, or a funder's framework workbook.
    #[command(subcommand)]
    Import(data::ImportCommand),
    /// Write a backup: to FILE, or into backups/ beside the database.
    Backup {
        /// Where to write it (a new file).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace the file at --out, which must be an older Evident backup.
        #[arg(long, requires = "out")]
        replace: bool,
    },
    /// Replace the database with a backup (the current one is backed up
    /// first, or set aside if it is damaged). With no records yet, this
    /// brings them from another computer: a backup or a copy of the file.
    Restore {
        /// The backup file.
        #[arg(required_unless_present = "newest")]
        file: Option<PathBuf>,
        /// Restore the newest backup in backups/ that passes the checks,
        /// instead of a file.
        #[arg(long, conflicts_with_all = ["file", "other_organisation"])]
        newest: bool,
        /// Restore it even though it holds another organisation's records.
        #[arg(long)]
        other_organisation: bool,
    },
    /// Check the database file for damage.
    Integrity,
    /// List the latest changes to the records, newest first: number, when,
    /// what changed.
    History {
        /// Only changes to this kind of record (participant, session,
        /// attendance, assessment, …).
        #[arg(long, value_name = "KIND")]
        record: Option<String>,
        /// How many to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Undo a change, by its number in the history: an addition is removed,
    /// a deletion put back, an edit set back.
    Undo {
        /// The change's number.
        #[arg(value_name = "NUMBER")]
        change: i64,
    },
    /// Show or change the organisation's details.
    #[command(subcommand)]
    Org(settings::OrgCommand),
    /// Show or edit a reference list (ethnicity, gender, priority_group, source).
    #[command(subcommand)]
    List(settings::ListCommand),
    /// Funders: add, edit, list, archive.
    #[command(subcommand)]
    Funder(funding::FunderCommand),
    /// Programmes: add, edit, list, archive.
    #[command(subcommand)]
    Programme(funding::ProgrammeCommand),
    /// Agreements: add, edit, show, list, archive.
    #[command(subcommand)]
    Agreement(funding::AgreementCommand),
    /// Participants: add, edit, show, list, archive.
    #[command(subcommand)]
    Participant(participants::ParticipantCommand),
    /// Sessions and their registers: add, edit, show, list, delete.
    #[command(subcommand)]
    Session(sessions::SessionCommand),
    /// Indicators (outcome scales): add, edit, list, archive.
    #[command(subcommand)]
    Indicator(outcomes::IndicatorCommand),
    /// Assessments (scores on an indicator): add, edit, list, delete.
    #[command(subcommand)]
    Assessment(outcomes::AssessmentCommand),
    /// Outcomes the organisation works towards: add, edit, list, archive.
    #[command(subcommand)]
    Outcome(outcomes::OutcomeCommand),
    /// The outcome log of changes seen: add, edit, list, delete.
    #[command(subcommand)]
    Log(outcomes::LogCommand),
    /// Stories (case studies): add, edit, show, list, delete.
    #[command(subcommand)]
    Story(outcomes::StoryCommand),
    /// An agreement's measures and targets: add, edit, list, delete, target.
    #[command(subcommand)]
    Measure(measures::MeasureCommand),
    /// Typed values of manual measures: set, list.
    #[command(subcommand)]
    Manual(measures::ManualCommand),
    /// A period's narrative: show, set, curve.
    #[command(subcommand)]
    Narrative(returns::NarrativeCommand),
    /// A period's budget and spend: set, list.
    #[command(subcommand)]
    Finance(returns::FinanceCommand),
    /// An agreement's milestones (what it delivers that is not a number):
    /// add, edit, list, note, delete.
    #[command(subcommand)]
    Milestone(returns::MilestoneCommand),
    /// The funder's own form: add it to an agreement, map its cells (from
    /// a file, one by one, or as proposed from its labels), and show what
    /// each cell would hold. `export` then writes it filled in.
    #[command(subcommand)]
    Form(form::FormCommand),
    /// An agreement's instalments: add, plan equal ones each quarter,
    /// record one received, list where each stands, delete.
    #[command(subcommand)]
    Instalment(payments::InstalmentCommand),
    /// Mark a period's return accepted by the funder (releasing the
    /// instalment that waits for it).
    Accept(payments::AcceptArgs),
    /// The next three months of cash: instalments expected against spend
    /// forecast, from the money in hand, and the month it runs short.
    Cashflow(payments::CashflowArgs),
    /// Children's data as the law expects: who is due for review, anonymise
    /// or delete a person, everything held about one person, the log.
    #[command(subcommand)]
    Privacy(privacy::PrivacyCommand),
    /// Lock the records with a passphrase (they and their backups are
    /// encrypted), change it, or unlock them for good. The passphrase is
    /// asked for, or read from EVIDENT_NEW_PASSPHRASE; never an argument.
    #[command(subcommand)]
    Lock(lock::LockCommand),
    /// Mark a period's return approved: by whom and their role (fills the
    /// Cover's sign-off), and a second signatory where the funder asks.
    Approve(returns::ApproveArgs),
    /// The team: staff and volunteers, their posts and DBS checks: add,
    /// edit, list.
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// A period's safeguarding figures (counts only): set, show.
    #[command(subcommand)]
    Safeguarding(team::SafeguardingCommand),
    /// Several laptops, one organisation: invite a laptop, join from its
    /// file, send and get changes through a shared folder, and where this
    /// laptop stands.
    #[command(subcommand)]
    Sync(sync::SyncCommand),
    /// A commissioner's desk, kept in its own file (`--db DESK.db`): bring
    /// in providers' returns packs and read them across providers and
    /// periods; export the commissioner's summary workbook.
    #[command(subcommand)]
    Desk(desk::DeskCommand),
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
    let matches = allow_negative_numbers(Cli::command()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print::error(&e);
            ExitCode::FAILURE
        }
    }
}

/// Lets a value such as `--headcount -3` reach the core's validation, which
/// says what is wrong with it, rather than being taken for a flag.
fn allow_negative_numbers(command: clap::Command) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut command = command.allow_negative_numbers(true);
    for name in names {
        command = command.mut_subcommand(name, allow_negative_numbers);
    }
    command
}

/// Ends the program with clap's usage error, for arguments that clap's
/// derive cannot require on its own.
fn usage_error(message: &str) -> ! {
    Cli::command()
        .error(clap::error::ErrorKind::MissingRequiredArgument, message)
        .exit()
}

fn run(cli: Cli) -> Result<()> {
    let now: NaiveDateTime = Local::now().naive_local();
    if let Command::Framework(command) = cli.command {
        // Needs no database.
        return data::framework(command);
    }
    if let Command::Desk(command) = cli.command {
        // A desk is a file of its own, never an organisation's records.
        let path = match cli.db {
            Some(path) => path,
            None => desk::default_path().ok_or_else(|| {
                Error::cannot_write(
                    "the data folder",
                    "this computer has no data folder Evident can find; choose a desk file with --db",
                )
            })?,
        };
        return desk::desk(&path, cli.json, now, command);
    }
    let path = match cli.db {
        Some(path) => path,
        None => Store::default_path().ok_or_else(|| {
            Error::cannot_write(
                "the data folder",
                "this computer has no data folder Evident can find; choose a database file",
            )
        })?,
    };
    let passphrase = lock::passphrase();
    // A restore works even when the database there does not open.
    if let Command::Restore {
        file,
        newest,
        other_organisation,
    } = &cli.command
    {
        return match file {
            Some(file) if !newest => {
                data::restore(&path, file, *other_organisation, now, passphrase.as_deref())
            }
            _ => data::restore_newest(&path, now, passphrase.as_deref()),
        };
    }
    // Joining, like a restore, sets up records where there are none.
    if let Command::Sync(sync::SyncCommand::Join { file }) = &cli.command {
        return sync::join(&path, file, now, passphrase.as_deref());
    }
    // Only setting up an organisation creates a database file.
    let store = match cli.command {
        Command::Init(_) | Command::Demo(_) => Store::create(&path, now)?,
        _ => lock::open(&path, now, passphrase)?,
    };
    let mut ctx = Context {
        store,
        now,
        json: cli.json,
    };
    match cli.command {
        Command::Init(args) => settings::init(&mut ctx, args, &path),
        Command::Demo(args) => data::demo(&mut ctx, args, &path),
        Command::Agreements { all } => funding::list_agreements(&ctx, all),
        Command::Periods { agreement } => returns::periods(&ctx, &agreement),
        Command::Due => returns::due(&ctx),
        Command::Register { programme, date } => sessions::register(&ctx, &programme, &date),
        Command::Measures(args) => returns::measures(&ctx, args),
        Command::Check(args) => returns::check(&ctx, args),
        Command::Breakdown(args) => returns::breakdown(&ctx, args),
        Command::Export(args) => returns::export(&ctx, args),
        Command::Framework(_) | Command::Desk(_) => Ok(()),
        Command::Attach(args) => returns::attach(&mut ctx, args),
        Command::Evidence(c) => returns::evidence(&mut ctx, c),
        Command::Submit(args) => returns::submit(&mut ctx, args),
        Command::Changes(args) => returns::changes(&ctx, args),
        Command::Import(c) => data::import(&mut ctx, c),
        Command::Backup { out, replace } => data::backup(&ctx, out, replace),
        Command::Restore { .. } => Ok(()),
        Command::Integrity => data::integrity(&ctx, &path),
        Command::History { record, limit } => data::history(&ctx, record.as_deref(), limit),
        Command::Undo { change } => data::undo(&mut ctx, change),
        Command::Org(c) => settings::org(&mut ctx, c),
        Command::List(c) => settings::list(&mut ctx, c),
        Command::Funder(c) => funding::funder(&mut ctx, c),
        Command::Programme(c) => funding::programme(&mut ctx, c),
        Command::Agreement(c) => funding::agreement(&mut ctx, c),
        Command::Participant(c) => participants::participant(&mut ctx, c),
        Command::Session(c) => sessions::session(&mut ctx, c),
        Command::Indicator(c) => outcomes::indicator(&mut ctx, c),
        Command::Assessment(c) => outcomes::assessment(&mut ctx, c),
        Command::Outcome(c) => outcomes::outcome(&mut ctx, c),
        Command::Log(c) => outcomes::log(&mut ctx, c),
        Command::Story(c) => outcomes::story(&mut ctx, c),
        Command::Measure(c) => measures::measure(&mut ctx, c),
        Command::Manual(c) => measures::manual(&mut ctx, c),
        Command::Narrative(c) => returns::narrative(&mut ctx, c),
        Command::Finance(c) => returns::finance(&mut ctx, c),
        Command::Milestone(c) => returns::milestone(&mut ctx, c),
        Command::Form(c) => form::form(&mut ctx, c),
        Command::Instalment(c) => payments::instalment(&mut ctx, c),
        Command::Accept(a) => payments::accept(&mut ctx, a),
        Command::Cashflow(a) => payments::cashflow(&mut ctx, a),
        Command::Privacy(c) => privacy::privacy(&mut ctx, c),
        Command::Lock(c) => lock::lock(ctx, c),
        Command::Sync(c) => sync::sync(&mut ctx, c),
        Command::Approve(args) => returns::approve(&mut ctx, args),
        Command::Team(c) => team::team(&mut ctx, c),
        Command::Safeguarding(c) => team::safeguarding(&mut ctx, c),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_subcommand_is_well_formed() {
        super::allow_negative_numbers(super::Cli::command()).debug_assert();
    }
}
