-- The team, who ran each session, safeguarding figures and a second
-- signatory (DESIGN "The records": team member, safeguarding figures).

-- A member of staff or a volunteer. The name stays on the laptop (and the
-- sealed shared folder): no pack names anyone of the team.
CREATE TABLE team_member (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL COLLATE NOCASE,
    role              TEXT NOT NULL DEFAULT '',
    paid              INTEGER NOT NULL DEFAULT 1,
    hours_a_week      REAL CHECK (hours_a_week IS NULL OR hours_a_week >= 0),
    -- The funded post they fill, the agreement paying for it and its cost a year.
    post              TEXT NOT NULL DEFAULT '',
    post_agreement_id TEXT REFERENCES agreement (id),
    post_cost_pence   INTEGER CHECK (post_cost_pence IS NULL OR post_cost_pence >= 0),
    dbs_checked       TEXT,
    dbs_renewal       TEXT,
    safeguarding_lead INTEGER NOT NULL DEFAULT 0,
    left_date         TEXT,
    clocks            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX team_member_by_name ON team_member (name);
CREATE INDEX "team_member_unstamped" ON "team_member" (clocks) WHERE clocks = '';

-- Who ran a session: staff and volunteer hours are worked out from it.
CREATE TABLE session_team (
    session_id     TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    team_member_id TEXT NOT NULL REFERENCES team_member (id),
    clocks         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, team_member_id)
) WITHOUT ROWID;
CREATE INDEX session_team_by_member ON session_team (team_member_id);
CREATE INDEX "session_team_unstamped" ON "session_team" (clocks) WHERE clocks = '';

-- A period's safeguarding figures: counts and a date, never a name or a
-- case detail (case records stay in the organisation's own system).
CREATE TABLE safeguarding (
    agreement_id    TEXT NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    concerns        INTEGER NOT NULL DEFAULT 0 CHECK (concerns >= 0),
    referrals       INTEGER NOT NULL DEFAULT 0 CHECK (referrals >= 0),
    incidents       INTEGER NOT NULL DEFAULT 0 CHECK (incidents >= 0),
    allegations     INTEGER NOT NULL DEFAULT 0 CHECK (allegations >= 0),
    policy_reviewed TEXT,
    clocks          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;
CREATE INDEX "safeguarding_unstamped" ON "safeguarding" (clocks) WHERE clocks = '';

-- A framework may ask for two signatories.
ALTER TABLE approval ADD COLUMN second_name TEXT NOT NULL DEFAULT '';
ALTER TABLE approval ADD COLUMN second_role TEXT NOT NULL DEFAULT '';

-- The history keeps whole records (as migration 7 writes its triggers:
-- every column but `clocks`).
DROP TRIGGER history_approval_insert;
DROP TRIGGER history_approval_update;
DROP TRIGGER history_approval_delete;
CREATE TRIGGER history_approval_insert AFTER INSERT ON "approval" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('approval', 'insert', json_array(NEW."agreement_id", NEW."period", NEW."name", NEW."role", NEW."approved_at", NEW."second_name", NEW."second_role"));
END;
CREATE TRIGGER history_approval_update AFTER UPDATE OF "agreement_id", "period", "name", "role", "approved_at", "second_name", "second_role" ON "approval" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('approval', 'update', json_array(OLD."agreement_id", OLD."period", OLD."name", OLD."role", OLD."approved_at", OLD."second_name", OLD."second_role"), json_array(NEW."agreement_id", NEW."period", NEW."name", NEW."role", NEW."approved_at", NEW."second_name", NEW."second_role"));
END;
CREATE TRIGGER history_approval_delete AFTER DELETE ON "approval" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('approval', 'delete', json_array(OLD."agreement_id", OLD."period", OLD."name", OLD."role", OLD."approved_at", OLD."second_name", OLD."second_role"));
END;
CREATE TRIGGER history_team_member_insert AFTER INSERT ON "team_member" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('team_member', 'insert', json_array(NEW."id", NEW."name", NEW."role", NEW."paid", NEW."hours_a_week", NEW."post", NEW."post_agreement_id", NEW."post_cost_pence", NEW."dbs_checked", NEW."dbs_renewal", NEW."safeguarding_lead", NEW."left_date"));
END;
CREATE TRIGGER history_team_member_update AFTER UPDATE OF "id", "name", "role", "paid", "hours_a_week", "post", "post_agreement_id", "post_cost_pence", "dbs_checked", "dbs_renewal", "safeguarding_lead", "left_date" ON "team_member" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('team_member', 'update', json_array(OLD."id", OLD."name", OLD."role", OLD."paid", OLD."hours_a_week", OLD."post", OLD."post_agreement_id", OLD."post_cost_pence", OLD."dbs_checked", OLD."dbs_renewal", OLD."safeguarding_lead", OLD."left_date"), json_array(NEW."id", NEW."name", NEW."role", NEW."paid", NEW."hours_a_week", NEW."post", NEW."post_agreement_id", NEW."post_cost_pence", NEW."dbs_checked", NEW."dbs_renewal", NEW."safeguarding_lead", NEW."left_date"));
END;
CREATE TRIGGER history_team_member_delete AFTER DELETE ON "team_member" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('team_member', 'delete', json_array(OLD."id", OLD."name", OLD."role", OLD."paid", OLD."hours_a_week", OLD."post", OLD."post_agreement_id", OLD."post_cost_pence", OLD."dbs_checked", OLD."dbs_renewal", OLD."safeguarding_lead", OLD."left_date"));
END;
CREATE TRIGGER history_session_team_insert AFTER INSERT ON "session_team" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('session_team', 'insert', json_array(NEW."session_id", NEW."team_member_id"));
END;
CREATE TRIGGER history_session_team_update AFTER UPDATE OF "session_id", "team_member_id" ON "session_team" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('session_team', 'update', json_array(OLD."session_id", OLD."team_member_id"), json_array(NEW."session_id", NEW."team_member_id"));
END;
CREATE TRIGGER history_session_team_delete AFTER DELETE ON "session_team" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('session_team', 'delete', json_array(OLD."session_id", OLD."team_member_id"));
END;
CREATE TRIGGER history_safeguarding_insert AFTER INSERT ON "safeguarding" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('safeguarding', 'insert', json_array(NEW."agreement_id", NEW."period", NEW."concerns", NEW."referrals", NEW."incidents", NEW."allegations", NEW."policy_reviewed"));
END;
CREATE TRIGGER history_safeguarding_update AFTER UPDATE OF "agreement_id", "period", "concerns", "referrals", "incidents", "allegations", "policy_reviewed" ON "safeguarding" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('safeguarding', 'update', json_array(OLD."agreement_id", OLD."period", OLD."concerns", OLD."referrals", OLD."incidents", OLD."allegations", OLD."policy_reviewed"), json_array(NEW."agreement_id", NEW."period", NEW."concerns", NEW."referrals", NEW."incidents", NEW."allegations", NEW."policy_reviewed"));
END;
CREATE TRIGGER history_safeguarding_delete AFTER DELETE ON "safeguarding" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('safeguarding', 'delete', json_array(OLD."agreement_id", OLD."period", OLD."concerns", OLD."referrals", OLD."incidents", OLD."allegations", OLD."policy_reviewed"));
END;
