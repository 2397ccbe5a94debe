-- Finance by cost line: each agreement's cost headings (the defaults, or a
-- funder's own), and budget and spend per heading and period.
CREATE TABLE cost_heading (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (agreement_id, heading)
) WITHOUT ROWID;

INSERT INTO cost_heading (agreement_id, position, heading)
SELECT a.id, d.position, d.heading FROM agreement a,
    (SELECT 0 AS position, 'Staffing' AS heading
     UNION ALL SELECT 1, 'Premises'
     UNION ALL SELECT 2, 'Activities and materials'
     UNION ALL SELECT 3, 'Volunteer expenses'
     UNION ALL SELECT 4, 'Management and overheads'
     UNION ALL SELECT 5, 'Other') d;

CREATE TABLE finance_line (
    agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    heading      TEXT NOT NULL COLLATE NOCASE,
    budget_pence INTEGER NOT NULL CHECK (budget_pence >= 0),
    actual_pence INTEGER NOT NULL CHECK (actual_pence >= 0),
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period, heading)
) WITHOUT ROWID;

-- A period's budget and spend recorded before cost lines become one line,
-- "All costs", so that no figure is lost or guessed into a heading.
INSERT INTO finance_line (agreement_id, period, heading, budget_pence, actual_pence, note)
SELECT agreement_id, period, 'All costs', budget_pence, actual_pence, note FROM finance;

DROP TABLE finance;
