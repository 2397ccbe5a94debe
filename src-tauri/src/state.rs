//! The app's one piece of state: which database is open (the organisation's
//! own, or the sample), behind a lock. The shell only picks paths; opening,
//! setting up and the sample's records are the core's.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use evident::forms::OrganisationForm;
use evident::records::Organisation;
use evident::store::{DailyBackup, DeskStore};
use evident::{demo, Error, Result, Store};
use serde::Serialize;

/// The open database, if there is one yet.
pub struct AppState {
    inner: Mutex<Inner>,
}

struct Inner {
    /// The organisation's own database file (none when held in memory).
    own: Option<PathBuf>,
    /// Why the organisation's database did not open at start, until it does.
    problem: Option<StartProblem>,
    /// The open store: the organisation's, the sample, or none before set-up.
    store: Option<Store>,
    /// Whether the open store is the sample.
    sample: bool,
    /// The day's check and first backup, left to take once the window shows.
    daily_backup: Option<DailyBackup>,
    /// The commissioner's desk, once opened: a file of its own beside the
    /// organisation's records, never mixed with them.
    desk: Option<DeskStore>,
}

/// What the window needs to know to choose its first screen.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Whether an organisation is set up in the open database.
    pub set_up: bool,
    /// Whether the open database is the sample.
    pub sample: bool,
    /// The organisation, once set up.
    pub organisation: Option<Organisation>,
    /// Today, for forms' defaults.
    pub today: chrono::NaiveDate,
    /// The database file the records are kept in.
    pub data_file: Option<String>,
    /// Why the records did not open, when they did not.
    pub problem: Option<StartProblem>,
    /// Whether the open records are locked with a passphrase (the window
    /// closes them after the set idle time).
    pub locked: bool,
}

/// Why the organisation's records did not open at start, and what can mend
/// it: the window shows this instead of its screens.
#[derive(Debug, Clone, Serialize)]
pub struct StartProblem {
    /// What is wrong, where the records and backups are, and that nothing
    /// was changed.
    pub why: String,
    /// The kind of the core's error (`damaged`, `cannot_write`, …).
    pub kind: String,
    /// The backups folder.
    pub backups_folder: String,
    /// The newest backup's file name, when the file is damaged (or not an
    /// Evident database) and there are backups to restore.
    pub newest_backup: Option<String>,
}

impl AppState {
    /// Opens the organisation's database in the platform data folder, or
    /// none yet on the first run. The error is the sentence the start-up
    /// dialog shows when there is nowhere to keep records at all.
    pub fn open_default(now: NaiveDateTime) -> std::result::Result<AppState, String> {
        let path = Store::default_path().ok_or_else(|| {
            "This computer has no data folder Evident can use, so there is nowhere to keep the records.".to_string()
        })?;
        Ok(AppState::open_or_explain(&path, now))
    }

    /// Opens the database at `path`; when it does not open, the state holds
    /// why (and the newest backup, where one may mend it) for the window
    /// to show, and nothing is changed.
    pub fn open_or_explain(path: &Path, now: NaiveDateTime) -> AppState {
        match AppState::open_at(path, now) {
            Ok(state) => state,
            Err(e) => {
                let state = AppState::new(Some(path.to_path_buf()), None);
                state.lock().problem = Some(StartProblem::of(path, &e));
                state
            }
        }
    }

    /// Opens the database at `path` if there is one (none yet otherwise).
    pub fn open_at(path: &Path, now: NaiveDateTime) -> Result<AppState> {
        let (store, backup) = if path.exists() {
            let (store, backup) = open_for_the_day(path, now, None)?;
            (Some(store), backup)
        } else {
            (None, None)
        };
        let state = AppState::new(Some(path.to_path_buf()), store);
        state.lock().daily_backup = backup;
        Ok(state)
    }

    /// Tries again to open the records that did not open at start (the disk
    /// has room again, the folder is writable again).
    pub fn open_again(&self, now: NaiveDateTime) -> Result<()> {
        let mut inner = self.lock();
        let Some(own) = inner.own.clone() else {
            return Ok(());
        };
        match open_for_the_day(&own, now, None) {
            Ok((store, backup)) => {
                inner.store = Some(store);
                inner.problem = None;
                inner.daily_backup = backup;
                Ok(())
            }
            Err(e) => {
                inner.problem = Some(StartProblem::of(&own, &e));
                Err(e)
            }
        }
    }

    /// Opens locked records with their passphrase; a wrong one is refused
    /// ([`Error::Locked`]) and the records stay closed and untouched.
    pub fn unlock(&self, passphrase: &str, now: NaiveDateTime) -> Result<()> {
        let mut inner = self.lock();
        let own = inner.own.clone().ok_or(Error::NotSetUp)?;
        let (store, backup) = open_for_the_day(&own, now, Some(passphrase))?;
        inner.store = Some(store);
        inner.problem = None;
        inner.sample = false;
        inner.daily_backup = backup;
        Ok(())
    }

    /// Checks the records for damage and takes the day's first backup, if
    /// they are due, while the window is in use (the lock is held only to
    /// take the job and to say what was found). Damaged records are closed
    /// and the state holds why, as at start: the answer is whether that
    /// happened, so that the window can show it.
    pub fn take_daily_backup(&self) -> bool {
        let Some(backup) = self.lock().daily_backup.take() else {
            return false;
        };
        match backup.take() {
            Ok(Some(written)) => {
                tracing::info!(path = %written.display(), "the day's backup was written");
                false
            }
            Ok(None) => false,
            Err(e) if e.kind() == "damaged" => {
                let mut inner = self.lock();
                if let Some(own) = inner.own.clone() {
                    inner.problem = Some(StartProblem::of(&own, &e));
                    if !inner.sample {
                        inner.store = None;
                    }
                }
                true
            }
            // A full disk or a read-only folder never stops the records
            // being used; Settings lists the backups there are.
            Err(e) => {
                tracing::warn!(error = %e, "the day's backup could not be written");
                false
            }
        }
    }

    /// Closes locked records (after the set idle time): the window asks for
    /// the passphrase again. Records that are not locked stay open.
    pub fn lock_now(&self) {
        let mut inner = self.lock();
        let locked = inner.store.as_ref().is_some_and(Store::is_locked);
        if let (true, Some(own)) = (locked && !inner.sample, inner.own.clone()) {
            inner.store = None;
            let closed = Error::Locked {
                path: own.clone(),
                wrong: false,
            };
            inner.problem = Some(StartProblem::of(&own, &closed));
        }
    }

    /// Locks the organisation's records with `passphrase`, changes it, or
    /// (with `None`) unlocks them for good. Refused, the records stay open
    /// as they were.
    pub fn set_passphrase(
        &self,
        passphrase: Option<&str>,
        now: NaiveDateTime,
        done_by: &str,
    ) -> Result<()> {
        let mut inner = self.lock();
        if inner.sample {
            return Err(Error::invalid(
                "passphrase",
                "the sample is never locked; leave it first",
            ));
        }
        let store = inner.store.as_mut().ok_or(Error::NotSetUp)?;
        store.set_passphrase_in_place(passphrase, now, done_by)
    }

    /// Restores the newest good backup over records that did not open
    /// (damaged), setting the damaged file aside: the backup's file name.
    pub fn restore_newest(&self, now: NaiveDateTime) -> Result<String> {
        let mut inner = self.lock();
        let own = inner.own.clone().ok_or(Error::NotSetUp)?;
        let (store, backup) = Store::restore_newest_at(&own, now, None)?;
        inner.store = Some(store);
        inner.problem = None;
        inner.sample = false;
        Ok(backup
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default())
    }

    /// A state over a store held in memory, for tests.
    pub fn in_memory(store: Store) -> AppState {
        AppState::new(None, Some(store))
    }

    fn new(own: Option<PathBuf>, store: Option<Store>) -> AppState {
        AppState {
            inner: Mutex::new(Inner {
                own,
                problem: None,
                store,
                sample: false,
                daily_backup: None,
                desk: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a half-written store
        // (every write is a transaction), so the store is still good to use.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the commissioner's desk (`desk.db` beside the
    /// organisation's records), opening or creating it the first time.
    pub fn with_desk<T>(&self, f: impl FnOnce(&mut DeskStore) -> Result<T>) -> Result<T> {
        let mut inner = self.lock();
        let desk = match inner.desk.take() {
            Some(desk) => desk,
            None => {
                let path = inner
                    .own
                    .as_ref()
                    .map(|own| DeskStore::beside(own))
                    .ok_or_else(|| {
                        Error::cannot_write(
                            "the data folder",
                            "this computer has no data folder Evident can keep a desk in",
                        )
                    })?;
                DeskStore::open(&path)?
            }
        };
        let desk = inner.desk.insert(desk);
        f(desk)
    }

    /// Runs `f` on the open store; [`Error::NotSetUp`] before the
    /// organisation is set up.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut inner = self.lock();
        let store = inner.store.as_mut().ok_or(Error::NotSetUp)?;
        if !store.is_initialised()? {
            return Err(Error::NotSetUp);
        }
        f(store)
    }

    /// What the window shows first.
    pub fn status(&self, now: NaiveDateTime) -> Result<Status> {
        let inner = self.lock();
        let organisation = match &inner.store {
            Some(store) if store.is_initialised()? => Some(store.organisation()?),
            _ => None,
        };
        Ok(Status {
            set_up: organisation.is_some(),
            sample: inner.sample,
            organisation,
            today: now.date(),
            data_file: inner
                .store
                .as_ref()
                .and_then(|s| s.path())
                .map(|p| p.display().to_string()),
            problem: inner.problem.clone(),
            locked: inner.store.as_ref().is_some_and(Store::is_locked),
        })
    }

    /// Sets up the organisation in its own database (leaving the sample if
    /// it is open).
    pub fn set_up(&self, form: OrganisationForm, now: NaiveDateTime) -> Result<Organisation> {
        let organisation = form.organisation()?;
        let mut inner = self.lock();
        if let Some(problem) = &inner.problem {
            // Never set up a new organisation over records that did not open.
            return Err(Error::CannotWrite {
                path: inner.own.clone().unwrap_or_default(),
                why: problem.why.clone(),
            });
        }
        if inner.sample || inner.store.is_none() {
            let store = match &inner.own {
                Some(own) => Store::create(own, now)?,
                None => Store::open_in_memory()?,
            };
            inner.store = Some(store);
            inner.sample = false;
        }
        let store = inner.store.as_mut().ok_or(Error::NotSetUp)?;
        store.init_organisation(&organisation)?;
        Ok(organisation)
    }

    /// Opens the sample: the demo organisation in a file of its own beside
    /// the organisation's, made the first time, never mixed with real records.
    pub fn open_sample(&self, now: NaiveDateTime) -> Result<()> {
        let mut inner = self.lock();
        let path = match &inner.own {
            Some(own) => own.with_file_name("sample.db"),
            None => return Err(Error::NotSetUp),
        };
        let store = if path.exists() {
            Store::open(&path, now)?
        } else {
            let mut store = Store::create(&path, now)?;
            if let Err(e) = demo::fill(&mut store, demo::Size::Small, now.date()) {
                drop(store);
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
            store
        };
        inner.store = Some(store);
        inner.sample = true;
        Ok(())
    }

    /// Replaces the open database with the backup at `file` (the core checks
    /// it first and keeps a backup of what it replaces). A refused file
    /// leaves the records as they were, open again.
    pub fn restore(
        &self,
        file: &Path,
        now: NaiveDateTime,
        other_organisation: bool,
    ) -> Result<Organisation> {
        let mut inner = self.lock();
        if inner.problem.is_some() {
            // Records that did not open: the backup takes their place.
            let own = inner.own.clone().ok_or(Error::NotSetUp)?;
            let restored = Store::restore_at(&own, file, now, other_organisation, None)?;
            let organisation = restored.organisation()?;
            inner.store = Some(restored);
            inner.problem = None;
            inner.sample = false;
            return Ok(organisation);
        }
        if inner.sample {
            return Err(Error::cannot_write(
                "the sample",
                "a backup is restored over your own records, not the sample's: leave the sample first",
            ));
        }
        let store = inner.store.as_mut().ok_or(Error::NotSetUp)?;
        store.restore_in_place(file, now, other_organisation)?;
        store.organisation()
    }

    /// Brings records from another computer (a backup, or a copy of the
    /// records file) where none are kept yet: from the first run, or from
    /// the sample before anything was set up. The core checks the file
    /// first; a locked one needs its passphrase.
    pub fn bring_records(
        &self,
        file: &Path,
        passphrase: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Organisation> {
        self.first_records(
            "records are already kept here; restore a backup over them from Settings instead",
            |own| Store::bring_in(own, file, now, passphrase),
        )
    }

    /// Sets up this laptop's records from a joining file another laptop
    /// wrote (Settings, Several laptops), opened with the join code shown
    /// on that laptop, on the first run.
    pub fn join(
        &self,
        file: &Path,
        code: &str,
        passphrase: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Organisation> {
        self.first_records(
            "records are already kept here; a laptop joins before it keeps records of its own",
            |own| evident::sync::join(own, file, code, now, passphrase),
        )
    }

    /// Puts the records `make` sets up at the organisation's own path, where
    /// none are kept yet (the first run, or the sample); `kept_already`
    /// says why not when some are.
    fn first_records(
        &self,
        kept_already: &str,
        make: impl FnOnce(&Path) -> Result<Store>,
    ) -> Result<Organisation> {
        let mut inner = self.lock();
        let own = inner.own.clone().ok_or(Error::NotSetUp)?;
        if let Some(problem) = &inner.problem {
            return Err(Error::CannotWrite {
                path: own,
                why: problem.why.clone(),
            });
        }
        if inner.store.is_some() && !inner.sample {
            return Err(Error::cannot_write(&own, kept_already));
        }
        let store = make(&own)?;
        let organisation = store.organisation()?;
        inner.store = Some(store);
        inner.sample = false;
        Ok(organisation)
    }

    /// Leaves the sample for the organisation's own records (or the first
    /// run, when there are none yet).
    pub fn leave_sample(&self, now: NaiveDateTime) -> Result<()> {
        let mut inner = self.lock();
        if !inner.sample {
            return Ok(());
        }
        inner.store = match &inner.own {
            Some(own) if own.exists() => Some(Store::open(own, now)?),
            _ => None,
        };
        inner.sample = false;
        Ok(())
    }
}

/// Opens the organisation's records, leaving the day's check and backup
/// for [`AppState::take_daily_backup`].
fn open_for_the_day(
    path: &Path,
    now: NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<(Store, Option<DailyBackup>)> {
    Store::open_leaving_the_daily_backup(path, now, passphrase)
}

impl StartProblem {
    fn of(path: &Path, e: &Error) -> StartProblem {
        let backups = Store::backup_folder_for(path);
        // A file that looks locked may be records whose first page was
        // damaged: a backup is offered beside the passphrase.
        let may_mend = matches!(e.kind(), "damaged" | "not_evident_database" | "locked");
        let newest_backup = may_mend
            .then(|| Store::backups_of(path).ok())
            .flatten()
            .and_then(|b| b.into_iter().next())
            .and_then(|b| b.file_name().map(|n| n.to_string_lossy().into_owned()));
        let said = e.to_string();
        let mut letters = said.chars();
        let sentence = letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect::<String>())
            .unwrap_or_default();
        StartProblem {
            why: format!(
                "{sentence}\n\nThe records are kept in {}.\nBackups are in {}.\nNothing was changed.",
                path.display(),
                backups.display()
            ),
            kind: e.kind().to_string(),
            backups_folder: backups.display().to_string(),
            newest_backup,
        }
    }
}
