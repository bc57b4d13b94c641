-- 0031: feedback on a consultation's opinions (issue 14): the letters to
-- each contact point (意见采纳情况反馈, contact_point_id > 0) and the public
-- feedback (公开反馈, contact_point_id = 0), each published once by staff,
-- with the reading the changes are shown in.

CREATE TABLE feedback_publications (
    consultation_id  BIGINT NOT NULL REFERENCES consultations (id),
    contact_point_id BIGINT NOT NULL,
    to_version_id    BIGINT REFERENCES versions (id),
    published_by     TEXT NOT NULL,
    published_at     {{TIMESTAMP}} NOT NULL,
    PRIMARY KEY (consultation_id, contact_point_id)
);
CREATE INDEX feedback_contact_point ON feedback_publications (contact_point_id);
