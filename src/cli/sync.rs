//! `evident sync`: several laptops sharing one organisation's records by
//! files in a shared folder: invite a laptop, join from its file, send and
//! get changes, and where this laptop stands.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;

use evident::sync::{self, Got};
use evident::{Error, Result};

/// A get that left files refused or waiting fails, having said which.
fn incomplete(got: &Got) -> Result<()> {
    if got.complete() {
        return Ok(());
    }
    Err(Error::invalid(
        "files",
        format!(
            "{} refused and {} waiting (see above); nothing in them was applied",
            got.refused.len(),
            got.waiting.len()
        ),
    ))
}

use super::print::{print_json, Context};

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Write this laptop's changes since its last file into the shared
    /// folder (a cloud folder, a USB stick): one new file, written whole.
    Send {
        /// The shared folder (default: the one this laptop used last).
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
        /// Also write again every file sent that another laptop may still
        /// need (one lost or damaged in the shared folder).
        #[arg(long)]
        again: bool,
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
    /// with `evident sync invite` (where no records are kept yet). Asks
    /// for the join code shown on that laptop, or reads EVIDENT_JOIN_CODE.
    Join {
        /// The joining file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Remove a laptop from the organisation (lost, stolen, a volunteer who
    /// left): files are no longer sealed for it, and what it sends from now
    /// on is refused. What it sent before stays.
    Remove {
        /// The laptop's name, as `evident sync status` lists it.
        #[arg(value_name = "NAME")]
        name: String,
    },
}

/// The join code from EVIDENT_JOIN_CODE, or asked for at the terminal.
fn join_code() -> Result<String> {
    if let Some(code) = std::env::var("EVIDENT_JOIN_CODE")
        .ok()
        .filter(|c| !c.trim().is_empty())
    {
        return Ok(code);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "code",
            "type the join code shown on the inviting laptop: set EVIDENT_JOIN_CODE to it, or run this at a terminal to be asked",
        ));
    }
    eprint!("Join code (shown on the inviting laptop's screen): ");
    let mut typed = String::new();
    std::io::stdin()
        .read_line(&mut typed)
        .map_err(|e| Error::invalid("code", format!("could not be read ({e})")))?;
    Ok(typed)
}

/// Sets up the records at `path` from a joining file.
pub fn join(
    path: &std::path::Path,
    file: &std::path::Path,
    now: chrono::NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<()> {
    let code = join_code()?;
    let store = match sync::join(path, file, &code, now, passphrase) {
        Err(Error::Locked { wrong: false, .. }) if passphrase.is_none() => {
            let typed = super::lock::ask_if_someone_is_there(
                "The records are locked. Passphrase of the inviting laptop's records: ",
            )?;
            sync::join(path, file, &code, now, Some(&typed))?
        }
        other => other?,
    };
    out!(
        "this laptop is now {} of {}; get the others' changes with `evident sync get --from FOLDER`",
        store.this_laptop()?.name.unwrap_or_default(),
        store.organisation()?.name
    );
    Ok(())
}

pub fn sync(ctx: &mut Context, command: SyncCommand) -> Result<()> {
    match command {
        SyncCommand::Send { to, again } => send(ctx, to, again)?,
        SyncCommand::Get { from } => return get(ctx, from),
        SyncCommand::Remove { name } => {
            let removed = ctx
                .store
                .remove_laptop(&name, &ctx.now.date().to_string())?;
            out!("{removed} is removed: files are no longer sealed for it, and what it sends from now on is refused; send changes so that the other laptops know");
        }
        SyncCommand::Status => status(ctx)?,
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
                out!("Join code: {}", invited.code);
                out!(
                    "{} can join from {} until {}: on that laptop, `evident sync join {}` (or the app's first screen), and type the code",
                    invited.laptop,
                    invited.file.display(),
                    invited.expires_on.format("%d/%m/%Y"),
                    invited.file.display()
                );
            }
        }
    }
    Ok(())
}

/// `sync send`: what was sent, and written again.
fn send(ctx: &mut Context, to: Option<PathBuf>, again: bool) -> Result<()> {
    let sent = sync::send(&mut ctx.store, to.as_deref(), again, ctx.now)?;
    if ctx.json {
        print_json(&sent);
    } else {
        match &sent.file {
            Some(file) => out!("sent file {} to {}", sent.sequence, file.display()),
            None => out!("nothing new to send"),
        }
        if sent.sent_again > 0 {
            out!(
                "wrote again {} {} sent before",
                sent.sent_again,
                if sent.sent_again == 1 {
                    "file"
                } else {
                    "files"
                }
            );
        }
        if !sent.sealed {
            out!("not sealed yet: a laptop has still to install this Evident; its files are sealed once every laptop has");
        }
        if sent.evidence_shared > 0 {
            out!(
                "copied {} evidence files into the shared folder",
                sent.evidence_shared
            );
        }
    }
    Ok(())
}

/// `sync get`: each file applied, waiting or refused.
fn get(ctx: &mut Context, from: Option<PathBuf>) -> Result<()> {
    let got = sync::get(&mut ctx.store, from.as_deref(), ctx.now)?;
    if ctx.json {
        print_json(&got);
        return incomplete(&got);
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
    incomplete(&got)
}

/// `sync status`: what is not sent yet, and when each laptop last sent.
fn status(ctx: &mut Context) -> Result<()> {
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
    Ok(())
}
