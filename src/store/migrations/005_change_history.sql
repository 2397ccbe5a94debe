-- The history of every change to a record: what, when, before and after
-- (as JSON), kept by triggers in the same transaction as the change, so
-- that a mistaken edit or deletion can be seen and undone. Submissions are
-- left out: they are kept as sent, never changed.
CREATE TABLE change_history (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
    table_name TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before     TEXT,
    after      TEXT
);
CREATE INDEX change_history_by_table ON change_history (table_name, id);

CREATE TRIGGER history_agreement_insert AFTER INSERT ON agreement BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('agreement', 'insert', json_object('id', NEW.id, 'reference', NEW.reference, 'funder_id', NEW.funder_id, 'title', NEW.title, 'kind', NEW.kind, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'value_pence', NEW.value_pence, 'frequency', NEW.frequency, 'due_days', NEW.due_days, 'archived', NEW.archived, 'summary', NEW.summary, 'participant_rows', NEW.participant_rows));
END;
CREATE TRIGGER history_agreement_update AFTER UPDATE ON agreement BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('agreement', 'update', json_object('id', OLD.id, 'reference', OLD.reference, 'funder_id', OLD.funder_id, 'title', OLD.title, 'kind', OLD.kind, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'value_pence', OLD.value_pence, 'frequency', OLD.frequency, 'due_days', OLD.due_days, 'archived', OLD.archived, 'summary', OLD.summary, 'participant_rows', OLD.participant_rows), json_object('id', NEW.id, 'reference', NEW.reference, 'funder_id', NEW.funder_id, 'title', NEW.title, 'kind', NEW.kind, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'value_pence', NEW.value_pence, 'frequency', NEW.frequency, 'due_days', NEW.due_days, 'archived', NEW.archived, 'summary', NEW.summary, 'participant_rows', NEW.participant_rows));
END;
CREATE TRIGGER history_agreement_delete AFTER DELETE ON agreement BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('agreement', 'delete', json_object('id', OLD.id, 'reference', OLD.reference, 'funder_id', OLD.funder_id, 'title', OLD.title, 'kind', OLD.kind, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'value_pence', OLD.value_pence, 'frequency', OLD.frequency, 'due_days', OLD.due_days, 'archived', OLD.archived, 'summary', OLD.summary, 'participant_rows', OLD.participant_rows));
END;

CREATE TRIGGER history_agreement_programme_insert AFTER INSERT ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('agreement_programme', 'insert', json_object('agreement_id', NEW.agreement_id, 'programme_id', NEW.programme_id));
END;
CREATE TRIGGER history_agreement_programme_update AFTER UPDATE ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('agreement_programme', 'update', json_object('agreement_id', OLD.agreement_id, 'programme_id', OLD.programme_id), json_object('agreement_id', NEW.agreement_id, 'programme_id', NEW.programme_id));
END;
CREATE TRIGGER history_agreement_programme_delete AFTER DELETE ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('agreement_programme', 'delete', json_object('agreement_id', OLD.agreement_id, 'programme_id', OLD.programme_id));
END;

CREATE TRIGGER history_approval_insert AFTER INSERT ON approval BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('approval', 'insert', json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'name', NEW.name, 'role', NEW.role, 'approved_at', NEW.approved_at));
END;
CREATE TRIGGER history_approval_update AFTER UPDATE ON approval BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('approval', 'update', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'name', OLD.name, 'role', OLD.role, 'approved_at', OLD.approved_at), json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'name', NEW.name, 'role', NEW.role, 'approved_at', NEW.approved_at));
END;
CREATE TRIGGER history_approval_delete AFTER DELETE ON approval BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('approval', 'delete', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'name', OLD.name, 'role', OLD.role, 'approved_at', OLD.approved_at));
END;

CREATE TRIGGER history_assessment_insert AFTER INSERT ON assessment BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('assessment', 'insert', json_object('id', NEW.id, 'participant_id', NEW.participant_id, 'indicator_id', NEW.indicator_id, 'date', NEW.date, 'score', NEW.score, 'stage', NEW.stage));
END;
CREATE TRIGGER history_assessment_update AFTER UPDATE ON assessment BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('assessment', 'update', json_object('id', OLD.id, 'participant_id', OLD.participant_id, 'indicator_id', OLD.indicator_id, 'date', OLD.date, 'score', OLD.score, 'stage', OLD.stage), json_object('id', NEW.id, 'participant_id', NEW.participant_id, 'indicator_id', NEW.indicator_id, 'date', NEW.date, 'score', NEW.score, 'stage', NEW.stage));
END;
CREATE TRIGGER history_assessment_delete AFTER DELETE ON assessment BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('assessment', 'delete', json_object('id', OLD.id, 'participant_id', OLD.participant_id, 'indicator_id', OLD.indicator_id, 'date', OLD.date, 'score', OLD.score, 'stage', OLD.stage));
END;

CREATE TRIGGER history_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('attendance', 'insert', json_object('session_id', NEW.session_id, 'participant_id', NEW.participant_id, 'programme_id', NEW.programme_id, 'date', NEW.date));
END;
CREATE TRIGGER history_attendance_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('attendance', 'update', json_object('session_id', OLD.session_id, 'participant_id', OLD.participant_id, 'programme_id', OLD.programme_id, 'date', OLD.date), json_object('session_id', NEW.session_id, 'participant_id', NEW.participant_id, 'programme_id', NEW.programme_id, 'date', NEW.date));
END;
CREATE TRIGGER history_attendance_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('attendance', 'delete', json_object('session_id', OLD.session_id, 'participant_id', OLD.participant_id, 'programme_id', OLD.programme_id, 'date', OLD.date));
END;

CREATE TRIGGER history_cost_heading_insert AFTER INSERT ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('cost_heading', 'insert', json_object('agreement_id', NEW.agreement_id, 'position', NEW.position, 'heading', NEW.heading));
END;
CREATE TRIGGER history_cost_heading_update AFTER UPDATE ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('cost_heading', 'update', json_object('agreement_id', OLD.agreement_id, 'position', OLD.position, 'heading', OLD.heading), json_object('agreement_id', NEW.agreement_id, 'position', NEW.position, 'heading', NEW.heading));
END;
CREATE TRIGGER history_cost_heading_delete AFTER DELETE ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('cost_heading', 'delete', json_object('agreement_id', OLD.agreement_id, 'position', OLD.position, 'heading', OLD.heading));
END;

CREATE TRIGGER history_evidence_file_insert AFTER INSERT ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('evidence_file', 'insert', json_object('id', NEW.id, 'file_name', NEW.file_name, 'sha256', NEW.sha256, 'size', NEW.size, 'added_at', NEW.added_at, 'session_id', NEW.session_id, 'story_id', NEW.story_id, 'agreement_id', NEW.agreement_id, 'period', NEW.period));
END;
CREATE TRIGGER history_evidence_file_update AFTER UPDATE ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('evidence_file', 'update', json_object('id', OLD.id, 'file_name', OLD.file_name, 'sha256', OLD.sha256, 'size', OLD.size, 'added_at', OLD.added_at, 'session_id', OLD.session_id, 'story_id', OLD.story_id, 'agreement_id', OLD.agreement_id, 'period', OLD.period), json_object('id', NEW.id, 'file_name', NEW.file_name, 'sha256', NEW.sha256, 'size', NEW.size, 'added_at', NEW.added_at, 'session_id', NEW.session_id, 'story_id', NEW.story_id, 'agreement_id', NEW.agreement_id, 'period', NEW.period));
END;
CREATE TRIGGER history_evidence_file_delete AFTER DELETE ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('evidence_file', 'delete', json_object('id', OLD.id, 'file_name', OLD.file_name, 'sha256', OLD.sha256, 'size', OLD.size, 'added_at', OLD.added_at, 'session_id', OLD.session_id, 'story_id', OLD.story_id, 'agreement_id', OLD.agreement_id, 'period', OLD.period));
END;

CREATE TRIGGER history_finance_forecast_insert AFTER INSERT ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('finance_forecast', 'insert', json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'forecast_pence', NEW.forecast_pence));
END;
CREATE TRIGGER history_finance_forecast_update AFTER UPDATE ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('finance_forecast', 'update', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'forecast_pence', OLD.forecast_pence), json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'forecast_pence', NEW.forecast_pence));
END;
CREATE TRIGGER history_finance_forecast_delete AFTER DELETE ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('finance_forecast', 'delete', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'forecast_pence', OLD.forecast_pence));
END;

CREATE TRIGGER history_finance_line_insert AFTER INSERT ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('finance_line', 'insert', json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'heading', NEW.heading, 'budget_pence', NEW.budget_pence, 'actual_pence', NEW.actual_pence, 'note', NEW.note));
END;
CREATE TRIGGER history_finance_line_update AFTER UPDATE ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('finance_line', 'update', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'heading', OLD.heading, 'budget_pence', OLD.budget_pence, 'actual_pence', OLD.actual_pence, 'note', OLD.note), json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'heading', NEW.heading, 'budget_pence', NEW.budget_pence, 'actual_pence', NEW.actual_pence, 'note', NEW.note));
END;
CREATE TRIGGER history_finance_line_delete AFTER DELETE ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('finance_line', 'delete', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'heading', OLD.heading, 'budget_pence', OLD.budget_pence, 'actual_pence', OLD.actual_pence, 'note', OLD.note));
END;

CREATE TRIGGER history_funder_insert AFTER INSERT ON funder BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('funder', 'insert', json_object('id', NEW.id, 'name', NEW.name, 'contact', NEW.contact, 'archived', NEW.archived));
END;
CREATE TRIGGER history_funder_update AFTER UPDATE ON funder BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('funder', 'update', json_object('id', OLD.id, 'name', OLD.name, 'contact', OLD.contact, 'archived', OLD.archived), json_object('id', NEW.id, 'name', NEW.name, 'contact', NEW.contact, 'archived', NEW.archived));
END;
CREATE TRIGGER history_funder_delete AFTER DELETE ON funder BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('funder', 'delete', json_object('id', OLD.id, 'name', OLD.name, 'contact', OLD.contact, 'archived', OLD.archived));
END;

CREATE TRIGGER history_indicator_insert AFTER INSERT ON indicator BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('indicator', 'insert', json_object('id', NEW.id, 'name', NEW.name, 'min', NEW.min, 'max', NEW.max, 'higher_is_better', NEW.higher_is_better, 'meaningful_change', NEW.meaningful_change, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_indicator_update AFTER UPDATE ON indicator BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('indicator', 'update', json_object('id', OLD.id, 'name', OLD.name, 'min', OLD.min, 'max', OLD.max, 'higher_is_better', OLD.higher_is_better, 'meaningful_change', OLD.meaningful_change, 'description', OLD.description, 'archived', OLD.archived), json_object('id', NEW.id, 'name', NEW.name, 'min', NEW.min, 'max', NEW.max, 'higher_is_better', NEW.higher_is_better, 'meaningful_change', NEW.meaningful_change, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_indicator_delete AFTER DELETE ON indicator BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('indicator', 'delete', json_object('id', OLD.id, 'name', OLD.name, 'min', OLD.min, 'max', OLD.max, 'higher_is_better', OLD.higher_is_better, 'meaningful_change', OLD.meaningful_change, 'description', OLD.description, 'archived', OLD.archived));
END;

CREATE TRIGGER history_list_value_insert AFTER INSERT ON list_value BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('list_value', 'insert', json_object('list', NEW.list, 'value', NEW.value, 'position', NEW.position));
END;
CREATE TRIGGER history_list_value_update AFTER UPDATE ON list_value BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('list_value', 'update', json_object('list', OLD.list, 'value', OLD.value, 'position', OLD.position), json_object('list', NEW.list, 'value', NEW.value, 'position', NEW.position));
END;
CREATE TRIGGER history_list_value_delete AFTER DELETE ON list_value BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('list_value', 'delete', json_object('list', OLD.list, 'value', OLD.value, 'position', OLD.position));
END;

CREATE TRIGGER history_manual_value_insert AFTER INSERT ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('manual_value', 'insert', json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'value', NEW.value, 'note', NEW.note));
END;
CREATE TRIGGER history_manual_value_update AFTER UPDATE ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('manual_value', 'update', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'value', OLD.value, 'note', OLD.note), json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'value', NEW.value, 'note', NEW.note));
END;
CREATE TRIGGER history_manual_value_delete AFTER DELETE ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('manual_value', 'delete', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'value', OLD.value, 'note', OLD.note));
END;

CREATE TRIGGER history_measure_insert AFTER INSERT ON measure BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('measure', 'insert', json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'position', NEW.position, 'code', NEW.code, 'title', NEW.title, 'question', NEW.question, 'calculation', NEW.calculation, 'indicator_id', NEW.indicator_id, 'outcome_id', NEW.outcome_id, 'min_sessions', NEW.min_sessions, 'threshold', NEW.threshold, 'rating', NEW.rating, 'filter', NEW.filter, 'unit', NEW.unit, 'higher_is_better', NEW.higher_is_better, 'baseline', NEW.baseline, 'definition', NEW.definition));
END;
CREATE TRIGGER history_measure_update AFTER UPDATE ON measure BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('measure', 'update', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'position', OLD.position, 'code', OLD.code, 'title', OLD.title, 'question', OLD.question, 'calculation', OLD.calculation, 'indicator_id', OLD.indicator_id, 'outcome_id', OLD.outcome_id, 'min_sessions', OLD.min_sessions, 'threshold', OLD.threshold, 'rating', OLD.rating, 'filter', OLD.filter, 'unit', OLD.unit, 'higher_is_better', OLD.higher_is_better, 'baseline', OLD.baseline, 'definition', OLD.definition), json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'position', NEW.position, 'code', NEW.code, 'title', NEW.title, 'question', NEW.question, 'calculation', NEW.calculation, 'indicator_id', NEW.indicator_id, 'outcome_id', NEW.outcome_id, 'min_sessions', NEW.min_sessions, 'threshold', NEW.threshold, 'rating', NEW.rating, 'filter', NEW.filter, 'unit', NEW.unit, 'higher_is_better', NEW.higher_is_better, 'baseline', NEW.baseline, 'definition', NEW.definition));
END;
CREATE TRIGGER history_measure_delete AFTER DELETE ON measure BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('measure', 'delete', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'position', OLD.position, 'code', OLD.code, 'title', OLD.title, 'question', OLD.question, 'calculation', OLD.calculation, 'indicator_id', OLD.indicator_id, 'outcome_id', OLD.outcome_id, 'min_sessions', OLD.min_sessions, 'threshold', OLD.threshold, 'rating', OLD.rating, 'filter', OLD.filter, 'unit', OLD.unit, 'higher_is_better', OLD.higher_is_better, 'baseline', OLD.baseline, 'definition', OLD.definition));
END;

CREATE TRIGGER history_measure_curve_insert AFTER INSERT ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('measure_curve', 'insert', json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'text', NEW.text, 'partners', NEW.partners, 'what_works', NEW.what_works, 'next_steps', NEW.next_steps));
END;
CREATE TRIGGER history_measure_curve_update AFTER UPDATE ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('measure_curve', 'update', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'text', OLD.text, 'partners', OLD.partners, 'what_works', OLD.what_works, 'next_steps', OLD.next_steps), json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'text', NEW.text, 'partners', NEW.partners, 'what_works', NEW.what_works, 'next_steps', NEW.next_steps));
END;
CREATE TRIGGER history_measure_curve_delete AFTER DELETE ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('measure_curve', 'delete', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'text', OLD.text, 'partners', OLD.partners, 'what_works', OLD.what_works, 'next_steps', OLD.next_steps));
END;

CREATE TRIGGER history_milestone_insert AFTER INSERT ON milestone BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('milestone', 'insert', json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'title', NEW.title, 'due_date', NEW.due_date, 'status', NEW.status));
END;
CREATE TRIGGER history_milestone_update AFTER UPDATE ON milestone BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('milestone', 'update', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'title', OLD.title, 'due_date', OLD.due_date, 'status', OLD.status), json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'title', NEW.title, 'due_date', NEW.due_date, 'status', NEW.status));
END;
CREATE TRIGGER history_milestone_delete AFTER DELETE ON milestone BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('milestone', 'delete', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'title', OLD.title, 'due_date', OLD.due_date, 'status', OLD.status));
END;

CREATE TRIGGER history_milestone_note_insert AFTER INSERT ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('milestone_note', 'insert', json_object('milestone_id', NEW.milestone_id, 'period', NEW.period, 'text', NEW.text));
END;
CREATE TRIGGER history_milestone_note_update AFTER UPDATE ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('milestone_note', 'update', json_object('milestone_id', OLD.milestone_id, 'period', OLD.period, 'text', OLD.text), json_object('milestone_id', NEW.milestone_id, 'period', NEW.period, 'text', NEW.text));
END;
CREATE TRIGGER history_milestone_note_delete AFTER DELETE ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('milestone_note', 'delete', json_object('milestone_id', OLD.milestone_id, 'period', OLD.period, 'text', OLD.text));
END;

CREATE TRIGGER history_narrative_answer_insert AFTER INSERT ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('narrative_answer', 'insert', json_object('heading_id', NEW.heading_id, 'period', NEW.period, 'text', NEW.text));
END;
CREATE TRIGGER history_narrative_answer_update AFTER UPDATE ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('narrative_answer', 'update', json_object('heading_id', OLD.heading_id, 'period', OLD.period, 'text', OLD.text), json_object('heading_id', NEW.heading_id, 'period', NEW.period, 'text', NEW.text));
END;
CREATE TRIGGER history_narrative_answer_delete AFTER DELETE ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('narrative_answer', 'delete', json_object('heading_id', OLD.heading_id, 'period', OLD.period, 'text', OLD.text));
END;

CREATE TRIGGER history_narrative_heading_insert AFTER INSERT ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('narrative_heading', 'insert', json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'position', NEW.position, 'heading', NEW.heading, 'guidance', NEW.guidance));
END;
CREATE TRIGGER history_narrative_heading_update AFTER UPDATE ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('narrative_heading', 'update', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'position', OLD.position, 'heading', OLD.heading, 'guidance', OLD.guidance), json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'position', NEW.position, 'heading', NEW.heading, 'guidance', NEW.guidance));
END;
CREATE TRIGGER history_narrative_heading_delete AFTER DELETE ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('narrative_heading', 'delete', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'position', OLD.position, 'heading', OLD.heading, 'guidance', OLD.guidance));
END;

CREATE TRIGGER history_organisation_insert AFTER INSERT ON organisation BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('organisation', 'insert', json_object('id', NEW.id, 'name', NEW.name, 'charity_number', NEW.charity_number, 'fy_start_month', NEW.fy_start_month, 'age_bands', NEW.age_bands, 'small_number_threshold', NEW.small_number_threshold, 'retention_years', NEW.retention_years, 'contact_name', NEW.contact_name, 'contact_role', NEW.contact_role, 'contact_email', NEW.contact_email, 'contact_phone', NEW.contact_phone));
END;
CREATE TRIGGER history_organisation_update AFTER UPDATE ON organisation BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('organisation', 'update', json_object('id', OLD.id, 'name', OLD.name, 'charity_number', OLD.charity_number, 'fy_start_month', OLD.fy_start_month, 'age_bands', OLD.age_bands, 'small_number_threshold', OLD.small_number_threshold, 'retention_years', OLD.retention_years, 'contact_name', OLD.contact_name, 'contact_role', OLD.contact_role, 'contact_email', OLD.contact_email, 'contact_phone', OLD.contact_phone), json_object('id', NEW.id, 'name', NEW.name, 'charity_number', NEW.charity_number, 'fy_start_month', NEW.fy_start_month, 'age_bands', NEW.age_bands, 'small_number_threshold', NEW.small_number_threshold, 'retention_years', NEW.retention_years, 'contact_name', NEW.contact_name, 'contact_role', NEW.contact_role, 'contact_email', NEW.contact_email, 'contact_phone', NEW.contact_phone));
END;
CREATE TRIGGER history_organisation_delete AFTER DELETE ON organisation BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('organisation', 'delete', json_object('id', OLD.id, 'name', OLD.name, 'charity_number', OLD.charity_number, 'fy_start_month', OLD.fy_start_month, 'age_bands', OLD.age_bands, 'small_number_threshold', OLD.small_number_threshold, 'retention_years', OLD.retention_years, 'contact_name', OLD.contact_name, 'contact_role', OLD.contact_role, 'contact_email', OLD.contact_email, 'contact_phone', OLD.contact_phone));
END;

CREATE TRIGGER history_other_income_insert AFTER INSERT ON other_income BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('other_income', 'insert', json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'source', NEW.source, 'amount_pence', NEW.amount_pence));
END;
CREATE TRIGGER history_other_income_update AFTER UPDATE ON other_income BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('other_income', 'update', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'source', OLD.source, 'amount_pence', OLD.amount_pence), json_object('agreement_id', NEW.agreement_id, 'period', NEW.period, 'source', NEW.source, 'amount_pence', NEW.amount_pence));
END;
CREATE TRIGGER history_other_income_delete AFTER DELETE ON other_income BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('other_income', 'delete', json_object('agreement_id', OLD.agreement_id, 'period', OLD.period, 'source', OLD.source, 'amount_pence', OLD.amount_pence));
END;

CREATE TRIGGER history_outcome_insert AFTER INSERT ON outcome BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('outcome', 'insert', json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_outcome_update AFTER UPDATE ON outcome BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('outcome', 'update', json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'archived', OLD.archived), json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_outcome_delete AFTER DELETE ON outcome BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('outcome', 'delete', json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'archived', OLD.archived));
END;

CREATE TRIGGER history_outcome_log_insert AFTER INSERT ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('outcome_log', 'insert', json_object('id', NEW.id, 'participant_id', NEW.participant_id, 'date', NEW.date, 'outcome_id', NEW.outcome_id, 'programme_id', NEW.programme_id, 'note', NEW.note, 'source', NEW.source, 'logged_by', NEW.logged_by));
END;
CREATE TRIGGER history_outcome_log_update AFTER UPDATE ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('outcome_log', 'update', json_object('id', OLD.id, 'participant_id', OLD.participant_id, 'date', OLD.date, 'outcome_id', OLD.outcome_id, 'programme_id', OLD.programme_id, 'note', OLD.note, 'source', OLD.source, 'logged_by', OLD.logged_by), json_object('id', NEW.id, 'participant_id', NEW.participant_id, 'date', NEW.date, 'outcome_id', NEW.outcome_id, 'programme_id', NEW.programme_id, 'note', NEW.note, 'source', NEW.source, 'logged_by', NEW.logged_by));
END;
CREATE TRIGGER history_outcome_log_delete AFTER DELETE ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('outcome_log', 'delete', json_object('id', OLD.id, 'participant_id', OLD.participant_id, 'date', OLD.date, 'outcome_id', OLD.outcome_id, 'programme_id', OLD.programme_id, 'note', OLD.note, 'source', OLD.source, 'logged_by', OLD.logged_by));
END;

CREATE TRIGGER history_participant_insert AFTER INSERT ON participant BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('participant', 'insert', json_object('id', NEW.id, 'code', NEW.code, 'known_as', NEW.known_as, 'date_of_birth', NEW.date_of_birth, 'gender', NEW.gender, 'ethnicity', NEW.ethnicity, 'area', NEW.area, 'disability', NEW.disability, 'sen', NEW.sen, 'referral_source', NEW.referral_source, 'consent_date', NEW.consent_date, 'consent_photos', NEW.consent_photos, 'consent_stories', NEW.consent_stories, 'lawful_basis', NEW.lawful_basis, 'consent_given_by', NEW.consent_given_by, 'consent_review_date', NEW.consent_review_date, 'left_date', NEW.left_date, 'archived', NEW.archived));
END;
CREATE TRIGGER history_participant_update AFTER UPDATE ON participant BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('participant', 'update', json_object('id', OLD.id, 'code', OLD.code, 'known_as', OLD.known_as, 'date_of_birth', OLD.date_of_birth, 'gender', OLD.gender, 'ethnicity', OLD.ethnicity, 'area', OLD.area, 'disability', OLD.disability, 'sen', OLD.sen, 'referral_source', OLD.referral_source, 'consent_date', OLD.consent_date, 'consent_photos', OLD.consent_photos, 'consent_stories', OLD.consent_stories, 'lawful_basis', OLD.lawful_basis, 'consent_given_by', OLD.consent_given_by, 'consent_review_date', OLD.consent_review_date, 'left_date', OLD.left_date, 'archived', OLD.archived), json_object('id', NEW.id, 'code', NEW.code, 'known_as', NEW.known_as, 'date_of_birth', NEW.date_of_birth, 'gender', NEW.gender, 'ethnicity', NEW.ethnicity, 'area', NEW.area, 'disability', NEW.disability, 'sen', NEW.sen, 'referral_source', NEW.referral_source, 'consent_date', NEW.consent_date, 'consent_photos', NEW.consent_photos, 'consent_stories', NEW.consent_stories, 'lawful_basis', NEW.lawful_basis, 'consent_given_by', NEW.consent_given_by, 'consent_review_date', NEW.consent_review_date, 'left_date', NEW.left_date, 'archived', NEW.archived));
END;
CREATE TRIGGER history_participant_delete AFTER DELETE ON participant BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('participant', 'delete', json_object('id', OLD.id, 'code', OLD.code, 'known_as', OLD.known_as, 'date_of_birth', OLD.date_of_birth, 'gender', OLD.gender, 'ethnicity', OLD.ethnicity, 'area', OLD.area, 'disability', OLD.disability, 'sen', OLD.sen, 'referral_source', OLD.referral_source, 'consent_date', OLD.consent_date, 'consent_photos', OLD.consent_photos, 'consent_stories', OLD.consent_stories, 'lawful_basis', OLD.lawful_basis, 'consent_given_by', OLD.consent_given_by, 'consent_review_date', OLD.consent_review_date, 'left_date', OLD.left_date, 'archived', OLD.archived));
END;

CREATE TRIGGER history_participant_group_insert AFTER INSERT ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('participant_group', 'insert', json_object('participant_id', NEW.participant_id, 'group_name', NEW.group_name));
END;
CREATE TRIGGER history_participant_group_update AFTER UPDATE ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('participant_group', 'update', json_object('participant_id', OLD.participant_id, 'group_name', OLD.group_name), json_object('participant_id', NEW.participant_id, 'group_name', NEW.group_name));
END;
CREATE TRIGGER history_participant_group_delete AFTER DELETE ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('participant_group', 'delete', json_object('participant_id', OLD.participant_id, 'group_name', OLD.group_name));
END;

CREATE TRIGGER history_programme_insert AFTER INSERT ON programme BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('programme', 'insert', json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_programme_update AFTER UPDATE ON programme BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('programme', 'update', json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'archived', OLD.archived), json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'archived', NEW.archived));
END;
CREATE TRIGGER history_programme_delete AFTER DELETE ON programme BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('programme', 'delete', json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'archived', OLD.archived));
END;

CREATE TRIGGER history_session_insert AFTER INSERT ON session BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('session', 'insert', json_object('id', NEW.id, 'reference', NEW.reference, 'programme_id', NEW.programme_id, 'date', NEW.date, 'start_time', NEW.start_time, 'duration_minutes', NEW.duration_minutes, 'location', NEW.location, 'headcount', NEW.headcount, 'staff', NEW.staff, 'volunteers', NEW.volunteers, 'volunteer_hours', NEW.volunteer_hours, 'notes', NEW.notes));
END;
CREATE TRIGGER history_session_update AFTER UPDATE ON session BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('session', 'update', json_object('id', OLD.id, 'reference', OLD.reference, 'programme_id', OLD.programme_id, 'date', OLD.date, 'start_time', OLD.start_time, 'duration_minutes', OLD.duration_minutes, 'location', OLD.location, 'headcount', OLD.headcount, 'staff', OLD.staff, 'volunteers', OLD.volunteers, 'volunteer_hours', OLD.volunteer_hours, 'notes', OLD.notes), json_object('id', NEW.id, 'reference', NEW.reference, 'programme_id', NEW.programme_id, 'date', NEW.date, 'start_time', NEW.start_time, 'duration_minutes', NEW.duration_minutes, 'location', NEW.location, 'headcount', NEW.headcount, 'staff', NEW.staff, 'volunteers', NEW.volunteers, 'volunteer_hours', NEW.volunteer_hours, 'notes', NEW.notes));
END;
CREATE TRIGGER history_session_delete AFTER DELETE ON session BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('session', 'delete', json_object('id', OLD.id, 'reference', OLD.reference, 'programme_id', OLD.programme_id, 'date', OLD.date, 'start_time', OLD.start_time, 'duration_minutes', OLD.duration_minutes, 'location', OLD.location, 'headcount', OLD.headcount, 'staff', OLD.staff, 'volunteers', OLD.volunteers, 'volunteer_hours', OLD.volunteer_hours, 'notes', OLD.notes));
END;

CREATE TRIGGER history_story_insert AFTER INSERT ON story BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('story', 'insert', json_object('id', NEW.id, 'date', NEW.date, 'title', NEW.title, 'programme_id', NEW.programme_id, 'participant_id', NEW.participant_id, 'consent', NEW.consent, 'consent_date', NEW.consent_date, 'situation', NEW.situation, 'action', NEW.action, 'difference', NEW.difference, 'quote', NEW.quote));
END;
CREATE TRIGGER history_story_update AFTER UPDATE ON story BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('story', 'update', json_object('id', OLD.id, 'date', OLD.date, 'title', OLD.title, 'programme_id', OLD.programme_id, 'participant_id', OLD.participant_id, 'consent', OLD.consent, 'consent_date', OLD.consent_date, 'situation', OLD.situation, 'action', OLD.action, 'difference', OLD.difference, 'quote', OLD.quote), json_object('id', NEW.id, 'date', NEW.date, 'title', NEW.title, 'programme_id', NEW.programme_id, 'participant_id', NEW.participant_id, 'consent', NEW.consent, 'consent_date', NEW.consent_date, 'situation', NEW.situation, 'action', NEW.action, 'difference', NEW.difference, 'quote', NEW.quote));
END;
CREATE TRIGGER history_story_delete AFTER DELETE ON story BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('story', 'delete', json_object('id', OLD.id, 'date', OLD.date, 'title', OLD.title, 'programme_id', OLD.programme_id, 'participant_id', OLD.participant_id, 'consent', OLD.consent, 'consent_date', OLD.consent_date, 'situation', OLD.situation, 'action', OLD.action, 'difference', OLD.difference, 'quote', OLD.quote));
END;

CREATE TRIGGER history_story_measure_insert AFTER INSERT ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('story_measure', 'insert', json_object('story_id', NEW.story_id, 'measure_id', NEW.measure_id));
END;
CREATE TRIGGER history_story_measure_update AFTER UPDATE ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('story_measure', 'update', json_object('story_id', OLD.story_id, 'measure_id', OLD.measure_id), json_object('story_id', NEW.story_id, 'measure_id', NEW.measure_id));
END;
CREATE TRIGGER history_story_measure_delete AFTER DELETE ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('story_measure', 'delete', json_object('story_id', OLD.story_id, 'measure_id', OLD.measure_id));
END;

CREATE TRIGGER history_target_insert AFTER INSERT ON target BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('target', 'insert', json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'value', NEW.value));
END;
CREATE TRIGGER history_target_update AFTER UPDATE ON target BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('target', 'update', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'value', OLD.value), json_object('measure_id', NEW.measure_id, 'period', NEW.period, 'value', NEW.value));
END;
CREATE TRIGGER history_target_delete AFTER DELETE ON target BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('target', 'delete', json_object('measure_id', OLD.measure_id, 'period', OLD.period, 'value', OLD.value));
END;
