-- Version 15: bar_data says when its rows changed, so the writer can keep a holding series' bars in memory between a
-- sweep's passes (docs/decisions.md, 14). schema_meta gains 'file_token', random per file, and 'bar_data_changes',
-- counted up by the two triggers below on every UPDATE or DELETE of a bar_data row, whoever makes it (the recorder,
-- another process, DB Browser). An INSERT needs no trigger: bar_data's AUTOINCREMENT id moves sqlite_sequence on.
-- Only new rows and triggers.
INSERT OR IGNORE INTO schema_meta(key, value) VALUES ('file_token', lower(hex(randomblob(16))));
INSERT OR IGNORE INTO schema_meta(key, value) VALUES ('bar_data_changes', '0');

CREATE TRIGGER IF NOT EXISTS bar_data_updated AFTER UPDATE ON bar_data
BEGIN
  UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
END;

CREATE TRIGGER IF NOT EXISTS bar_data_deleted AFTER DELETE ON bar_data
BEGIN
  UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
END;
