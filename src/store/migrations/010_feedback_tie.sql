-- Anonymous feedback belongs somewhere: a score may be tied to the session
-- it was given at, or to a programme. An anonymous score counts only for
-- the agreements that pay for its programme (its session's, when it has
-- one); one tied to neither counts nowhere and a readiness check lists it.
-- Existing scores stay untied: the coordinator ties them, nothing guesses.
ALTER TABLE assessment ADD COLUMN programme_id TEXT REFERENCES programme (id);
ALTER TABLE assessment ADD COLUMN session_id TEXT;
CREATE INDEX assessment_by_session ON assessment (session_id) WHERE session_id IS NOT NULL;

-- The history keeps whole records: its triggers on scores name the new
-- columns too (as migration 7 writes them: every column but `clocks`).
DROP TRIGGER history_assessment_insert;
DROP TRIGGER history_assessment_update;
DROP TRIGGER history_assessment_delete;
CREATE TRIGGER history_assessment_insert AFTER INSERT ON "assessment" BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('assessment', 'insert', json_array(NEW."id", NEW."number", NEW."participant_id", NEW."indicator_id", NEW."date", NEW."score", NEW."stage", NEW."programme_id", NEW."session_id"));
END;
CREATE TRIGGER history_assessment_update AFTER UPDATE OF "id", "number", "participant_id", "indicator_id", "date", "score", "stage", "programme_id", "session_id" ON "assessment" BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('assessment', 'update', json_array(OLD."id", OLD."number", OLD."participant_id", OLD."indicator_id", OLD."date", OLD."score", OLD."stage", OLD."programme_id", OLD."session_id"), json_array(NEW."id", NEW."number", NEW."participant_id", NEW."indicator_id", NEW."date", NEW."score", NEW."stage", NEW."programme_id", NEW."session_id"));
END;
CREATE TRIGGER history_assessment_delete AFTER DELETE ON "assessment" BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('assessment', 'delete', json_array(OLD."id", OLD."number", OLD."participant_id", OLD."indicator_id", OLD."date", OLD."score", OLD."stage", OLD."programme_id", OLD."session_id"));
END;
