-- Keys made on the laptop, and what merging needs (DESIGN "Several laptops,
-- one organisation").
-- Every record that had a row number as its key now has a UUIDv7, written as
-- text, made on the laptop that adds it; every reference follows. Records
-- people refer to by number (assessments, log entries, stories, evidence
-- files, submissions) keep that number in `number`. Unique constraints other
-- than the key are gone: the store refuses a taken name, code or reference
-- itself, so that records merged from two laptops never break one.
--
-- Every synced row carries `clocks`: for each column, the stamp (see
-- src/sync/clock.rs) of the write that last set it, as a JSON object whose
-- "*" covers the columns not named; '' marks a row written in the current
-- transaction and not stamped yet, '{}' one from before (older than any
-- stamp). The tables below the records are this laptop's own: who it is,
-- its clock, the changes it has not sent, and the files it has applied.
--
-- This file makes the new tables beside the old; the migration's hook in
-- src/store/laptop_keys.rs gives each old row its key, copies the rows
-- across, replaces the old tables and puts back their indexes and triggers.

CREATE TABLE new_funder (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL COLLATE NOCASE,
    contact  TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_programme (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_agreement (
    id          TEXT PRIMARY KEY NOT NULL,
    reference   TEXT NOT NULL COLLATE NOCASE,
    funder_id   TEXT NOT NULL REFERENCES new_funder (id),
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL CHECK (end_date >= start_date),
    value_pence INTEGER,
    frequency   TEXT NOT NULL,
    due_days    INTEGER NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    participant_rows INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_agreement_programme (
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL REFERENCES new_programme (id),
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, programme_id)
) WITHOUT ROWID;

CREATE TABLE new_narrative_heading (
    id           TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    guidance     TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_participant (
    id                  TEXT PRIMARY KEY NOT NULL,
    code                TEXT NOT NULL COLLATE NOCASE,
    known_as            TEXT NOT NULL DEFAULT '',
    date_of_birth       TEXT,
    gender              TEXT NOT NULL DEFAULT '',
    ethnicity           TEXT NOT NULL DEFAULT '',
    area                TEXT NOT NULL DEFAULT '',
    disability          INTEGER,
    sen                 INTEGER,
    referral_source     TEXT NOT NULL DEFAULT '',
    consent_date        TEXT,
    consent_photos      INTEGER NOT NULL DEFAULT 0,
    consent_stories     INTEGER NOT NULL DEFAULT 0,
    lawful_basis        TEXT,
    consent_given_by    TEXT,
    consent_review_date TEXT,
    left_date           TEXT,
    archived            INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_participant_group (
    participant_id TEXT NOT NULL REFERENCES new_participant (id) ON DELETE CASCADE,
    group_name     TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (participant_id, group_name)
) WITHOUT ROWID;

CREATE TABLE new_session (
    id               TEXT PRIMARY KEY NOT NULL,
    reference        TEXT NOT NULL COLLATE NOCASE,
    programme_id     TEXT NOT NULL REFERENCES new_programme (id),
    date             TEXT NOT NULL,
    start_time       TEXT,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    location         TEXT NOT NULL DEFAULT '',
    headcount        INTEGER NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    staff            INTEGER NOT NULL DEFAULT 0,
    volunteers       INTEGER NOT NULL DEFAULT 0,
    volunteer_hours  REAL NOT NULL DEFAULT 0,
    notes            TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_attendance (
    session_id     TEXT NOT NULL REFERENCES new_session (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES new_participant (id),
    programme_id   TEXT NOT NULL,
    date           TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;

CREATE TABLE new_indicator (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL COLLATE NOCASE,
    min               REAL NOT NULL,
    max               REAL NOT NULL CHECK (max > min),
    higher_is_better  INTEGER NOT NULL DEFAULT 1,
    meaningful_change REAL NOT NULL DEFAULT 1,
    description       TEXT NOT NULL DEFAULT '',
    archived          INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_assessment (
    id             TEXT PRIMARY KEY NOT NULL,
    number         INTEGER NOT NULL,
    participant_id TEXT REFERENCES new_participant (id),
    indicator_id   TEXT NOT NULL REFERENCES new_indicator (id),
    date           TEXT NOT NULL,
    score          REAL NOT NULL,
    stage          TEXT,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_outcome (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_outcome_log (
    id             TEXT PRIMARY KEY NOT NULL,
    number         INTEGER NOT NULL,
    participant_id TEXT NOT NULL REFERENCES new_participant (id),
    date           TEXT NOT NULL,
    outcome_id     TEXT NOT NULL REFERENCES new_outcome (id),
    programme_id   TEXT REFERENCES new_programme (id),
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    logged_by      TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_story (
    id             TEXT PRIMARY KEY NOT NULL,
    number         INTEGER NOT NULL,
    date           TEXT NOT NULL,
    title          TEXT NOT NULL,
    programme_id   TEXT REFERENCES new_programme (id),
    participant_id TEXT REFERENCES new_participant (id),
    consent        INTEGER NOT NULL DEFAULT 0,
    consent_date   TEXT,
    situation      TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL DEFAULT '',
    difference     TEXT NOT NULL DEFAULT '',
    quote          TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_measure (
    id               TEXT PRIMARY KEY NOT NULL,
    agreement_id     TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    code             TEXT NOT NULL COLLATE NOCASE,
    title            TEXT NOT NULL,
    question         TEXT NOT NULL,
    calculation      TEXT NOT NULL,
    indicator_id     TEXT REFERENCES new_indicator (id),
    outcome_id       TEXT REFERENCES new_outcome (id),
    min_sessions     INTEGER,
    threshold        REAL,
    rating           REAL,
    filter           TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL,
    higher_is_better INTEGER NOT NULL DEFAULT 1,
    baseline         REAL,
    definition       TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_story_measure (
    story_id   TEXT NOT NULL REFERENCES new_story (id) ON DELETE CASCADE,
    measure_id TEXT NOT NULL REFERENCES new_measure (id) ON DELETE CASCADE,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (story_id, measure_id)
) WITHOUT ROWID;

CREATE TABLE new_target (
    measure_id TEXT NOT NULL REFERENCES new_measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE new_manual_value (
    measure_id TEXT NOT NULL REFERENCES new_measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE new_narrative_answer (
    heading_id TEXT NOT NULL REFERENCES new_narrative_heading (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    text       TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (heading_id, period)
) WITHOUT ROWID;

CREATE TABLE new_measure_curve (
    measure_id TEXT NOT NULL REFERENCES new_measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    text       TEXT NOT NULL,
    partners TEXT NOT NULL DEFAULT '',
    what_works TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE new_evidence_file (
    id           TEXT PRIMARY KEY NOT NULL,
    number       INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    session_id   TEXT REFERENCES new_session (id) ON DELETE CASCADE,
    story_id     TEXT REFERENCES new_story (id) ON DELETE CASCADE,
    agreement_id TEXT REFERENCES new_agreement (id) ON DELETE CASCADE,
    period       TEXT,
    clocks         TEXT NOT NULL DEFAULT '',
    CHECK ((session_id IS NOT NULL) + (story_id IS NOT NULL) + (agreement_id IS NOT NULL) = 1)
);

CREATE TABLE new_submission (
    id           TEXT PRIMARY KEY NOT NULL,
    number       INTEGER NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id),
    period       TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    pack_sha256  TEXT NOT NULL,
    values_json  TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_milestone (
    id           TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'not started',
    clocks         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE new_milestone_note (
    milestone_id TEXT NOT NULL REFERENCES new_milestone (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    text         TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (milestone_id, period)
) WITHOUT ROWID;

CREATE TABLE new_approval (
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;

CREATE TABLE new_other_income (
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    source       TEXT NOT NULL COLLATE NOCASE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period, source)
) WITHOUT ROWID;

CREATE TABLE new_finance_forecast (
    agreement_id   TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    period         TEXT NOT NULL,
    forecast_pence INTEGER NOT NULL CHECK (forecast_pence >= 0),
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;

CREATE TABLE new_cost_heading (
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, heading)
) WITHOUT ROWID;

CREATE TABLE new_finance_line (
    agreement_id TEXT NOT NULL REFERENCES new_agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    budget_pence INTEGER NOT NULL CHECK (budget_pence >= 0),
    actual_pence INTEGER NOT NULL CHECK (actual_pence >= 0),
    note         TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period, heading)
) WITHOUT ROWID;

CREATE TABLE new_anonymised (
    participant_id TEXT PRIMARY KEY NOT NULL REFERENCES new_participant (id) ON DELETE CASCADE,
    on_date        TEXT NOT NULL,
    clocks         TEXT NOT NULL DEFAULT ''
);

ALTER TABLE organisation ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN sync_key TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN sync_folder TEXT NOT NULL DEFAULT '';
ALTER TABLE list_value ADD COLUMN clocks TEXT NOT NULL DEFAULT '';

-- The laptops of the organisation, as each joined: numbers a laptop gives
-- start at block × 1,000,000 + 1, and its codes carry its tag (P0001 on the
-- first laptop, PB0001 on the second).
CREATE TABLE new_laptop (
    id        TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    block     INTEGER NOT NULL,
    tag       TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    clocks    TEXT NOT NULL DEFAULT ''
);

-- What was deleted and when (the stamp of the write that deleted it), by
-- table and key (a JSON array of the key's values), so that a deletion and
-- the same record added again on another laptop (a register mark taken off
-- here and put back there) end the same on every laptop, whichever arrives
-- first: the later of the two wins.
CREATE TABLE deletion (
    tbl    TEXT NOT NULL,
    pk     TEXT NOT NULL,
    stamp  TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;

-- This laptop: who it is, its block and tag, its clock's latest stamp, the
-- number of the last file of changes it sent, whether these records are a
-- copy written for a new laptop to join from and not joined from yet, and
-- the shared folder it last sent to or got from.
CREATE TABLE sync_this (
    one    INTEGER PRIMARY KEY CHECK (one = 1),
    laptop TEXT NOT NULL,
    block  INTEGER NOT NULL DEFAULT 0,
    tag    TEXT NOT NULL DEFAULT '',
    clock  TEXT NOT NULL DEFAULT '',
    sent   INTEGER NOT NULL DEFAULT 0,
    sent_at TEXT,
    joining INTEGER NOT NULL DEFAULT 0,
    folder  TEXT
);

-- Each write's changes, as SQLite's session extension recorded them, until
-- they are sent.
CREATE TABLE sync_outbox (
    id      INTEGER PRIMARY KEY,
    changes BLOB NOT NULL
);

-- The last file applied from each other laptop, and when it was written.
CREATE TABLE sync_applied (
    laptop     TEXT PRIMARY KEY NOT NULL,
    sequence   INTEGER NOT NULL,
    written_at TEXT NOT NULL,
    applied_at TEXT NOT NULL
);
