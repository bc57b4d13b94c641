-- 0023: an administrator resets an account's password (issue 12): the
-- account must choose a new one at its next sign-in.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
