//! `evident privacy`: who is due for review, anonymising or deleting a
//! person, a subject-access export, and the privacy log.

use std::path::PathBuf;

use clap::Subcommand;
use evident::privacy::{self, Erasure};
use evident::Result;

use super::Context;

#[derive(Subcommand)]
pub enum PrivacyCommand {
    /// Who has been kept past the retention setting since their last
    /// contact: code, name, last contact, due since.
    Due,
    /// Anonymise people: their name, notes and stories' words go; their
    /// register marks, scores and coarse facts stay, so every return's
    /// figures stay as they were.
    Anonymise {
        /// Their codes.
        #[arg(value_name = "CODE", required = true)]
        codes: Vec<String>,
    },
    /// Delete people completely, register marks, scores, outcomes and
    /// stories included (returns already submitted keep their figures).
    Delete {
        /// Their codes.
        #[arg(value_name = "CODE", required = true)]
        codes: Vec<String>,
        /// Say that everything about them is to go (anonymise keeps the
        /// figures instead).
        #[arg(long)]
        completely: bool,
    },
    /// Everything held about one person, as FILE.xlsx and FILE.json.
    Export {
        /// Their code.
        #[arg(value_name = "CODE")]
        code: String,
        /// Where to write (the .xlsx; the .json goes beside it).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The privacy log, newest first: when, what, how many people, by whom.
    Log,
}

pub fn privacy(ctx: &mut Context, command: PrivacyCommand) -> Result<()> {
    let today = ctx.now.date();
    match command {
        PrivacyCommand::Due => {
            let due = privacy::due_for_review(&ctx.store, today)?;
            if !ctx.json(&due) {
                for d in &due {
                    out!(
                        "{}\t{}\t{}\t{}",
                        d.code,
                        d.known_as,
                        d.last_contact,
                        d.due_since
                    );
                }
            }
            Ok(())
        }
        PrivacyCommand::Anonymise { codes } => erase(ctx, &codes, Erasure::Anonymise),
        PrivacyCommand::Delete { codes, completely } => {
            if !completely {
                return Err(evident::Error::invalid(
                    "completely",
                    format!(
                        "is required to delete; {} {}",
                        Erasure::Delete.explanation(),
                        Erasure::Anonymise.explanation()
                    ),
                ));
            }
            erase(ctx, &codes, Erasure::Delete)
        }
        PrivacyCommand::Export { code, out } => {
            let (xlsx, json) = privacy::export_subject_access(
                &mut ctx.store,
                &code,
                &out,
                today,
                &privacy::computer_user(),
            )?;
            out!("wrote {} and {}", xlsx.display(), json.display());
            Ok(())
        }
        PrivacyCommand::Log => {
            let log = ctx.store.privacy_log()?;
            if !ctx.json(&log) {
                for a in &log {
                    out!("{}\t{}\t{}\t{}", a.at, a.action, a.people, a.done_by);
                }
            }
            Ok(())
        }
    }
}

fn erase(ctx: &mut Context, codes: &[String], how: Erasure) -> Result<()> {
    let erased = privacy::erase(
        &mut ctx.store,
        codes,
        how,
        ctx.now.date(),
        &privacy::computer_user(),
    )?;
    if !ctx.json(&erased) {
        let done = match how {
            Erasure::Anonymise => "anonymised",
            Erasure::Delete => "deleted completely",
        };
        let people = match erased.people {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        };
        out!("{done}: {people}");
        out!("{}", erased.backups_note);
    }
    Ok(())
}
