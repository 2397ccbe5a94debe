-- Privacy (DESIGN "Privacy"): who has been anonymised and when, and a log
-- of privacy actions (what, when, by whom, how many people) that holds no
-- personal data.

CREATE TABLE anonymised (
    participant_id INTEGER PRIMARY KEY REFERENCES participant (id) ON DELETE CASCADE,
    on_date        TEXT NOT NULL
);

CREATE TABLE privacy_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    action  TEXT NOT NULL,
    people  INTEGER NOT NULL DEFAULT 0,
    done_by TEXT NOT NULL DEFAULT ''
);
