-- A measure the funder sets no target for (a council that counts sessions
-- but agrees no number): the readiness check "Does every measure have a
-- target for this period?" no longer asks of it.
ALTER TABLE measure ADD COLUMN no_target INTEGER NOT NULL DEFAULT 0;

-- The history keeps whole records: its triggers on measures name the new
-- column too (as migration 7 writes them: every column but `clocks`).
DROP TRIGGER history_measure_insert;
DROP TRIGGER history_measure_update;
DROP TRIGGER history_measure_delete;
CREATE TRIGGER history_measure_insert AFTER INSERT ON "measure" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('measure', 'insert', json_array(NEW."id", NEW."agreement_id", NEW."position", NEW."code", NEW."title", NEW."question", NEW."calculation", NEW."indicator_id", NEW."outcome_id", NEW."min_sessions", NEW."threshold", NEW."rating", NEW."filter", NEW."unit", NEW."higher_is_better", NEW."baseline", NEW."definition", NEW."no_target"));
END;
CREATE TRIGGER history_measure_update AFTER UPDATE OF "id", "agreement_id", "position", "code", "title", "question", "calculation", "indicator_id", "outcome_id", "min_sessions", "threshold", "rating", "filter", "unit", "higher_is_better", "baseline", "definition", "no_target" ON "measure" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('measure', 'update', json_array(OLD."id", OLD."agreement_id", OLD."position", OLD."code", OLD."title", OLD."question", OLD."calculation", OLD."indicator_id", OLD."outcome_id", OLD."min_sessions", OLD."threshold", OLD."rating", OLD."filter", OLD."unit", OLD."higher_is_better", OLD."baseline", OLD."definition", OLD."no_target"), json_array(NEW."id", NEW."agreement_id", NEW."position", NEW."code", NEW."title", NEW."question", NEW."calculation", NEW."indicator_id", NEW."outcome_id", NEW."min_sessions", NEW."threshold", NEW."rating", NEW."filter", NEW."unit", NEW."higher_is_better", NEW."baseline", NEW."definition", NEW."no_target"));
END;
CREATE TRIGGER history_measure_delete AFTER DELETE ON "measure" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('measure', 'delete', json_array(OLD."id", OLD."agreement_id", OLD."position", OLD."code", OLD."title", OLD."question", OLD."calculation", OLD."indicator_id", OLD."outcome_id", OLD."min_sessions", OLD."threshold", OLD."rating", OLD."filter", OLD."unit", OLD."higher_is_better", OLD."baseline", OLD."definition", OLD."no_target"));
END;
