//! Writing a file whole: a temporary file in the same folder, synced, renamed
//! over the target, and the folder synced. A failure at any step leaves any
//! earlier file at the target untouched and no temporary file behind. Packs,
//! backups, evidence files and framework workbooks are all written this way.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `out` whole; `what` names the file in messages
/// ("pack", "backup", "framework workbook").
pub fn write_whole(out: &Path, what: &str, bytes: &[u8]) -> Result<()> {
    write_whole_with(out, what, |partial| {
        let mut file = create_private(partial)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Creates (or empties) the file at `path`, readable by the user alone
/// from its first byte.
pub fn create_private(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Refuses what is not a plain file: a folder, a device such as
/// `/dev/zero` (which never ends), or a pipe (which waits for a writer).
/// Looked at before it is opened, since opening a pipe waits.
pub fn must_be_plain_file(path: &Path) -> Result<fs::Metadata> {
    let metadata = fs::metadata(path).map_err(|e| Error::io("could not read", path, e))?;
    if !metadata.is_file() {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is not a file (a folder, a device or a pipe); choose the file itself",
                path.display()
            ),
        ));
    }
    Ok(metadata)
}

/// Refuses a path that is there and is not a plain file (a device or a
/// pipe); one that is not there is left to the reader to say so.
pub fn refuse_device_or_pipe(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(_) => must_be_plain_file(path).map(|_| ()),
        Err(_) => Ok(()),
    }
}

/// The first `length` bytes of the plain file at `path` (fewer if it is
/// shorter): enough to tell what a large file is without reading it all.
pub fn read_start(path: &Path, length: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    must_be_plain_file(path)?;
    let mut start = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(length).read_to_end(&mut start))
        .map_err(|e| Error::io("could not read", path, e))?;
    Ok(start)
}

/// Reads the file at `path` whole, refusing anything that is not a plain
/// file (a device such as `/dev/zero` would fill the memory, a pipe might
/// never end) or is larger than `limit` bytes.
pub fn read_plain_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let metadata = must_be_plain_file(path)?;
    if metadata.len() > limit {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is larger than any file Evident writes; choose another",
                path.display()
            ),
        ));
    }
    let file = fs::File::open(path).map_err(|e| Error::io("could not read", path, e))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("could not read", path, e))?;
    Ok(bytes)
}

/// Writes `out` whole with `fill`, which writes the complete contents to the
/// temporary path it is given (and need not sync it).
pub fn write_whole_with(
    out: &Path,
    what: &str,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<()> {
    folder_must_exist(out, what)?;
    let dir = folder_of(out);
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("evident");
    let partial = dir.join(format!(".{name}.partial"));
    let _ = fs::remove_file(&partial);
    let result = fill(&partial)
        .and_then(|_| {
            keep_private(&partial);
            fs::File::open(&partial)?.sync_all()
        })
        .and_then(|_| fs::rename(&partial, out));
    if let Err(e) = result {
        let _ = fs::remove_file(&partial);
        return Err(Error::cannot_write(out, why_not_written(&e, &dir, what)));
    }
    sync_folder(&dir);
    Ok(())
}

/// Writes and removes a small file in `folder`: what stops it, if anything
/// (SQLite says "disk I/O error" or "unable to open" where the operating
/// system would say the disk is full or read-only).
pub fn what_stops_writing(folder: &Path) -> Option<std::io::ErrorKind> {
    let probe = folder.join(".evident-space-probe");
    let written = fs::write(&probe, vec![0u8; 64 * 1024]);
    let _ = fs::remove_file(&probe);
    written.err().map(|e| e.kind())
}

/// Copies `from` to `to`, telling a file that cannot be read
/// ([`Error::Io`]) apart from a place that cannot be written
/// ([`Error::CannotWrite`], saying when the disk is full or read-only). A
/// copy that fails part way is removed.
pub fn copy_file(from: &Path, to: &Path, what: &str) -> Result<()> {
    use std::io::Read as _;
    must_be_plain_file(from)?;
    let mut source = fs::File::open(from).map_err(|e| Error::io("could not read", from, e))?;
    let dir = folder_of(to);
    let not_written = |e: std::io::Error| {
        let _ = fs::remove_file(to);
        Error::cannot_write(to, why_not_written(&e, &dir, what))
    };
    let mut target = create_private(to).map_err(not_written)?;
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = source
            .read(&mut block)
            .map_err(|e| Error::io("could not read", from, e))?;
        if n == 0 {
            break;
        }
        target.write_all(&block[..n]).map_err(not_written)?;
    }
    target.sync_all().map_err(not_written)
}

/// Refuses a target whose folder does not exist (or, written with a
/// trailing `/`, a target that is meant as a folder and is not one), naming
/// the folder rather than complaining about the file's name.
pub fn folder_must_exist(out: &Path, what: &str) -> Result<()> {
    let text = out.as_os_str().to_string_lossy();
    let meant_as_folder = text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR);
    let dir = if meant_as_folder {
        out.to_path_buf()
    } else {
        folder_of(out)
    };
    if dir.is_dir() {
        return Ok(());
    }
    Err(Error::cannot_write(
        out,
        format!(
            "the folder {} does not exist; create it or choose another place for the {what}",
            dir.display()
        ),
    ))
}

/// `text` as part of a file or folder name: letters, digits, `-` and `_`,
/// each run of anything else one `-`, none at either end ("St Mary's
/// Centre" gives `St-Mary-s-Centre`).
pub fn name_part(text: &str) -> String {
    replace_unsafe(text.trim(), "-_", '-')
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `text` with every character but letters, digits and those in `kept`
/// replaced by `with`: the one rule for what a name Evident writes may
/// hold.
pub fn replace_unsafe(text: &str, kept: &str, with: char) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || kept.contains(c) {
                c
            } else {
                with
            }
        })
        .collect()
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename in `dir` durable; best effort, as not every platform can
/// sync a folder.
pub fn sync_folder(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Words an operating-system failure to write in `dir` for the person who
/// asked for the file.
fn why_not_written(e: &std::io::Error, dir: &Path, what: &str) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => format!(
            "Evident may not write in {}; choose a folder you can write to for the {what}, such as your Documents",
            dir.display()
        ),
        std::io::ErrorKind::StorageFull => format!(
            "the disk holding {} is full; free some space or choose another drive for the {what}",
            dir.display()
        ),
        _ => format!("the {what} could not be written ({e}); any earlier file there is unchanged"),
    }
}

/// Makes a file Evident wrote readable by the user alone (on a shared
/// computer, another account cannot read children's records). Where the
/// file system has no such permissions (a memory stick), nothing changes.
pub fn keep_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Creates `dir` (and its parents) if it is not there; a folder Evident
/// makes is kept private. One that was there already is left as it is.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    keep_private(dir);
    Ok(())
}

/// Removes what an interrupted write left in `dir`: Evident's temporary
/// files (`.NAME.partial`, `.evident-restore.partial`) and their SQLite
/// journals, once they are older than `age` (so that another process's
/// write in progress is left alone).
pub fn remove_leftovers(dir: &Path, age: std::time::Duration) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = name.starts_with('.')
            && (name.ends_with(".partial")
                || name.ends_with(".partial-journal")
                || name.ends_with(".partial-wal")
                || name.ends_with(".partial-shm"));
        let old_enough = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|e| e >= age);
        if leftover && old_enough {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The SHA-256 of some bytes, in lower-case hex: how every file Evident
/// keeps or writes (evidence, packs, funders' forms) is named and checked.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The SHA-256 of what `reader` gives, in lower-case hex as [`sha256`]
/// writes it, and how many bytes it gave: for a file too large to hold.
pub fn sha256_of(mut reader: impl std::io::Read) -> std::io::Result<(String, u64)> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        total += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_hashed_as_it_is_read_has_the_sha256_of_its_bytes() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (hex, len) = sha256_of(&bytes[..]).unwrap();
        assert_eq!((hex, len), (sha256(&bytes), 200_000));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_being_written_is_private_from_its_first_byte() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".photo.jpg.partial");
        let file = create_private(&partial).unwrap();
        let mode = file.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }

    #[test]
    fn a_missing_folder_is_named_with_the_kind_of_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nowhere").join("f.xlsx");
        let err = write_whole(&out, "framework workbook", b"x").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("does not exist") && message.contains("framework workbook"),
            "a missing folder is named as such, for the file being written: {message}"
        );
        assert_eq!(err.kind(), "cannot_write");
    }

    #[test]
    fn a_failed_fill_leaves_the_earlier_file_and_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pack.zip");
        write_whole(&out, "pack", b"first").unwrap();
        let failed = write_whole_with(&out, "pack", |p| {
            fs::write(p, b"half")?;
            Err(std::io::Error::other("disk went away"))
        });
        assert!(failed.is_err(), "a failed fill is reported");
        assert_eq!(
            fs::read(&out).unwrap(),
            b"first",
            "the earlier file stays whole"
        );
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
