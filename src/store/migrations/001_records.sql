-- Evident's records (DESIGN "The records"). Dates are TEXT 'YYYY-MM-DD',
-- money is INTEGER pence, yes/no is INTEGER 0/1 (NULL = not known).

CREATE TABLE organisation (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    name                   TEXT NOT NULL,
    charity_number         TEXT NOT NULL DEFAULT '',
    fy_start_month         INTEGER NOT NULL DEFAULT 4 CHECK (fy_start_month BETWEEN 1 AND 12),
    age_bands              TEXT NOT NULL DEFAULT '0-4,5-10,11-15,16-19,20+',
    small_number_threshold INTEGER NOT NULL DEFAULT 5,
    retention_years        INTEGER NOT NULL DEFAULT 6
);

-- Reference lists the organisation can edit: ethnicity, gender, priority_group, source.
CREATE TABLE list_value (
    list     TEXT NOT NULL,
    value    TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (list, value)
) WITHOUT ROWID;

CREATE TABLE funder (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    contact  TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE programme (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agreement (
    id          INTEGER PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    funder_id   INTEGER NOT NULL REFERENCES funder (id),
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL CHECK (end_date >= start_date),
    value_pence INTEGER,
    frequency   TEXT NOT NULL,
    due_days    INTEGER NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agreement_programme (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    programme_id INTEGER NOT NULL REFERENCES programme (id),
    PRIMARY KEY (agreement_id, programme_id)
) WITHOUT ROWID;
CREATE INDEX agreement_programme_by_programme ON agreement_programme (programme_id);

CREATE TABLE narrative_heading (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    guidance     TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, heading)
);

CREATE TABLE participant (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE COLLATE NOCASE,
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
    archived            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE participant_group (
    participant_id INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    group_name     TEXT NOT NULL,
    PRIMARY KEY (participant_id, group_name)
) WITHOUT ROWID;

CREATE TABLE session (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    programme_id     INTEGER NOT NULL REFERENCES programme (id),
    date             TEXT NOT NULL,
    start_time       TEXT,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    location         TEXT NOT NULL DEFAULT '',
    headcount        INTEGER NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    staff            INTEGER NOT NULL DEFAULT 0,
    volunteers       INTEGER NOT NULL DEFAULT 0,
    volunteer_hours  REAL NOT NULL DEFAULT 0,
    notes            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_by_programme_date ON session (programme_id, date);
CREATE INDEX session_by_date ON session (date);

-- Named attendance. programme_id and date copy the session's, so that "who
-- came to these programmes before this day" is one index seek; the trigger
-- below keeps them equal to the session's.
CREATE TABLE attendance (
    session_id     INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participant (id),
    programme_id   INTEGER NOT NULL,
    date           TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX attendance_by_participant ON attendance (participant_id, programme_id, date);
CREATE TRIGGER session_moved AFTER UPDATE OF programme_id, date ON session
BEGIN
    UPDATE attendance SET programme_id = NEW.programme_id, date = NEW.date WHERE session_id = NEW.id;
END;

CREATE TABLE indicator (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    min               REAL NOT NULL,
    max               REAL NOT NULL CHECK (max > min),
    higher_is_better  INTEGER NOT NULL DEFAULT 1,
    meaningful_change REAL NOT NULL DEFAULT 1,
    description       TEXT NOT NULL DEFAULT '',
    archived          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE assessment (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER REFERENCES participant (id),
    indicator_id   INTEGER NOT NULL REFERENCES indicator (id),
    date           TEXT NOT NULL,
    score          REAL NOT NULL,
    stage          TEXT
);
CREATE INDEX assessment_by_indicator ON assessment (indicator_id, date);

CREATE TABLE outcome (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outcome_log (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participant (id),
    date           TEXT NOT NULL,
    outcome_id     INTEGER NOT NULL REFERENCES outcome (id),
    programme_id   INTEGER REFERENCES programme (id),
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    logged_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outcome_log_by_outcome ON outcome_log (outcome_id, date);

CREATE TABLE story (
    id             INTEGER PRIMARY KEY,
    date           TEXT NOT NULL,
    title          TEXT NOT NULL,
    programme_id   INTEGER REFERENCES programme (id),
    participant_id INTEGER REFERENCES participant (id),
    consent        INTEGER NOT NULL DEFAULT 0,
    consent_date   TEXT,
    situation      TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL DEFAULT '',
    difference     TEXT NOT NULL DEFAULT '',
    quote          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE measure (
    id               INTEGER PRIMARY KEY,
    agreement_id     INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    code             TEXT NOT NULL COLLATE NOCASE,
    title            TEXT NOT NULL,
    question         TEXT NOT NULL,
    calculation      TEXT NOT NULL,
    indicator_id     INTEGER REFERENCES indicator (id),
    outcome_id       INTEGER REFERENCES outcome (id),
    min_sessions     INTEGER,
    threshold        REAL,
    rating           REAL,
    filter           TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL,
    higher_is_better INTEGER NOT NULL DEFAULT 1,
    baseline         REAL,
    definition       TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, code)
);

CREATE TABLE story_measure (
    story_id   INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, measure_id)
) WITHOUT ROWID;

CREATE TABLE target (
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE manual_value (
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE narrative_answer (
    heading_id INTEGER NOT NULL REFERENCES narrative_heading (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (heading_id, period)
) WITHOUT ROWID;

CREATE TABLE measure_curve (
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (measure_id, period)
) WITHOUT ROWID;

CREATE TABLE finance (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    budget_pence INTEGER NOT NULL,
    actual_pence INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;

CREATE TABLE evidence_file (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    session_id   INTEGER REFERENCES session (id) ON DELETE CASCADE,
    story_id     INTEGER REFERENCES story (id) ON DELETE CASCADE,
    agreement_id INTEGER REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT,
    CHECK ((session_id IS NOT NULL) + (story_id IS NOT NULL) + (agreement_id IS NOT NULL) = 1)
);

CREATE TABLE submission (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreement (id),
    period       TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    pack_sha256  TEXT NOT NULL,
    values_json  TEXT NOT NULL
);

INSERT INTO list_value (list, value, position) VALUES
    ('ethnicity', 'Asian or Asian British: Bangladeshi', 1),
    ('ethnicity', 'Asian or Asian British: Chinese', 2),
    ('ethnicity', 'Asian or Asian British: Indian', 3),
    ('ethnicity', 'Asian or Asian British: Pakistani', 4),
    ('ethnicity', 'Asian or Asian British: any other Asian background', 5),
    ('ethnicity', 'Black, Black British, Caribbean or African: African', 6),
    ('ethnicity', 'Black, Black British, Caribbean or African: Caribbean', 7),
    ('ethnicity', 'Black, Black British, Caribbean or African: any other Black background', 8),
    ('ethnicity', 'Mixed or multiple: White and Asian', 9),
    ('ethnicity', 'Mixed or multiple: White and Black African', 10),
    ('ethnicity', 'Mixed or multiple: White and Black Caribbean', 11),
    ('ethnicity', 'Mixed or multiple: any other mixed background', 12),
    ('ethnicity', 'White: English, Welsh, Scottish, Northern Irish or British', 13),
    ('ethnicity', 'White: Irish', 14),
    ('ethnicity', 'White: Gypsy or Irish Traveller', 15),
    ('ethnicity', 'White: Roma', 16),
    ('ethnicity', 'White: any other White background', 17),
    ('ethnicity', 'Other: Arab', 18),
    ('ethnicity', 'Other: any other ethnic group', 19),
    ('ethnicity', 'Prefer not to say', 20),
    ('ethnicity', 'Not known', 21),
    ('gender', 'Girl or woman', 1),
    ('gender', 'Boy or man', 2),
    ('gender', 'Non-binary', 3),
    ('gender', 'Prefers to self-describe', 4),
    ('gender', 'Prefer not to say', 5),
    ('priority_group', 'young carer', 1),
    ('priority_group', 'looked-after child or care leaver', 2),
    ('priority_group', 'free school meals', 3),
    ('priority_group', 'council tenant', 4),
    ('priority_group', 'refugee or asylum seeker', 5),
    ('priority_group', 'young parent', 6),
    ('source', 'observation', 1),
    ('source', 'self-report', 2),
    ('source', 'parent or carer', 3),
    ('source', 'school', 4),
    ('source', 'other', 5);
