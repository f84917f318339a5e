-- Version 16: the journal (docs/cli.md, "note, tag, pin"; docs/team-store.md, "The journal"). What people write about
-- runs and studies — notes, tags, pins — one row per act, never changed afterwards. A subject's tags and pin are its
-- last act per tag (TAG or UNTAG) and its last PIN or UNPIN, by time, then entry id (the two views). Neither derived
-- from the event log nor a run's state: analyze never touches it, replay copies it, merge and push carry every row by
-- its entry_id, prune deletes only the rows of the runs it deletes. Only a new table, its index and two views.
CREATE TABLE IF NOT EXISTS journal_entries (
  id                 INTEGER PRIMARY KEY,
  entry_id           TEXT NOT NULL UNIQUE,        -- name-based UUID of the act (the columns below): one row in every file
  subject_type       TEXT NOT NULL CHECK (subject_type IN ('RUN','STUDY')),
  subject_id         TEXT NOT NULL,               -- a run_id, or a study's id (docs/studies.md)
  kind               TEXT NOT NULL CHECK (kind IN ('NOTE','TAG','UNTAG','PIN','UNPIN')),
  body               TEXT,                        -- a note's text or a tag; NULL for PIN and UNPIN
  author             TEXT NOT NULL,
  created_utc        TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_journal_subject ON journal_entries(subject_id, created_utc);

-- The tags each run or study carries now: the last TAG or UNTAG of a tag is a TAG.
CREATE VIEW IF NOT EXISTS v_journal_tags AS
SELECT e.subject_type, e.subject_id, e.body AS tag, e.author, e.created_utc AS tagged_utc
FROM journal_entries e
WHERE e.kind = 'TAG' AND NOT EXISTS (
  SELECT 1 FROM journal_entries l
  WHERE l.subject_id = e.subject_id AND l.subject_type = e.subject_type AND l.body = e.body AND l.kind IN ('TAG', 'UNTAG')
    AND (l.created_utc > e.created_utc OR (l.created_utc = e.created_utc AND l.entry_id > e.entry_id)));

-- The runs and studies pinned now: their last PIN or UNPIN is a PIN. `recorder prune` keeps pinned runs.
CREATE VIEW IF NOT EXISTS v_journal_pins AS
SELECT e.subject_type, e.subject_id, e.author, e.created_utc AS pinned_utc
FROM journal_entries e
WHERE e.kind = 'PIN' AND NOT EXISTS (
  SELECT 1 FROM journal_entries l
  WHERE l.subject_id = e.subject_id AND l.subject_type = e.subject_type AND l.kind IN ('PIN', 'UNPIN')
    AND (l.created_utc > e.created_utc OR (l.created_utc = e.created_utc AND l.entry_id > e.entry_id)));
