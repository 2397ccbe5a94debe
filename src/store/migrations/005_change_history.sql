-- The history of every change to a record: what, when, before and after
-- (as a JSON array of the table's columns, in their order), kept by triggers in the same transaction as the change, so
-- that a mistaken edit or deletion can be seen and undone. Submissions are
-- left out: they are kept as sent, never changed. `at` is UTC (the cheapest
-- clock SQLite has, for an import of 100,000 rows); it is shown in local time.
CREATE TABLE change_history (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    table_name TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import')),
    before     TEXT,
    after      TEXT
);

-- While a register import adds its marks, the marks are kept as one
-- 'import' entry (every mark added, in one array) rather than one entry a
-- mark: a row here pauses the per-mark entries within that transaction.
CREATE TABLE history_pause (
    paused INTEGER PRIMARY KEY CHECK (paused = 1)
);

CREATE TRIGGER history_agreement_insert AFTER INSERT ON agreement BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('agreement', 'insert', json_array(NEW.id, NEW.reference, NEW.funder_id, NEW.title, NEW.kind, NEW.start_date, NEW.end_date, NEW.value_pence, NEW.frequency, NEW.due_days, NEW.archived, NEW.summary, NEW.participant_rows));
END;
CREATE TRIGGER history_agreement_update AFTER UPDATE ON agreement BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('agreement', 'update', json_array(OLD.id, OLD.reference, OLD.funder_id, OLD.title, OLD.kind, OLD.start_date, OLD.end_date, OLD.value_pence, OLD.frequency, OLD.due_days, OLD.archived, OLD.summary, OLD.participant_rows), json_array(NEW.id, NEW.reference, NEW.funder_id, NEW.title, NEW.kind, NEW.start_date, NEW.end_date, NEW.value_pence, NEW.frequency, NEW.due_days, NEW.archived, NEW.summary, NEW.participant_rows));
END;
CREATE TRIGGER history_agreement_delete AFTER DELETE ON agreement BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('agreement', 'delete', json_array(OLD.id, OLD.reference, OLD.funder_id, OLD.title, OLD.kind, OLD.start_date, OLD.end_date, OLD.value_pence, OLD.frequency, OLD.due_days, OLD.archived, OLD.summary, OLD.participant_rows));
END;

CREATE TRIGGER history_agreement_programme_insert AFTER INSERT ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('agreement_programme', 'insert', json_array(NEW.agreement_id, NEW.programme_id));
END;
CREATE TRIGGER history_agreement_programme_update AFTER UPDATE ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('agreement_programme', 'update', json_array(OLD.agreement_id, OLD.programme_id), json_array(NEW.agreement_id, NEW.programme_id));
END;
CREATE TRIGGER history_agreement_programme_delete AFTER DELETE ON agreement_programme BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('agreement_programme', 'delete', json_array(OLD.agreement_id, OLD.programme_id));
END;

CREATE TRIGGER history_approval_insert AFTER INSERT ON approval BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('approval', 'insert', json_array(NEW.agreement_id, NEW.period, NEW.name, NEW.role, NEW.approved_at));
END;
CREATE TRIGGER history_approval_update AFTER UPDATE ON approval BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('approval', 'update', json_array(OLD.agreement_id, OLD.period, OLD.name, OLD.role, OLD.approved_at), json_array(NEW.agreement_id, NEW.period, NEW.name, NEW.role, NEW.approved_at));
END;
CREATE TRIGGER history_approval_delete AFTER DELETE ON approval BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('approval', 'delete', json_array(OLD.agreement_id, OLD.period, OLD.name, OLD.role, OLD.approved_at));
END;

CREATE TRIGGER history_assessment_insert AFTER INSERT ON assessment BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('assessment', 'insert', json_array(NEW.id, NEW.participant_id, NEW.indicator_id, NEW.date, NEW.score, NEW.stage));
END;
CREATE TRIGGER history_assessment_update AFTER UPDATE ON assessment BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('assessment', 'update', json_array(OLD.id, OLD.participant_id, OLD.indicator_id, OLD.date, OLD.score, OLD.stage), json_array(NEW.id, NEW.participant_id, NEW.indicator_id, NEW.date, NEW.score, NEW.stage));
END;
CREATE TRIGGER history_assessment_delete AFTER DELETE ON assessment BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('assessment', 'delete', json_array(OLD.id, OLD.participant_id, OLD.indicator_id, OLD.date, OLD.score, OLD.stage));
END;

CREATE TRIGGER history_attendance_insert AFTER INSERT ON attendance
WHEN NOT EXISTS (SELECT 1 FROM history_pause) BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('attendance', 'insert', json_array(NEW.session_id, NEW.participant_id, NEW.programme_id, NEW.date));
END;
CREATE TRIGGER history_attendance_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('attendance', 'update', json_array(OLD.session_id, OLD.participant_id, OLD.programme_id, OLD.date), json_array(NEW.session_id, NEW.participant_id, NEW.programme_id, NEW.date));
END;
CREATE TRIGGER history_attendance_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('attendance', 'delete', json_array(OLD.session_id, OLD.participant_id, OLD.programme_id, OLD.date));
END;

CREATE TRIGGER history_cost_heading_insert AFTER INSERT ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('cost_heading', 'insert', json_array(NEW.agreement_id, NEW.position, NEW.heading));
END;
CREATE TRIGGER history_cost_heading_update AFTER UPDATE ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('cost_heading', 'update', json_array(OLD.agreement_id, OLD.position, OLD.heading), json_array(NEW.agreement_id, NEW.position, NEW.heading));
END;
CREATE TRIGGER history_cost_heading_delete AFTER DELETE ON cost_heading BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('cost_heading', 'delete', json_array(OLD.agreement_id, OLD.position, OLD.heading));
END;

CREATE TRIGGER history_evidence_file_insert AFTER INSERT ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('evidence_file', 'insert', json_array(NEW.id, NEW.file_name, NEW.sha256, NEW.size, NEW.added_at, NEW.session_id, NEW.story_id, NEW.agreement_id, NEW.period));
END;
CREATE TRIGGER history_evidence_file_update AFTER UPDATE ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('evidence_file', 'update', json_array(OLD.id, OLD.file_name, OLD.sha256, OLD.size, OLD.added_at, OLD.session_id, OLD.story_id, OLD.agreement_id, OLD.period), json_array(NEW.id, NEW.file_name, NEW.sha256, NEW.size, NEW.added_at, NEW.session_id, NEW.story_id, NEW.agreement_id, NEW.period));
END;
CREATE TRIGGER history_evidence_file_delete AFTER DELETE ON evidence_file BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('evidence_file', 'delete', json_array(OLD.id, OLD.file_name, OLD.sha256, OLD.size, OLD.added_at, OLD.session_id, OLD.story_id, OLD.agreement_id, OLD.period));
END;

CREATE TRIGGER history_finance_forecast_insert AFTER INSERT ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('finance_forecast', 'insert', json_array(NEW.agreement_id, NEW.period, NEW.forecast_pence));
END;
CREATE TRIGGER history_finance_forecast_update AFTER UPDATE ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('finance_forecast', 'update', json_array(OLD.agreement_id, OLD.period, OLD.forecast_pence), json_array(NEW.agreement_id, NEW.period, NEW.forecast_pence));
END;
CREATE TRIGGER history_finance_forecast_delete AFTER DELETE ON finance_forecast BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('finance_forecast', 'delete', json_array(OLD.agreement_id, OLD.period, OLD.forecast_pence));
END;

CREATE TRIGGER history_finance_line_insert AFTER INSERT ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('finance_line', 'insert', json_array(NEW.agreement_id, NEW.period, NEW.heading, NEW.budget_pence, NEW.actual_pence, NEW.note));
END;
CREATE TRIGGER history_finance_line_update AFTER UPDATE ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('finance_line', 'update', json_array(OLD.agreement_id, OLD.period, OLD.heading, OLD.budget_pence, OLD.actual_pence, OLD.note), json_array(NEW.agreement_id, NEW.period, NEW.heading, NEW.budget_pence, NEW.actual_pence, NEW.note));
END;
CREATE TRIGGER history_finance_line_delete AFTER DELETE ON finance_line BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('finance_line', 'delete', json_array(OLD.agreement_id, OLD.period, OLD.heading, OLD.budget_pence, OLD.actual_pence, OLD.note));
END;

CREATE TRIGGER history_funder_insert AFTER INSERT ON funder BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('funder', 'insert', json_array(NEW.id, NEW.name, NEW.contact, NEW.archived));
END;
CREATE TRIGGER history_funder_update AFTER UPDATE ON funder BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('funder', 'update', json_array(OLD.id, OLD.name, OLD.contact, OLD.archived), json_array(NEW.id, NEW.name, NEW.contact, NEW.archived));
END;
CREATE TRIGGER history_funder_delete AFTER DELETE ON funder BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('funder', 'delete', json_array(OLD.id, OLD.name, OLD.contact, OLD.archived));
END;

CREATE TRIGGER history_indicator_insert AFTER INSERT ON indicator BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('indicator', 'insert', json_array(NEW.id, NEW.name, NEW.min, NEW.max, NEW.higher_is_better, NEW.meaningful_change, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_indicator_update AFTER UPDATE ON indicator BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('indicator', 'update', json_array(OLD.id, OLD.name, OLD.min, OLD.max, OLD.higher_is_better, OLD.meaningful_change, OLD.description, OLD.archived), json_array(NEW.id, NEW.name, NEW.min, NEW.max, NEW.higher_is_better, NEW.meaningful_change, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_indicator_delete AFTER DELETE ON indicator BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('indicator', 'delete', json_array(OLD.id, OLD.name, OLD.min, OLD.max, OLD.higher_is_better, OLD.meaningful_change, OLD.description, OLD.archived));
END;

CREATE TRIGGER history_list_value_insert AFTER INSERT ON list_value BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('list_value', 'insert', json_array(NEW.list, NEW.value, NEW.position));
END;
CREATE TRIGGER history_list_value_update AFTER UPDATE ON list_value BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('list_value', 'update', json_array(OLD.list, OLD.value, OLD.position), json_array(NEW.list, NEW.value, NEW.position));
END;
CREATE TRIGGER history_list_value_delete AFTER DELETE ON list_value BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('list_value', 'delete', json_array(OLD.list, OLD.value, OLD.position));
END;

CREATE TRIGGER history_manual_value_insert AFTER INSERT ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('manual_value', 'insert', json_array(NEW.measure_id, NEW.period, NEW.value, NEW.note));
END;
CREATE TRIGGER history_manual_value_update AFTER UPDATE ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('manual_value', 'update', json_array(OLD.measure_id, OLD.period, OLD.value, OLD.note), json_array(NEW.measure_id, NEW.period, NEW.value, NEW.note));
END;
CREATE TRIGGER history_manual_value_delete AFTER DELETE ON manual_value BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('manual_value', 'delete', json_array(OLD.measure_id, OLD.period, OLD.value, OLD.note));
END;

CREATE TRIGGER history_measure_insert AFTER INSERT ON measure BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('measure', 'insert', json_array(NEW.id, NEW.agreement_id, NEW.position, NEW.code, NEW.title, NEW.question, NEW.calculation, NEW.indicator_id, NEW.outcome_id, NEW.min_sessions, NEW.threshold, NEW.rating, NEW.filter, NEW.unit, NEW.higher_is_better, NEW.baseline, NEW.definition));
END;
CREATE TRIGGER history_measure_update AFTER UPDATE ON measure BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('measure', 'update', json_array(OLD.id, OLD.agreement_id, OLD.position, OLD.code, OLD.title, OLD.question, OLD.calculation, OLD.indicator_id, OLD.outcome_id, OLD.min_sessions, OLD.threshold, OLD.rating, OLD.filter, OLD.unit, OLD.higher_is_better, OLD.baseline, OLD.definition), json_array(NEW.id, NEW.agreement_id, NEW.position, NEW.code, NEW.title, NEW.question, NEW.calculation, NEW.indicator_id, NEW.outcome_id, NEW.min_sessions, NEW.threshold, NEW.rating, NEW.filter, NEW.unit, NEW.higher_is_better, NEW.baseline, NEW.definition));
END;
CREATE TRIGGER history_measure_delete AFTER DELETE ON measure BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('measure', 'delete', json_array(OLD.id, OLD.agreement_id, OLD.position, OLD.code, OLD.title, OLD.question, OLD.calculation, OLD.indicator_id, OLD.outcome_id, OLD.min_sessions, OLD.threshold, OLD.rating, OLD.filter, OLD.unit, OLD.higher_is_better, OLD.baseline, OLD.definition));
END;

CREATE TRIGGER history_measure_curve_insert AFTER INSERT ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('measure_curve', 'insert', json_array(NEW.measure_id, NEW.period, NEW.text, NEW.partners, NEW.what_works, NEW.next_steps));
END;
CREATE TRIGGER history_measure_curve_update AFTER UPDATE ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('measure_curve', 'update', json_array(OLD.measure_id, OLD.period, OLD.text, OLD.partners, OLD.what_works, OLD.next_steps), json_array(NEW.measure_id, NEW.period, NEW.text, NEW.partners, NEW.what_works, NEW.next_steps));
END;
CREATE TRIGGER history_measure_curve_delete AFTER DELETE ON measure_curve BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('measure_curve', 'delete', json_array(OLD.measure_id, OLD.period, OLD.text, OLD.partners, OLD.what_works, OLD.next_steps));
END;

CREATE TRIGGER history_milestone_insert AFTER INSERT ON milestone BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('milestone', 'insert', json_array(NEW.id, NEW.agreement_id, NEW.title, NEW.due_date, NEW.status));
END;
CREATE TRIGGER history_milestone_update AFTER UPDATE ON milestone BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('milestone', 'update', json_array(OLD.id, OLD.agreement_id, OLD.title, OLD.due_date, OLD.status), json_array(NEW.id, NEW.agreement_id, NEW.title, NEW.due_date, NEW.status));
END;
CREATE TRIGGER history_milestone_delete AFTER DELETE ON milestone BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('milestone', 'delete', json_array(OLD.id, OLD.agreement_id, OLD.title, OLD.due_date, OLD.status));
END;

CREATE TRIGGER history_milestone_note_insert AFTER INSERT ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('milestone_note', 'insert', json_array(NEW.milestone_id, NEW.period, NEW.text));
END;
CREATE TRIGGER history_milestone_note_update AFTER UPDATE ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('milestone_note', 'update', json_array(OLD.milestone_id, OLD.period, OLD.text), json_array(NEW.milestone_id, NEW.period, NEW.text));
END;
CREATE TRIGGER history_milestone_note_delete AFTER DELETE ON milestone_note BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('milestone_note', 'delete', json_array(OLD.milestone_id, OLD.period, OLD.text));
END;

CREATE TRIGGER history_narrative_answer_insert AFTER INSERT ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('narrative_answer', 'insert', json_array(NEW.heading_id, NEW.period, NEW.text));
END;
CREATE TRIGGER history_narrative_answer_update AFTER UPDATE ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('narrative_answer', 'update', json_array(OLD.heading_id, OLD.period, OLD.text), json_array(NEW.heading_id, NEW.period, NEW.text));
END;
CREATE TRIGGER history_narrative_answer_delete AFTER DELETE ON narrative_answer BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('narrative_answer', 'delete', json_array(OLD.heading_id, OLD.period, OLD.text));
END;

CREATE TRIGGER history_narrative_heading_insert AFTER INSERT ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('narrative_heading', 'insert', json_array(NEW.id, NEW.agreement_id, NEW.position, NEW.heading, NEW.guidance));
END;
CREATE TRIGGER history_narrative_heading_update AFTER UPDATE ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('narrative_heading', 'update', json_array(OLD.id, OLD.agreement_id, OLD.position, OLD.heading, OLD.guidance), json_array(NEW.id, NEW.agreement_id, NEW.position, NEW.heading, NEW.guidance));
END;
CREATE TRIGGER history_narrative_heading_delete AFTER DELETE ON narrative_heading BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('narrative_heading', 'delete', json_array(OLD.id, OLD.agreement_id, OLD.position, OLD.heading, OLD.guidance));
END;

CREATE TRIGGER history_organisation_insert AFTER INSERT ON organisation BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('organisation', 'insert', json_array(NEW.id, NEW.name, NEW.charity_number, NEW.fy_start_month, NEW.age_bands, NEW.small_number_threshold, NEW.retention_years, NEW.contact_name, NEW.contact_role, NEW.contact_email, NEW.contact_phone));
END;
CREATE TRIGGER history_organisation_update AFTER UPDATE ON organisation BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('organisation', 'update', json_array(OLD.id, OLD.name, OLD.charity_number, OLD.fy_start_month, OLD.age_bands, OLD.small_number_threshold, OLD.retention_years, OLD.contact_name, OLD.contact_role, OLD.contact_email, OLD.contact_phone), json_array(NEW.id, NEW.name, NEW.charity_number, NEW.fy_start_month, NEW.age_bands, NEW.small_number_threshold, NEW.retention_years, NEW.contact_name, NEW.contact_role, NEW.contact_email, NEW.contact_phone));
END;
CREATE TRIGGER history_organisation_delete AFTER DELETE ON organisation BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('organisation', 'delete', json_array(OLD.id, OLD.name, OLD.charity_number, OLD.fy_start_month, OLD.age_bands, OLD.small_number_threshold, OLD.retention_years, OLD.contact_name, OLD.contact_role, OLD.contact_email, OLD.contact_phone));
END;

CREATE TRIGGER history_other_income_insert AFTER INSERT ON other_income BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('other_income', 'insert', json_array(NEW.agreement_id, NEW.period, NEW.source, NEW.amount_pence));
END;
CREATE TRIGGER history_other_income_update AFTER UPDATE ON other_income BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('other_income', 'update', json_array(OLD.agreement_id, OLD.period, OLD.source, OLD.amount_pence), json_array(NEW.agreement_id, NEW.period, NEW.source, NEW.amount_pence));
END;
CREATE TRIGGER history_other_income_delete AFTER DELETE ON other_income BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('other_income', 'delete', json_array(OLD.agreement_id, OLD.period, OLD.source, OLD.amount_pence));
END;

CREATE TRIGGER history_outcome_insert AFTER INSERT ON outcome BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('outcome', 'insert', json_array(NEW.id, NEW.name, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_outcome_update AFTER UPDATE ON outcome BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('outcome', 'update', json_array(OLD.id, OLD.name, OLD.description, OLD.archived), json_array(NEW.id, NEW.name, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_outcome_delete AFTER DELETE ON outcome BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('outcome', 'delete', json_array(OLD.id, OLD.name, OLD.description, OLD.archived));
END;

CREATE TRIGGER history_outcome_log_insert AFTER INSERT ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('outcome_log', 'insert', json_array(NEW.id, NEW.participant_id, NEW.date, NEW.outcome_id, NEW.programme_id, NEW.note, NEW.source, NEW.logged_by));
END;
CREATE TRIGGER history_outcome_log_update AFTER UPDATE ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('outcome_log', 'update', json_array(OLD.id, OLD.participant_id, OLD.date, OLD.outcome_id, OLD.programme_id, OLD.note, OLD.source, OLD.logged_by), json_array(NEW.id, NEW.participant_id, NEW.date, NEW.outcome_id, NEW.programme_id, NEW.note, NEW.source, NEW.logged_by));
END;
CREATE TRIGGER history_outcome_log_delete AFTER DELETE ON outcome_log BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('outcome_log', 'delete', json_array(OLD.id, OLD.participant_id, OLD.date, OLD.outcome_id, OLD.programme_id, OLD.note, OLD.source, OLD.logged_by));
END;

CREATE TRIGGER history_participant_insert AFTER INSERT ON participant BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('participant', 'insert', json_array(NEW.id, NEW.code, NEW.known_as, NEW.date_of_birth, NEW.gender, NEW.ethnicity, NEW.area, NEW.disability, NEW.sen, NEW.referral_source, NEW.consent_date, NEW.consent_photos, NEW.consent_stories, NEW.lawful_basis, NEW.consent_given_by, NEW.consent_review_date, NEW.left_date, NEW.archived));
END;
CREATE TRIGGER history_participant_update AFTER UPDATE ON participant BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('participant', 'update', json_array(OLD.id, OLD.code, OLD.known_as, OLD.date_of_birth, OLD.gender, OLD.ethnicity, OLD.area, OLD.disability, OLD.sen, OLD.referral_source, OLD.consent_date, OLD.consent_photos, OLD.consent_stories, OLD.lawful_basis, OLD.consent_given_by, OLD.consent_review_date, OLD.left_date, OLD.archived), json_array(NEW.id, NEW.code, NEW.known_as, NEW.date_of_birth, NEW.gender, NEW.ethnicity, NEW.area, NEW.disability, NEW.sen, NEW.referral_source, NEW.consent_date, NEW.consent_photos, NEW.consent_stories, NEW.lawful_basis, NEW.consent_given_by, NEW.consent_review_date, NEW.left_date, NEW.archived));
END;
CREATE TRIGGER history_participant_delete AFTER DELETE ON participant BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('participant', 'delete', json_array(OLD.id, OLD.code, OLD.known_as, OLD.date_of_birth, OLD.gender, OLD.ethnicity, OLD.area, OLD.disability, OLD.sen, OLD.referral_source, OLD.consent_date, OLD.consent_photos, OLD.consent_stories, OLD.lawful_basis, OLD.consent_given_by, OLD.consent_review_date, OLD.left_date, OLD.archived));
END;

CREATE TRIGGER history_participant_group_insert AFTER INSERT ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('participant_group', 'insert', json_array(NEW.participant_id, NEW.group_name));
END;
CREATE TRIGGER history_participant_group_update AFTER UPDATE ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('participant_group', 'update', json_array(OLD.participant_id, OLD.group_name), json_array(NEW.participant_id, NEW.group_name));
END;
CREATE TRIGGER history_participant_group_delete AFTER DELETE ON participant_group BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('participant_group', 'delete', json_array(OLD.participant_id, OLD.group_name));
END;

CREATE TRIGGER history_programme_insert AFTER INSERT ON programme BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('programme', 'insert', json_array(NEW.id, NEW.name, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_programme_update AFTER UPDATE ON programme BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('programme', 'update', json_array(OLD.id, OLD.name, OLD.description, OLD.archived), json_array(NEW.id, NEW.name, NEW.description, NEW.archived));
END;
CREATE TRIGGER history_programme_delete AFTER DELETE ON programme BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('programme', 'delete', json_array(OLD.id, OLD.name, OLD.description, OLD.archived));
END;

CREATE TRIGGER history_session_insert AFTER INSERT ON session BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('session', 'insert', json_array(NEW.id, NEW.reference, NEW.programme_id, NEW.date, NEW.start_time, NEW.duration_minutes, NEW.location, NEW.headcount, NEW.staff, NEW.volunteers, NEW.volunteer_hours, NEW.notes));
END;
CREATE TRIGGER history_session_update AFTER UPDATE ON session BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('session', 'update', json_array(OLD.id, OLD.reference, OLD.programme_id, OLD.date, OLD.start_time, OLD.duration_minutes, OLD.location, OLD.headcount, OLD.staff, OLD.volunteers, OLD.volunteer_hours, OLD.notes), json_array(NEW.id, NEW.reference, NEW.programme_id, NEW.date, NEW.start_time, NEW.duration_minutes, NEW.location, NEW.headcount, NEW.staff, NEW.volunteers, NEW.volunteer_hours, NEW.notes));
END;
CREATE TRIGGER history_session_delete AFTER DELETE ON session BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('session', 'delete', json_array(OLD.id, OLD.reference, OLD.programme_id, OLD.date, OLD.start_time, OLD.duration_minutes, OLD.location, OLD.headcount, OLD.staff, OLD.volunteers, OLD.volunteer_hours, OLD.notes));
END;

CREATE TRIGGER history_story_insert AFTER INSERT ON story BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('story', 'insert', json_array(NEW.id, NEW.date, NEW.title, NEW.programme_id, NEW.participant_id, NEW.consent, NEW.consent_date, NEW.situation, NEW.action, NEW.difference, NEW.quote));
END;
CREATE TRIGGER history_story_update AFTER UPDATE ON story BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('story', 'update', json_array(OLD.id, OLD.date, OLD.title, OLD.programme_id, OLD.participant_id, OLD.consent, OLD.consent_date, OLD.situation, OLD.action, OLD.difference, OLD.quote), json_array(NEW.id, NEW.date, NEW.title, NEW.programme_id, NEW.participant_id, NEW.consent, NEW.consent_date, NEW.situation, NEW.action, NEW.difference, NEW.quote));
END;
CREATE TRIGGER history_story_delete AFTER DELETE ON story BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('story', 'delete', json_array(OLD.id, OLD.date, OLD.title, OLD.programme_id, OLD.participant_id, OLD.consent, OLD.consent_date, OLD.situation, OLD.action, OLD.difference, OLD.quote));
END;

CREATE TRIGGER history_story_measure_insert AFTER INSERT ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('story_measure', 'insert', json_array(NEW.story_id, NEW.measure_id));
END;
CREATE TRIGGER history_story_measure_update AFTER UPDATE ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('story_measure', 'update', json_array(OLD.story_id, OLD.measure_id), json_array(NEW.story_id, NEW.measure_id));
END;
CREATE TRIGGER history_story_measure_delete AFTER DELETE ON story_measure BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('story_measure', 'delete', json_array(OLD.story_id, OLD.measure_id));
END;

CREATE TRIGGER history_target_insert AFTER INSERT ON target BEGIN
    INSERT INTO change_history (table_name, action, after) VALUES ('target', 'insert', json_array(NEW.measure_id, NEW.period, NEW.value));
END;
CREATE TRIGGER history_target_update AFTER UPDATE ON target BEGIN
    INSERT INTO change_history (table_name, action, before, after) VALUES ('target', 'update', json_array(OLD.measure_id, OLD.period, OLD.value), json_array(NEW.measure_id, NEW.period, NEW.value));
END;
CREATE TRIGGER history_target_delete AFTER DELETE ON target BEGIN
    INSERT INTO change_history (table_name, action, before) VALUES ('target', 'delete', json_array(OLD.measure_id, OLD.period, OLD.value));
END;
