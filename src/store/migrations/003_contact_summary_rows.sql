-- The organisation's contact for returns, each agreement's project summary,
-- and whether its funder asks for participant-level rows (default no).
ALTER TABLE organisation ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_role TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE agreement ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE agreement ADD COLUMN participant_rows INTEGER NOT NULL DEFAULT 0;

-- Milestones: what an agreement is to deliver that is not a number, with a
-- note per period.
CREATE TABLE milestone (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'not started',
    UNIQUE (agreement_id, title COLLATE NOCASE)
);
CREATE TABLE milestone_note (
    milestone_id INTEGER NOT NULL REFERENCES milestone (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (milestone_id, period)
) WITHOUT ROWID;

-- A return marked approved: by whom, their role, and when.
CREATE TABLE approval (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;

-- Turn-the-curve notes beside the story behind each measure's curve.
ALTER TABLE measure_curve ADD COLUMN partners TEXT NOT NULL DEFAULT '';
ALTER TABLE measure_curve ADD COLUMN what_works TEXT NOT NULL DEFAULT '';
ALTER TABLE measure_curve ADD COLUMN next_steps TEXT NOT NULL DEFAULT '';

-- Other income that supported the work, and the forecast of spend to the
-- agreement's end, as each period's return states them.
CREATE TABLE other_income (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    source       TEXT NOT NULL COLLATE NOCASE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    PRIMARY KEY (agreement_id, period, source)
) WITHOUT ROWID;
CREATE TABLE finance_forecast (
    agreement_id   INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period         TEXT NOT NULL,
    forecast_pence INTEGER NOT NULL CHECK (forecast_pence >= 0),
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;
