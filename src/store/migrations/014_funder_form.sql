-- The funder's own form kept with an agreement, and where each of its
-- cells takes its value from (DESIGN "The funder's own form").

-- The form: its file's name and SHA-256. One per agreement.
CREATE TABLE funder_form (
    agreement_id TEXT PRIMARY KEY NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    clocks       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX "funder_form_unstamped" ON "funder_form" (clocks) WHERE clocks = '';

-- The form's bytes by their SHA-256, apart from its record, so that the
-- history keeps which form was kept and not a copy of its bytes each time.
CREATE TABLE form_file (
    sha256   TEXT PRIMARY KEY NOT NULL,
    contents BLOB NOT NULL,
    clocks   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX "form_file_unstamped" ON "form_file" (clocks) WHERE clocks = '';

-- The mapping: a cell of the form and its source, in words
-- (`measure CYP1 this period`). A mapping may be kept before its form.
CREATE TABLE form_cell (
    agreement_id TEXT NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    sheet        TEXT NOT NULL COLLATE NOCASE,
    cell         TEXT NOT NULL COLLATE NOCASE,
    source       TEXT NOT NULL,
    clocks       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, sheet, cell)
) WITHOUT ROWID;
CREATE INDEX "form_cell_unstamped" ON "form_cell" (clocks) WHERE clocks = '';

CREATE TRIGGER history_funder_form_insert AFTER INSERT ON "funder_form" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('funder_form', 'insert', json_array(NEW."agreement_id", NEW."file_name", NEW."sha256", NEW."added_at"));
END;
CREATE TRIGGER history_funder_form_update AFTER UPDATE OF "agreement_id", "file_name", "sha256", "added_at" ON "funder_form" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('funder_form', 'update', json_array(OLD."agreement_id", OLD."file_name", OLD."sha256", OLD."added_at"), json_array(NEW."agreement_id", NEW."file_name", NEW."sha256", NEW."added_at"));
END;
CREATE TRIGGER history_funder_form_delete AFTER DELETE ON "funder_form" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('funder_form', 'delete', json_array(OLD."agreement_id", OLD."file_name", OLD."sha256", OLD."added_at"));
END;
CREATE TRIGGER history_form_cell_insert AFTER INSERT ON "form_cell" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('form_cell', 'insert', json_array(NEW."agreement_id", NEW."sheet", NEW."cell", NEW."source"));
END;
CREATE TRIGGER history_form_cell_update AFTER UPDATE OF "agreement_id", "sheet", "cell", "source" ON "form_cell" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('form_cell', 'update', json_array(OLD."agreement_id", OLD."sheet", OLD."cell", OLD."source"), json_array(NEW."agreement_id", NEW."sheet", NEW."cell", NEW."source"));
END;
CREATE TRIGGER history_form_cell_delete AFTER DELETE ON "form_cell" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('form_cell', 'delete', json_array(OLD."agreement_id", OLD."sheet", OLD."cell", OLD."source"));
END;
