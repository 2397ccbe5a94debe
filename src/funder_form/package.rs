//! The funder's workbook as a package of parts: its zip read with a cap on
//! what any part may unpack to, the XML helpers every reader of a part
//! shares, and where each sheet's part is.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Result};

/// The most any one part of a form may unpack to: a form's sheets are a
/// few hundred kilobytes; a part built to explode is refused.
const PART_LIMIT_BYTES: u64 = 64 * 1024 * 1024;

/// The refusal of a file that is not a workbook Evident can fill.
pub(super) fn not_a_form(why: impl std::fmt::Display) -> Error {
    Error::invalid(
        "form",
        format!("this file is not a workbook Evident can fill ({why}); save the funder's form as an Excel workbook (.xlsx) and add it again"),
    )
}

/// The workbook's parts, unpacked as text, by their path in the zip.
pub(super) struct Package {
    parts: BTreeMap<String, String>,
    /// The workbook part's path (`xl/workbook.xml`).
    pub workbook: String,
}

/// An XML part read as text (UTF-8, as every spreadsheet writes it).
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let Ok(entry) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    entry
        .take(PART_LIMIT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| not_a_form(format!("its part {name} cannot be read: {e}")))?;
    if text.len() as u64 > PART_LIMIT_BYTES {
        return Err(not_a_form(format!(
            "its part {name} unpacks to more than 64 MB"
        )));
    }
    Ok(Some(text))
}

impl Package {
    /// Opens `bytes` as an Excel workbook and reads the parts it needs: the
    /// relationships, the workbook, its shared strings and styles, and every
    /// worksheet.
    pub fn open(bytes: &[u8]) -> Result<Package> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| not_a_form(format!("it is not a zip package: {e}")))?;
        let root = read_part(&mut archive, "_rels/.rels")?
            .ok_or_else(|| not_a_form("it has no list of its parts"))?;
        let workbook = relationships(&root, "")?
            .into_iter()
            .find(|(kind, _, _)| kind.ends_with("/officeDocument"))
            .map(|(_, _, target)| target)
            .ok_or_else(|| not_a_form("it names no workbook"))?;
        let mut names: Vec<String> =
            vec!["_rels/.rels".into(), workbook.clone(), rels_of(&workbook)];
        let workbook_rels = read_part(&mut archive, &rels_of(&workbook))?.unwrap_or_default();
        for (_, _, target) in relationships(&workbook_rels, &folder_of(&workbook))? {
            if target.ends_with(".xml") {
                names.push(target);
            }
        }
        let mut parts = BTreeMap::new();
        for name in names {
            if let Some(text) = read_part(&mut archive, &name)? {
                parts.insert(name, text);
            }
        }
        if !parts.contains_key(&workbook) {
            return Err(not_a_form("its workbook part is missing"));
        }
        Ok(Package { parts, workbook })
    }

    /// A part's text, if the package has it.
    pub fn part(&self, name: &str) -> Option<&str> {
        self.parts.get(name).map(String::as_str)
    }

    /// The workbook's relationships: id → (type, target path).
    pub fn workbook_relationships(&self) -> Result<Vec<(String, String, String)>> {
        let rels = self.part(&rels_of(&self.workbook)).unwrap_or_default();
        relationships(rels, &folder_of(&self.workbook))
    }
}

/// The relationships part of `part` (`xl/_rels/workbook.xml.rels`).
fn rels_of(part: &str) -> String {
    let (folder, name) = part.rsplit_once('/').unwrap_or(("", part));
    if folder.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{folder}/_rels/{name}.rels")
    }
}

fn folder_of(part: &str) -> String {
    part.rsplit_once('/')
        .map(|(f, _)| f.to_string())
        .unwrap_or_default()
}

/// A relationships part's entries as (type, id, target path), targets made
/// absolute from `folder`.
fn relationships(xml: &str, folder: &str) -> Result<Vec<(String, String, String)>> {
    let mut found = Vec::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(not_a_form)? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                if attr(&e, "TargetMode").is_some_and(|m| m == "External") {
                    continue;
                }
                let (Some(kind), Some(id), Some(target)) =
                    (attr(&e, "Type"), attr(&e, "Id"), attr(&e, "Target"))
                else {
                    continue;
                };
                found.push((kind, id, resolve(folder, &target)));
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// `target` relative to `folder`, as a path inside the zip.
fn resolve(folder: &str, target: &str) -> String {
    let mut path: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    } else {
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for step in target.split('/') {
        match step {
            "." | "" => {}
            ".." => {
                path.pop();
            }
            other => path.push(other),
        }
    }
    path.join("/")
}

/// An element's local name (`c` for `x:c`).
pub(super) fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    let name = e.name().0;
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An attribute's value by its local name (`id` finds `r:id`), unescaped.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.0;
        let key = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key == name).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// Text content as read: text, CDATA and entity references, joined.
pub(super) fn text_of(event: &Event<'_>, into: &mut String) {
    match event {
        Event::Text(t) => into.push_str(&t.xml10_content()),
        Event::CData(c) => into.push_str(c),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                into.push(c);
            } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
                into.push_str(s);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_as_a_spreadsheet_resolves_them() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "../sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
