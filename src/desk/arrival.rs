//! One returns pack as it arrives on the desk: its zip checked against its
//! manifest (every file listed, each the size and SHA-256 the manifest says,
//! nothing else in the zip), its `data.json` read, and the cells of the
//! sheets that hold no one's record. Anything short of that refuses the
//! pack whole.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::funder_form::{Form, Shown, Written};
use crate::pack::data::{PackData, DATA_FORMAT, DATA_VERSION};

/// The pack's sheets the desk keeps: every one that shows figures, and none
/// that holds a row per person (Participants, Stories), a list of records
/// (Data quality) or of evidence files (Evidence).
pub const KEPT_SHEETS: [&str; 8] = [
    "Cover",
    "Summary",
    "Trend",
    "Demographics",
    "Activity",
    "Outcomes",
    "Narrative",
    "Finance",
];

/// The largest pack the desk reads: packs are a few megabytes with their
/// evidence; anything larger is not one.
const PACK_LIMIT_BYTES: u64 = 512 * 1024 * 1024;

/// A pack, checked and read.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The zip's SHA-256.
    pub sha256: String,
    /// Its figures.
    pub data: PackData,
    /// `data.json` as it came.
    pub data_text: String,
    /// The kept sheets' cells, as shown.
    pub sheets: Vec<SheetCells>,
}

/// One sheet of a provider's return, each cell as the workbook shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetCells {
    /// The sheet's name.
    pub name: String,
    /// Its rows from the first, each cell as text (a share as `45.5%`, a
    /// date as `31/12/2026`).
    pub rows: Vec<Vec<String>>,
}

/// One file the manifest lists.
#[derive(Deserialize)]
struct Listed {
    path: String,
    sha256: String,
    bytes: u64,
}

#[derive(Deserialize)]
struct Manifest {
    files: Vec<Listed>,
}

/// Reads and checks the pack at `path`.
pub fn read(path: &Path) -> Result<Arrival> {
    let refused = |why: String| Error::RefusedPack {
        path: path.to_path_buf(),
        why,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io("could not read", path, e))?
        .len();
    if size > PACK_LIMIT_BYTES {
        return Err(refused(format!(
            "it is {} MB, larger than any returns pack",
            size / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io("could not read", path, e))?;
    check(&bytes).map_err(refused)
}

/// Checks a pack's bytes; the reason it is refused otherwise.
fn check(bytes: &[u8]) -> std::result::Result<Arrival, String> {
    let not_a_pack = |why: &str| {
        format!("it is not an Evident returns pack ({why}); bring in the zip Evident wrote")
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_pack("not a zip"))?;
    let manifest: Manifest = serde_json::from_slice(
        &entry(&mut zip, "manifest.json", 16 * 1024 * 1024)
            .map_err(|_| not_a_pack("it has no manifest.json"))?,
    )
    .map_err(|e| not_a_pack(&format!("its manifest cannot be read: {e}")))?;
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let names: Vec<String> = (0..zip.len())
        .filter_map(|i| {
            zip.by_index_raw(i)
                .ok()
                .and_then(|f| f.name().ok().map(|n| n.to_string()))
        })
        .collect();
    if names.len() != zip.len() {
        return Err(not_a_pack("its zip cannot be read"));
    }
    for name in &names {
        if name != "manifest.json" && !listed.contains(name.as_str()) {
            return Err(altered(&format!(
                "{name} is in the zip but not in its manifest"
            )));
        }
    }
    let ReadFiles { data, workbook } = files_as_listed(&mut zip, &manifest.files)?;
    let data_bytes = data.ok_or_else(|| {
        "it was written by an Evident without data.json, which the desk reads; ask the provider to export it again".to_string()
    })?;
    let data_text =
        String::from_utf8(data_bytes).map_err(|_| not_a_pack("data.json is not text"))?;
    let data: PackData = serde_json::from_str(&data_text)
        .map_err(|e| not_a_pack(&format!("its data.json cannot be read: {e}")))?;
    if data.format != DATA_FORMAT {
        return Err(not_a_pack("its data.json is of another format"));
    }
    if data.version > DATA_VERSION {
        return Err(format!(
            "it was written by a newer Evident ({}, data version {}); update Evident on this computer to bring it in",
            data.generator, data.version
        ));
    }
    let workbook = workbook.ok_or_else(|| not_a_pack("it has no returns.xlsx"))?;
    let form = Form::read(&workbook).map_err(|e| not_a_pack(&e.to_string()))?;
    agrees(&form, &data)?;
    let sheets = kept_sheets(&form).map_err(|e| not_a_pack(&e))?;
    Ok(Arrival {
        sha256: crate::files::sha256(bytes),
        data,
        data_text,
        sheets,
    })
}

/// Checks every file the manifest lists against its size and SHA-256 as
/// it is unpacked; returns `data.json` and `returns.xlsx`, the two the desk
/// reads (the others, evidence photos among them, are hashed as they
/// stream and never held whole).
fn files_as_listed(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    listed: &[Listed],
) -> std::result::Result<ReadFiles, String> {
    let mut data = None;
    let mut workbook = None;
    for file in listed {
        let kept = matches!(file.path.as_str(), "data.json" | "returns.xlsx");
        let (sha256, size) = if kept {
            let content = entry(zip, &file.path, file.bytes.min(KEPT_LIMIT_BYTES))
                .map_err(|why| altered(&format!("{} {why}", file.path)))?;
            let hashed = (crate::files::sha256(&content), content.len() as u64);
            if file.path == "data.json" {
                data = Some(content);
            } else {
                workbook = Some(content);
            }
            hashed
        } else {
            let entry = zip.by_name(&file.path).map_err(|_| {
                altered(&format!(
                    "{} is listed in the manifest but missing",
                    file.path
                ))
            })?;
            crate::files::sha256_of(entry.take(file.bytes.min(PACK_LIMIT_BYTES) + 1))
                .map_err(|e| altered(&format!("{} cannot be unpacked ({e})", file.path)))?
        };
        if size != file.bytes || sha256 != file.sha256 {
            return Err(altered(&format!(
                "{} is not the file its manifest lists",
                file.path
            )));
        }
    }
    Ok(ReadFiles { data, workbook })
}

/// The two files of a pack the desk reads, as unpacked.
struct ReadFiles {
    data: Option<Vec<u8>>,
    workbook: Option<Vec<u8>>,
}

/// The most `data.json` or the workbook may unpack to.
const KEPT_LIMIT_BYTES: u64 = 128 * 1024 * 1024;

/// Whether the workbook's Summary shows the figures `data.json` gives:
/// each measure's this-period cell (a share as its fraction, a withheld
/// figure as the word). A pack whose two disagree was altered, whatever
/// its manifest says.
fn agrees(form: &Form, data: &PackData) -> std::result::Result<(), String> {
    let summary = form
        .sheet("Summary")
        .ok_or_else(|| altered("its workbook has no Summary sheet"))?;
    for m in &data.measures {
        let row = summary.cells.iter().find_map(|((row, column), cell)| {
            (*column == 1 && cell.value == Some(Written::Text(m.code.clone()))).then_some(*row)
        });
        let cell = row
            .and_then(|r| summary.cells.get(&(r, 6)))
            .and_then(|c| c.value.as_ref());
        let fits = match (m.this_period, cell) {
            (Some(v), Some(Written::Number(n))) => {
                let want = if m.unit == "percent" { v / 100.0 } else { v };
                (n - want).abs() < 1e-6
            }
            (None, Some(Written::Text(t))) => t == "withheld" || t == "n/a",
            _ => false,
        };
        if !fits {
            return Err(altered(&format!(
                "its data.json and its workbook's Summary disagree on {} this period",
                m.code
            )));
        }
    }
    Ok(())
}

/// The refusal of a pack whose files are not what its manifest says.
fn altered(what: &str) -> String {
    format!("it was altered after it was written: {what}; ask the provider to send the pack again as Evident wrote it")
}

/// One zip entry's bytes, reading no more than `limit` and one byte.
fn entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> std::result::Result<Vec<u8>, String> {
    let file = zip
        .by_name(name)
        .map_err(|_| "is listed in the manifest but missing".to_string())?;
    let mut bytes = Vec::new();
    file.take(limit.min(PACK_LIMIT_BYTES) + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be unpacked ({e})"))?;
    Ok(bytes)
}

/// The most rows and columns a kept sheet may reach: a pack's longest
/// sheet (Activity, a session a row) stays far below it.
const SHEET_LIMIT: (u32, u32) = (20_000, 60);

/// The kept sheets of the pack's workbook, each cell as it is shown.
fn kept_sheets(form: &Form) -> std::result::Result<Vec<SheetCells>, String> {
    KEPT_SHEETS
        .iter()
        .filter_map(|name| form.sheet(name))
        .map(|sheet| {
            let (last_row, last_column) = sheet.extent();
            if last_row > SHEET_LIMIT.0 || last_column > SHEET_LIMIT.1 {
                return Err(format!(
                    "its sheet {} is larger than any pack's",
                    sheet.name
                ));
            }
            let rows = (1..=last_row)
                .map(|row| {
                    (1..=last_column)
                        .map(|column| {
                            sheet
                                .cells
                                .get(&(row, column))
                                .map(|cell| shown(form, cell))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            Ok(SheetCells {
                name: sheet.name.clone(),
                rows,
            })
        })
        .collect()
}

/// A cell as the workbook shows it.
fn shown(form: &Form, cell: &crate::funder_form::Cell) -> String {
    match (&cell.value, form.shown(cell.style)) {
        (Some(Written::Number(n)), Shown::Percent) => format!("{:.1}%", n * 100.0),
        (Some(Written::Number(n)), Shown::Number) if n.fract() != 0.0 => format!("{:.2}", n)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
        _ => form.display(cell),
    }
}
