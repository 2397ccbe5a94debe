//! The commissioner's desk (DESIGN "The commissioner's desk"): many
//! providers' returns packs brought into a file of their own, each checked
//! against its manifest, and read across providers and periods — which
//! returns arrived and how late, each measure against target, who came by
//! area, a provider's own sheets, what a resubmission changed — and a
//! summary workbook. It keeps only what the packs' `data.json` and their
//! figure sheets hold: aggregates with small numbers already hidden.
//!
//! `arrival.rs` checks and reads one pack; `views.rs` the screens' tables;
//! `summary.rs` the commissioner's summary workbook. The desk's SQL is the
//! store's (`DeskStore`).

mod arrival;
mod summary;
mod views;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

pub use crate::store::DeskStore;
pub use arrival::{SheetCells, KEPT_SHEETS};
pub use summary::{export_summary, SUMMARY_SHEETS};
pub use views::{
    areas, changes, completeness, measure_across, measures, provider_return, AreaRow, Areas,
    Arrived, Changed, Column, Completeness, MeasureAcross, MeasureCell, MeasureChoice, MeasureLine,
    ProviderReturn, Resubmission, ReturnRow, Total, TotalRule,
};

use crate::error::{Error, Result};
use crate::pack::data::PackData;
use crate::store::DeskPack;

/// What bringing in one file or a folder did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BroughtIn {
    /// Packs new to the desk.
    pub added: Vec<PackLine>,
    /// Newer packs for a return the desk had: each with what changed.
    pub replaced: Vec<Resubmission>,
    /// Packs the desk already had (the same file): nothing added.
    pub already: Vec<String>,
    /// Packs older than the one the desk has for their return: kept as
    /// replaced, so that the newer stays in use.
    pub older: Vec<PackLine>,
    /// Files refused, each with why: nothing of them was kept.
    pub refused: Vec<Refusal>,
}

/// One pack brought in.
#[derive(Debug, Clone, Serialize)]
pub struct PackLine {
    /// The zip's file name.
    pub file: String,
    /// The provider.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// The period.
    pub period: String,
}

/// A file refused.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// The file's name.
    pub file: String,
    /// Why, and what to do.
    pub why: String,
}

/// Brings in the pack at `path`, or every `.zip` in the folder at `path`.
/// Each pack is checked against its manifest and refused whole if it is
/// altered or not an Evident pack; the same pack twice adds nothing; a
/// newer pack for the same provider, agreement and period replaces the
/// older. A single file refused is an error; in a folder, the others are
/// still brought in and the refused ones listed.
pub fn bring_in(desk: &mut DeskStore, path: &Path, now: NaiveDateTime) -> Result<BroughtIn> {
    let mut done = BroughtIn::default();
    let mut arrivals = Vec::new();
    if path.is_dir() {
        for file in zips_in(path)? {
            match arrival::read(&file) {
                Ok(a) => arrivals.push((file, a)),
                Err(e) => done.refused.push(Refusal {
                    file: file_name(&file),
                    why: match e {
                        Error::RefusedPack { why, .. } => why,
                        other => other.to_string(),
                    },
                }),
            }
        }
    } else if path.is_file() {
        arrivals.push((path.to_path_buf(), arrival::read(path)?));
    } else {
        return Err(Error::invalid(
            "packs",
            format!(
                "there is no file or folder at {}; choose a returns pack (.zip) or the folder they are in",
                path.display()
            ),
        ));
    }
    // The older first, so that the newest of a return ends in use.
    arrivals.sort_by_key(|(_, a)| a.data.generated_at);
    for (file, a) in arrivals {
        keep(desk, &file, a, now, &mut done)?;
    }
    Ok(done)
}

/// The `.zip` files in `folder`, by name.
fn zips_in(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| Error::io("could not read the folder", folder, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::invalid(
            "packs",
            format!(
                "{} holds no returns packs (.zip files); choose the folder the providers' packs were saved in",
                folder.display()
            ),
        ));
    }
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Keeps one checked pack, as new, replacing, already there or older.
fn keep(
    desk: &mut DeskStore,
    file: &Path,
    a: arrival::Arrival,
    now: NaiveDateTime,
    done: &mut BroughtIn,
) -> Result<()> {
    let name = file_name(file);
    if desk.pack_with_sha(&a.sha256)?.is_some() {
        done.already.push(name);
        return Ok(());
    }
    let line = PackLine {
        file: name.clone(),
        provider: a.data.provider.name.clone(),
        agreement: a.data.agreement.reference.clone(),
        period: a.data.period.id.clone(),
    };
    let in_use = desk.pack_in_use(&line.provider, &line.agreement, &line.period)?;
    let sheets =
        serde_json::to_string(&a.sheets).map_err(|e| Error::invalid("pack", e.to_string()))?;
    let mut pack = DeskPack {
        id: 0,
        sha256: a.sha256,
        file_name: name,
        provider: line.provider.clone(),
        agreement: line.agreement.clone(),
        period: line.period.clone(),
        generated_at: a.data.generated_at,
        brought_in_at: now,
        replaced_by: None,
        data: a.data_text,
        sheets,
    };
    match in_use {
        Some(old) if old.generated_at > pack.generated_at => {
            pack.replaced_by = Some(old.id);
            desk.add_pack(&pack, None)?;
            done.older.push(line);
        }
        Some(old) => {
            let was = parsed(&old)?;
            desk.add_pack(&pack, Some(old.id))?;
            done.replaced
                .push(views::resubmission(&old, &was, &pack, &a.data));
        }
        None => {
            desk.add_pack(&pack, None)?;
            done.added.push(line);
        }
    }
    Ok(())
}

/// Takes the pack in use for `provider`, `agreement` and `period` off the
/// desk (one brought in by mistake); the pack it replaced, if any, is in
/// use again. Returns the removed pack's file name.
pub fn remove(
    desk: &mut DeskStore,
    provider: &str,
    agreement: &str,
    period: &str,
) -> Result<String> {
    let pack = return_in_use(desk, provider, agreement, period)?;
    desk.remove_pack(pack.id)?;
    Ok(pack.file_name)
}

/// The pack in use for a provider's return; a return not on the desk is
/// not found.
fn return_in_use(
    desk: &DeskStore,
    provider: &str,
    agreement: &str,
    period: &str,
) -> Result<DeskPack> {
    desk.pack_in_use(provider, agreement, period)?
        .ok_or(Error::NotFound {
            what: "return",
            key: format!("{provider} {agreement} {period}"),
            hint: "the completeness table lists the returns on the desk, with their provider, agreement and period",
        })
}

/// A kept pack's figures.
fn parsed(pack: &DeskPack) -> Result<PackData> {
    serde_json::from_str(&pack.data).map_err(|e| Error::BadStoredValue {
        what: format!("the desk's pack {}", pack.file_name),
        why: format!("its data.json cannot be read ({e}); bring the pack in again"),
    })
}

/// Every pack on the desk with its figures, those replaced too.
fn loaded(desk: &DeskStore) -> Result<Vec<(DeskPack, PackData)>> {
    desk.packs()?
        .into_iter()
        .map(|p| {
            let data = parsed(&p)?;
            Ok((p, data))
        })
        .collect()
}

/// The packs in use (each return's newest) with their figures.
fn in_use(desk: &DeskStore) -> Result<Vec<(DeskPack, PackData)>> {
    let mut packs = loaded(desk)?;
    packs.retain(|(p, _)| p.replaced_by.is_none());
    Ok(packs)
}
