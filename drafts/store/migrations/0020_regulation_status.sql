-- 0020: a regulation's status follows the stage of its latest reading
-- unless staff set it (issue 12): status_set says the status was set.
-- Projects created before kept the default 起草中, which now follows
-- the stage; any other status was typed by someone and stays.
ALTER TABLE regulations ADD COLUMN status_set INTEGER NOT NULL DEFAULT 0;
UPDATE regulations SET status_set = 1 WHERE status <> '' AND status <> '起草中';
