-- 0011: a regulation's level (效力级别: 法律, 行政法规, 地方性法规, 规章, or ''
-- when not known) and region (广州市 …), which the similar-provisions search
-- filters by; and an index on the versions' content hash, by which
-- `lifa import --each` finds files imported before.
ALTER TABLE regulations ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE regulations ADD COLUMN region TEXT NOT NULL DEFAULT '';
CREATE INDEX versions_sha256 ON versions (sha256);
