-- Payments (DESIGN "Payments"): an agreement's instalments, a return
-- marked accepted by the funder (which releases the instalment waiting for
-- it), and the money the organisation holds, for the cash flow.

-- An instalment: how much, when it is expected, the return it waits for
-- (a period id; none when it waits for nothing), and what arrived and when.
CREATE TABLE instalment (
    id             TEXT PRIMARY KEY NOT NULL,
    agreement_id   TEXT NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    amount_pence   INTEGER NOT NULL CHECK (amount_pence > 0),
    expected_on    TEXT NOT NULL,
    waits_for      TEXT,
    received_on    TEXT,
    received_pence INTEGER CHECK (received_pence IS NULL OR received_pence >= 0),
    note           TEXT NOT NULL DEFAULT '',
    clocks         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX instalment_by_agreement ON instalment (agreement_id, expected_on);
CREATE INDEX "instalment_unstamped" ON "instalment" (clocks) WHERE clocks = '';

-- A period's return marked accepted by the funder.
CREATE TABLE acceptance (
    agreement_id TEXT NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    accepted_on  TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    clocks       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, period)
) WITHOUT ROWID;
CREATE INDEX "acceptance_unstamped" ON "acceptance" (clocks) WHERE clocks = '';

-- The money in the bank the cash flow starts from, as typed, and the day
-- it was so (one row, `opening`).
CREATE TABLE cash_balance (
    id           TEXT PRIMARY KEY NOT NULL,
    amount_pence INTEGER NOT NULL,
    as_of        TEXT NOT NULL,
    clocks       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX "cash_balance_unstamped" ON "cash_balance" (clocks) WHERE clocks = '';

CREATE TRIGGER history_instalment_insert AFTER INSERT ON "instalment" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('instalment', 'insert', json_array(NEW."id", NEW."agreement_id", NEW."amount_pence", NEW."expected_on", NEW."waits_for", NEW."received_on", NEW."received_pence", NEW."note"));
END;
CREATE TRIGGER history_instalment_update AFTER UPDATE OF "id", "agreement_id", "amount_pence", "expected_on", "waits_for", "received_on", "received_pence", "note" ON "instalment" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('instalment', 'update', json_array(OLD."id", OLD."agreement_id", OLD."amount_pence", OLD."expected_on", OLD."waits_for", OLD."received_on", OLD."received_pence", OLD."note"), json_array(NEW."id", NEW."agreement_id", NEW."amount_pence", NEW."expected_on", NEW."waits_for", NEW."received_on", NEW."received_pence", NEW."note"));
END;
CREATE TRIGGER history_instalment_delete AFTER DELETE ON "instalment" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('instalment', 'delete', json_array(OLD."id", OLD."agreement_id", OLD."amount_pence", OLD."expected_on", OLD."waits_for", OLD."received_on", OLD."received_pence", OLD."note"));
END;
CREATE TRIGGER history_acceptance_insert AFTER INSERT ON "acceptance" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('acceptance', 'insert', json_array(NEW."agreement_id", NEW."period", NEW."accepted_on", NEW."note"));
END;
CREATE TRIGGER history_acceptance_update AFTER UPDATE OF "agreement_id", "period", "accepted_on", "note" ON "acceptance" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('acceptance', 'update', json_array(OLD."agreement_id", OLD."period", OLD."accepted_on", OLD."note"), json_array(NEW."agreement_id", NEW."period", NEW."accepted_on", NEW."note"));
END;
CREATE TRIGGER history_acceptance_delete AFTER DELETE ON "acceptance" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('acceptance', 'delete', json_array(OLD."agreement_id", OLD."period", OLD."accepted_on", OLD."note"));
END;
CREATE TRIGGER history_cash_balance_insert AFTER INSERT ON "cash_balance" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('cash_balance', 'insert', json_array(NEW."id", NEW."amount_pence", NEW."as_of"));
END;
CREATE TRIGGER history_cash_balance_update AFTER UPDATE OF "id", "amount_pence", "as_of" ON "cash_balance" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('cash_balance', 'update', json_array(OLD."id", OLD."amount_pence", OLD."as_of"), json_array(NEW."id", NEW."amount_pence", NEW."as_of"));
END;
CREATE TRIGGER history_cash_balance_delete AFTER DELETE ON "cash_balance" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('cash_balance', 'delete', json_array(OLD."id", OLD."amount_pence", OLD."as_of"));
END;
