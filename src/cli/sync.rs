//! `evident sync`: several laptops sharing one organisation's records by
//! files in a shared folder: invite a laptop, join from its file, send and
//! get changes, and where this laptop stands.

use std::path::PathBuf;

use clap::Subcommand;

use evident::sync;
use evident::Result;

use super::print::{print_json, Context};

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Write this laptop's changes since its last file into the shared
    /// folder (a cloud folder, a USB stick): one new file, written whole.
    Send {
        /// The shared folder (default: the one this laptop used last).
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
    },
    /// Apply the other laptops' new files from the shared folder, each
    /// after the ones it needs, and say what was applied and merged.
    Get {
        /// The shared folder (default: the one this laptop used last).
        #[arg(long, value_name = "FOLDER")]
        from: Option<PathBuf>,
    },
    /// Where this laptop stands: changes not sent, and when each other
    /// laptop's changes last arrived.
    Status,
    /// Add a laptop to the organisation: sends this laptop's changes and
    /// writes the file the new laptop joins from into the shared folder.
    Invite {
        /// The new laptop's name, as its volunteer will know it.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The shared folder (default: the one this laptop used last).
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
        /// This laptop's name, the first time it invites another.
        #[arg(long, value_name = "NAME", default_value = "")]
        this_laptop: String,
    },
    /// Set up this laptop's records from the file another laptop wrote
    /// with `evident sync invite` (where no records are kept yet).
    Join {
        /// The joining file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Sets up the records at `path` from a joining file.
pub fn join(
    path: &std::path::Path,
    file: &std::path::Path,
    now: chrono::NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<()> {
    let store = sync::join(path, file, now, passphrase)?;
    out!(
        "this laptop is now {} of {}; get the others' changes with `evident sync get --from FOLDER`",
        store.this_laptop()?.name.unwrap_or_default(),
        store.organisation()?.name
    );
    Ok(())
}

pub fn sync(ctx: &mut Context, command: SyncCommand) -> Result<()> {
    match command {
        SyncCommand::Send { to } => {
            let sent = sync::send(&mut ctx.store, to.as_deref(), ctx.now)?;
            if ctx.json {
                print_json(&sent);
            } else {
                match &sent.file {
                    Some(file) => out!("sent file {} to {}", sent.sequence, file.display()),
                    None => out!("nothing new to send"),
                }
                if sent.evidence_shared > 0 {
                    out!(
                        "copied {} evidence files into the shared folder",
                        sent.evidence_shared
                    );
                }
            }
        }
        SyncCommand::Get { from } => {
            let got = sync::get(&mut ctx.store, from.as_deref(), ctx.now)?;
            if ctx.json {
                print_json(&got);
                return Ok(());
            }
            for file in &got.applied {
                out!(
                    "applied {} from {} (file {})",
                    file.summary,
                    file.laptop,
                    file.sequence
                );
                for note in &file.notes {
                    out!("  {note}");
                }
            }
            for waiting in &got.waiting {
                out!("waiting: {}: {}", waiting.file.display(), waiting.why);
            }
            for refused in &got.refused {
                out!("refused: {}: {}", refused.file.display(), refused.why);
            }
            if got.evidence_fetched > 0 {
                out!(
                    "copied {} evidence files from the shared folder",
                    got.evidence_fetched
                );
            }
            if got.applied.is_empty() && got.waiting.is_empty() && got.refused.is_empty() {
                out!("nothing new from the other laptops");
            }
        }
        SyncCommand::Status => {
            let status = sync::status(&ctx.store, ctx.now.date())?;
            if ctx.json {
                print_json(&status);
                return Ok(());
            }
            out!(
                "{}: {} {} not sent yet{}",
                status.this_laptop,
                status.unsent,
                if status.unsent == 1 {
                    "change"
                } else {
                    "changes"
                },
                status
                    .last_sent
                    .as_deref()
                    .map(|at| format!("; last sent {at}"))
                    .unwrap_or_default()
            );
            for laptop in &status.laptops {
                out!(
                    "{}\t{}\t{}",
                    laptop.name,
                    laptop
                        .written_at
                        .as_deref()
                        .map(|at| format!("changes up to {at}"))
                        .unwrap_or_else(|| "nothing received yet".to_string()),
                    if laptop.silent {
                        format!("nothing sent for {} days or more", sync::SILENT_DAYS)
                    } else {
                        String::new()
                    }
                );
            }
        }
        SyncCommand::Join { .. } => {}
        SyncCommand::Invite {
            name,
            to,
            this_laptop,
        } => {
            let invited =
                sync::invite(&mut ctx.store, to.as_deref(), &name, &this_laptop, ctx.now)?;
            if ctx.json {
                print_json(&invited);
            } else {
                out!(
                    "{} can join from {}: on that laptop, `evident sync join {}` (or the app's first screen)",
                    invited.laptop,
                    invited.file.display(),
                    invited.file.display()
                );
            }
        }
    }
    Ok(())
}
