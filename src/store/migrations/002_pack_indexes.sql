-- Indexes for the reads the returns pack makes: stories by date, and
-- evidence files by what they are attached to.
CREATE INDEX story_by_date ON story (date);
CREATE INDEX evidence_by_session ON evidence_file (session_id);
CREATE INDEX evidence_by_story ON evidence_file (story_id);
CREATE INDEX evidence_by_period ON evidence_file (agreement_id, period);
