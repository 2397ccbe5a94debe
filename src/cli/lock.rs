//! The passphrase at the command line: read from EVIDENT_PASSPHRASE, or
//! asked for when the records are locked and a person is at the terminal;
//! never taken as an argument (it would stay in the shell's history).
//! `evident lock on | change | off`.

use std::io::IsTerminal;
use std::path::Path;

use chrono::NaiveDateTime;
use clap::Subcommand;
use evident::{Error, Result, Store};

use super::Context;

#[derive(Subcommand)]
pub enum LockCommand {
    /// Lock the records (and their backups) with a new passphrase. A lost
    /// passphrase means lost records: nothing can open them.
    On,
    /// Change the passphrase.
    Change,
    /// Unlock the records for good (they and their backups are no longer
    /// encrypted).
    Off,
}

/// The passphrase from EVIDENT_PASSPHRASE, if it is set.
pub fn passphrase() -> Option<String> {
    std::env::var("EVIDENT_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Opens the records, asking for their passphrase when they are locked, none
/// was given, and someone is at the terminal.
pub fn open(path: &Path, now: NaiveDateTime, passphrase: Option<String>) -> Result<Store> {
    match Store::open_with(path, now, passphrase.as_deref()) {
        Err(Error::Locked { wrong: false, .. }) if std::io::stdin().is_terminal() => {
            let typed = ask("Passphrase for the records: ")?;
            Store::open_with(path, now, Some(&typed))
        }
        other => other,
    }
}

/// Asks for a passphrase when someone is at the terminal; otherwise says
/// how to give one.
pub fn ask_if_someone_is_there(prompt: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "passphrase",
            "the file is locked: set EVIDENT_PASSPHRASE to its passphrase, or run this at a terminal to be asked",
        ));
    }
    ask(prompt)
}

fn ask(prompt: &str) -> Result<String> {
    rpassword::prompt_password(prompt)
        .map_err(|e| Error::invalid("passphrase", format!("could not be read ({e})")))
}

/// The new passphrase: from EVIDENT_NEW_PASSPHRASE, or typed twice.
fn new_passphrase() -> Result<String> {
    if let Some(p) = std::env::var("EVIDENT_NEW_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "passphrase",
            "is required; type it when asked, or set EVIDENT_NEW_PASSPHRASE",
        ));
    }
    eprintln!("A lost passphrase means lost records: nothing can open them. Write it down somewhere safe.");
    let first = ask("New passphrase: ")?;
    let again = ask("The same again: ")?;
    if first != again {
        return Err(Error::invalid(
            "passphrase",
            "the two did not match; nothing was changed",
        ));
    }
    Ok(first)
}

pub fn lock(ctx: Context, command: LockCommand) -> Result<()> {
    let Context { store, now, .. } = ctx;
    let locked = store.is_locked();
    match command {
        LockCommand::On | LockCommand::Change => {
            if matches!(command, LockCommand::On) && locked {
                return Err(Error::invalid(
                    "lock",
                    "the records are locked already; change the passphrase instead",
                ));
            }
            let passphrase = new_passphrase()?;
            store.set_passphrase(Some(&passphrase), now, &evident::privacy::computer_user())?;
            out!("locked: the records and their backups need the passphrase to open");
        }
        LockCommand::Off => {
            if !locked {
                return Err(Error::invalid("lock", "the records are not locked"));
            }
            store.set_passphrase(None, now, &evident::privacy::computer_user())?;
            out!("unlocked: the records and their backups open without a passphrase");
        }
    }
    Ok(())
}
