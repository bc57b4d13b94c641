-- 0025: notices (通知) to liaisons and members: a consultation addressed to
-- them, and the reminder before it closes; in the application, and by
-- e-mail when SMTP is configured. The sweep that creates them may run on
-- every node and after every restart: the unique key makes a notice exist
-- once, and each e-mail is claimed by one node before it is sent
-- (mail_claimed_at) and marked when it has been (mailed_at).

CREATE TABLE notices (
    id              {{ID}},
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    kind            TEXT NOT NULL,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id),
    notice_key      TEXT NOT NULL DEFAULT '',
    created_at      {{TIMESTAMP}} NOT NULL,
    read_at         {{TIMESTAMP}},
    mail_to         TEXT NOT NULL DEFAULT '',
    mail_state      TEXT NOT NULL DEFAULT '',
    mail_attempts   INTEGER NOT NULL DEFAULT 0,
    mail_claimed_at {{TIMESTAMP}},
    mailed_at       {{TIMESTAMP}},
    UNIQUE (account_id, consultation_id, kind, notice_key)
);
CREATE INDEX notices_account ON notices (account_id, id);
CREATE INDEX notices_mail ON notices (mail_state);

-- Where an account's notices are e-mailed (empty: nowhere).
CREATE TABLE notice_settings (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    email      TEXT NOT NULL DEFAULT '',
    updated_at {{TIMESTAMP}} NOT NULL
);
