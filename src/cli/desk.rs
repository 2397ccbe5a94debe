//! `evident desk`: a commissioner's desk, in a file of its own (`--db`,
//! else desk.db in this computer's data folder): bring in providers' packs,
//! read which returns arrived and how late, a measure across providers, who
//! came by area, one provider's return, what resubmissions changed, and
//! export the commissioner's summary workbook.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::{Args, Subcommand};

use super::print::print_json;
use evident::desk::{self, DeskStore};
use evident::{parse, Result};

#[derive(Subcommand)]
pub enum DeskCommand {
    /// Bring in a returns pack (.zip), or every pack in a folder: each is
    /// checked against its manifest and refused whole if altered.
    BringIn {
        /// The pack, or the folder of packs.
        path: PathBuf,
    },
    /// Which provider's return for which period arrived, and how late.
    Completeness {
        /// The day to judge by (default today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// The measures the packs report.
    Measures,
    /// One measure across providers and periods, against target.
    Measure {
        /// The measure's code.
        code: String,
    },
    /// Who came, by area, across providers (the latest period unless one is given).
    Areas {
        /// The period.
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
    },
    /// One provider's return, as its pack's sheets show it.
    Return(ReturnKey),
    /// What each resubmitted pack changed from the one it replaced.
    Changes,
    /// Take a return's pack off the desk (one brought in by mistake); the
    /// pack it replaced, if any, is in use again.
    Remove(ReturnKey),
    /// Write the commissioner's summary workbook.
    Export {
        /// The file, or the folder to write it in.
        out: PathBuf,
        /// The day to judge lateness by (default today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
}

/// Which provider's return for which period.
#[derive(Args)]
pub struct ReturnKey {
    /// The provider's name.
    #[arg(long)]
    provider: String,
    /// The agreement's reference.
    #[arg(long, value_name = "REF")]
    agreement: String,
    /// The period.
    #[arg(long, value_name = "PERIOD")]
    period: String,
}

/// Runs a desk command on the desk at `path`.
pub fn desk(
    path: &std::path::Path,
    json: bool,
    now: NaiveDateTime,
    command: DeskCommand,
) -> Result<()> {
    let mut desk = DeskStore::open(path)?;
    let day = |today: Option<String>| -> Result<chrono::NaiveDate> {
        today.map_or(Ok(now.date()), |t| parse::date("today", &t))
    };
    // Each command's result as JSON when asked for, else as lines.
    fn shown<T: serde::Serialize>(json: bool, value: &T, lines: impl Fn(&T)) {
        if json {
            print_json(value);
        } else {
            lines(value);
        }
    }
    match command {
        DeskCommand::BringIn { path } => {
            shown(json, &desk::bring_in(&mut desk, &path, now)?, print_brought)
        }
        DeskCommand::Completeness { today } => shown(
            json,
            &desk::completeness(&desk, day(today)?)?,
            print_completeness,
        ),
        DeskCommand::Measures => shown(json, &desk::measures(&desk)?, |all| {
            for m in all {
                out!("{}\t{}", m.code, m.title);
            }
        }),
        DeskCommand::Measure { code } => {
            shown(json, &desk::measure_across(&desk, &code)?, print_measure)
        }
        DeskCommand::Areas { period } => {
            shown(json, &desk::areas(&desk, period.as_deref())?, print_areas)
        }
        DeskCommand::Return(r) => shown(
            json,
            &desk::provider_return(&desk, &r.provider, &r.agreement, &r.period)?,
            print_return,
        ),
        DeskCommand::Changes => shown(json, &desk::changes(&desk)?, |all| {
            for r in all {
                out!(
                    "{}\t{}\t{}\twritten {} replaced the one of {}",
                    r.provider,
                    r.agreement,
                    r.period,
                    r.now_written,
                    r.was_written
                );
                print_changes(&r.changes);
            }
        }),
        DeskCommand::Remove(r) => {
            let file = desk::remove(&mut desk, &r.provider, &r.agreement, &r.period)?;
            out!("removed\t{file}");
        }
        DeskCommand::Export { out, today } => {
            let written = desk::export_summary(&desk, day(today)?, &out)?;
            out!("{}", written.display());
        }
    }
    Ok(())
}

fn print_changes(changes: &[desk::Changed]) {
    for c in changes {
        out!("\t{}\t{} → {}", c.what, c.was, c.now);
    }
}

fn print_brought(done: &desk::BroughtIn) {
    for p in &done.added {
        out!(
            "brought in\t{}\t{}\t{}\t{}",
            p.file,
            p.provider,
            p.agreement,
            p.period
        );
    }
    for r in &done.replaced {
        out!(
            "replaced\t{}\t{}\t{}\t{} changes",
            r.provider,
            r.agreement,
            r.period,
            r.changes.len()
        );
        print_changes(&r.changes);
    }
    for p in &done.older {
        out!(
            "older than the one in use\t{}\t{}\t{}\t{}",
            p.file,
            p.provider,
            p.agreement,
            p.period
        );
    }
    for f in &done.already {
        out!("already on the desk\t{f}");
    }
    for r in &done.refused {
        out!("refused\t{}\t{}", r.file, r.why);
    }
}

fn print_completeness(c: &desk::Completeness) {
    let ids: Vec<&str> = c.columns.iter().map(|p| p.id.as_str()).collect();
    out!("provider\tagreement\t{}", ids.join("\t"));
    for r in &c.rows {
        let words: Vec<&str> = r.cells.iter().map(|a| a.word.as_str()).collect();
        out!("{}\t{}\t{}", r.provider, r.agreement, words.join("\t"));
    }
}

fn print_measure(m: &desk::MeasureAcross) {
    let ids: Vec<&str> = m.columns.iter().map(|p| p.id.as_str()).collect();
    out!("{} {}", m.code, m.title);
    out!("provider\tagreement\t{}", ids.join("\t"));
    for r in &m.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| match c {
                Some(c) => match &c.status {
                    Some(s) => format!("{} ({s})", c.shown),
                    None => c.shown.clone(),
                },
                None => "–".into(),
            })
            .collect();
        out!("{}\t{}\t{}", r.provider, r.agreement, cells.join("\t"));
    }
    let totals: Vec<&str> = m.totals.iter().map(|t| t.word.as_str()).collect();
    out!("total\t\t{}", totals.join("\t"));
    out!("{}", m.rule_explained);
}

fn print_areas(a: &desk::Areas) {
    let names: Vec<&str> = a.providers.iter().map(|p| p.0.as_str()).collect();
    out!("{}", a.period.as_deref().unwrap_or("no returns yet"));
    out!("area\t{}\ttotal", names.join("\t"));
    for r in &a.rows {
        out!("{}\t{}\t{}", r.area, r.cells.join("\t"), r.total.word);
    }
    out!("{}", a.explained);
}

fn print_return(r: &desk::ProviderReturn) {
    out!(
        "{} {} {} (written {}, {})",
        r.provider,
        r.agreement,
        r.period,
        r.generated_at,
        r.file
    );
    for sheet in &r.sheets {
        out!("");
        out!("# {}", sheet.name);
        for row in &sheet.rows {
            out!("{}", row.join("\t").trim_end());
        }
    }
}

/// Where the desk is kept when `--db` is not given.
pub fn default_path() -> Option<PathBuf> {
    evident::Store::default_path().map(|p| DeskStore::beside(&p))
}
