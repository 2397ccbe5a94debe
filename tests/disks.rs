//! Full and read-only disks, for every command that writes: each says
//! which it is, and nothing of any of them is saved.

use std::path::{Path, PathBuf};

use crate::support::{evident, fingerprint};

/// A small file system of its own (tmpfs), for the full-disk and read-only
/// tests; `None` where this machine cannot mount one (not root, or a
/// container that forbids it), which the test reports.
pub struct Mounted(pub PathBuf);

impl Mounted {
    pub fn tmpfs(size: &str) -> Option<Mounted> {
        let dir =
            std::env::temp_dir().join(format!("evident-mount-{}-{}", std::process::id(), size));
        std::fs::create_dir_all(&dir).ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .ok()?
            .status
            .success();
        if mounted {
            Some(Mounted(dir))
        } else {
            eprintln!(
                "this machine cannot mount a tmpfs; the full and read-only disk checks did not run"
            );
            None
        }
    }

    pub fn read_only(&self) -> bool {
        self.remount("remount,ro")
    }

    /// Makes it writable again.
    pub fn read_write(&self) -> bool {
        self.remount("remount,rw")
    }

    fn remount(&self, how: &str) -> bool {
        std::process::Command::new("mount")
            .args(["-o", how])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Fills the disk at `dir` to its last block; returns the filler to remove.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut file, &block).is_ok() {}
    let _ = file.sync_all();
    filler
}

/// Every command that writes, as a volunteer would type it against the
/// demo's records. Files they read are in `inputs` (a disk with room);
/// files they write go to `out`, on the disk under test.
fn writing_commands(inputs: &Path, out: &Path, last_change: &str) -> Vec<Vec<String>> {
    let input = |name: &str| inputs.join(name).display().to_string();
    let output = |name: &str| out.join(name).display().to_string();
    let q2 = ["--agreement", "NBC-CYP-01", "--period", "2026-27 Q2"];
    let lines: Vec<Vec<&str>> = vec![
        vec!["participant", "add", "--known-as", "Dana"],
        vec!["participant", "edit", "P0001", "--known-as", "Amara B"],
        vec!["participant", "archive", "P0002"],
        vec![
            "session",
            "add",
            "--programme",
            "Youth club",
            "--date",
            "2026-11-20",
            "--duration-minutes",
            "90",
            "--attendees",
            "P0001,P0003",
        ],
        vec!["session", "delete", "S00001"],
        vec![
            "assessment",
            "add",
            "--participant",
            "P0001",
            "--indicator",
            "Session rating",
            "--date",
            "2026-11-20",
            "--score",
            "4",
        ],
        vec![
            "log",
            "add",
            "--participant",
            "P0001",
            "--date",
            "2026-11-20",
            "--outcome",
            "More confident",
        ],
        vec![
            "story",
            "add",
            "--date",
            "2026-11-20",
            "--title",
            "A new start",
            "--programme",
            "Youth club",
        ],
        vec!["funder", "add", "--name", "Riverside Trust"],
        vec!["programme", "add", "--name", "Cooking club"],
        vec!["org", "set", "--name", "Hillside Play"],
        vec!["list", "add", "source", "Health visitor"],
        vec![
            "measure",
            "target",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2026-27 Q3",
            "--value",
            "50",
            "CYP1",
        ],
        [
            &["finance", "set"][..],
            &q2,
            &["--heading", "Staffing", "--budget", "100", "--actual", "90"],
        ]
        .concat(),
        [
            &["narrative", "set"][..],
            &q2,
            &["--heading", "Successes", "--text", "We met every week."],
        ]
        .concat(),
        vec![
            "manual",
            "set",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
            "--value",
            "7",
            "YW6",
        ],
        vec![
            "milestone",
            "add",
            "--agreement",
            "NBC-CYP-01",
            "--title",
            "Annual report",
            "--due",
            "2027-03-01",
        ],
        [
            &["approve"][..],
            &q2,
            &["--name", "Ann Patel", "--role", "Chair"],
        ]
        .concat(),
        vec!["undo", last_change],
        vec!["demo", "--today", "2026-04-08"],
    ];
    let mut commands: Vec<Vec<String>> = lines
        .into_iter()
        .map(|line| line.into_iter().map(String::from).collect())
        .collect();
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    commands.extend([
        owned(&["attach", &input("sign-in.jpg"), "--session", "S00002"]),
        owned(&["import", "participants", &input("participants.csv")]),
        owned(&["import", "example", "trust-grant"]),
        owned(&["backup"]),
        owned(&["backup", "--out", &output("copy.db")]),
        owned(&[&["export"][..], &q2, &["--out", &output("pack-DRAFT.zip")]].concat()),
        owned(&[&["submit"][..], &q2, &["--pack", &input("pack-DRAFT.zip")]].concat()),
        owned(&["restore", &input("good.db")]),
    ]);
    commands
}

/// On a full disk and then on a read-only one, every command that writes
/// fails and says which it is, never "restore a backup", and saves nothing
/// (each was first shown to succeed on a disk with room).
#[cfg(unix)]
#[test]
fn every_writing_command_names_a_full_or_read_only_disk_and_saves_nothing() {
    let Some(disk) = Mounted::tmpfs("8m") else {
        return;
    };
    let demo = crate::support::TestDb::demo();
    let inputs = tempfile::tempdir().unwrap();
    let db = demo.path.clone();
    drop(demo.store);
    std::fs::write(inputs.path().join("sign-in.jpg"), b"\xff\xd8\xff a photo").unwrap();
    std::fs::write(
        inputs.path().join("participants.csv"),
        "code,known_as\nP9001,Zed\n",
    )
    .unwrap();
    let prepared = |args: &[&str]| {
        let run = evident(&db, args);
        assert!(run.ok, "{args:?}: {}", run.stderr);
        run.stdout
    };
    prepared(&[
        "backup",
        "--out",
        &inputs.path().join("good.db").display().to_string(),
    ]);
    prepared(&[
        "export",
        "--agreement",
        "NBC-CYP-01",
        "--period",
        "2026-27 Q2",
        "--out",
        &inputs.path().join("pack-DRAFT.zip").display().to_string(),
    ]);
    let last_change = prepared(&["history", "--limit", "1"])
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    // Each succeeds where there is room (on its own copy; `demo` on a new file).
    let roomy = tempfile::tempdir().unwrap();
    let commands = writing_commands(inputs.path(), roomy.path(), &last_change);
    for command in &commands {
        let copy = roomy.path().join("evident.db");
        let _ = std::fs::remove_file(&copy);
        if command[0] != "demo" {
            std::fs::copy(&db, &copy).unwrap();
        }
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let run = evident(&copy, &args);
        assert!(run.ok, "{command:?} should work with room: {}", run.stderr);
    }

    // The records on the small disk, opened once today (its daily backup taken).
    let path = disk.0.join("evident.db");
    std::fs::copy(&db, &path).unwrap();
    assert!(evident(&path, &["agreements"]).ok);
    let before = fingerprint(&path);
    let commands = writing_commands(inputs.path(), &disk.0, &last_change);
    let refused = |command: &[String], says: &[&str]| {
        let target = if command[0] == "demo" {
            disk.0.join("new.db")
        } else {
            path.clone()
        };
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let run = evident(&target, &args);
        assert!(!run.ok, "{command:?} reported success: {}", run.stdout);
        assert!(
            says.iter().any(|word| run.stderr.contains(word)),
            "{command:?} should say {says:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("restore a backup") && !run.stderr.contains("panicked"),
            "{command:?}: {}",
            run.stderr
        );
    };

    let filler = fill(&disk.0);
    for command in &commands {
        refused(command, &["full", "free some space"]);
    }
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        before,
        fingerprint(&path),
        "nothing was saved on the full disk"
    );

    assert!(disk.read_only(), "the tmpfs remounts read-only");
    for command in &commands {
        refused(command, &["read-only", "may not write"]);
    }
    assert!(disk.read_write());
    assert_eq!(
        before,
        fingerprint(&path),
        "nothing was saved on the read-only disk"
    );
    println!(
        "full and read-only disks: {} writing commands refused on each, nothing saved",
        commands.len()
    );
}
