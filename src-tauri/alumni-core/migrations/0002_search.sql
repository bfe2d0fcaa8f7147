-- Member search keys (issue 3): every way a member can be found, as rows of one B-tree, so that
-- any query — one character of a name, full pinyin, initials, the last four phone digits — is an
-- index seek plus a short ordered scan, never a table scan. Written by members::search::index
-- after every insert and change of a member; the pinyin is computed in Rust, so this file only
-- makes the tables and marks whether the keys are complete.
-- Forward only: never edit this file once it has landed.

-- key:  a kind prefix and a term, e.g. 'n:东志' (part of a name), 'p:liudongzhi' (full pinyin),
--       'q:dongzhi' (pinyin from a later syllable), 'i:ldz', 'j:dz' (initials and their
--       suffixes), 't:5678' (last four phone digits), 'e:12' (employer id, see below).
-- rank: order inside one key: for names 0 the whole name, 1 a prefix, 2 an infix; for pinyin
--       and initials 0 the surname reading, 1 another reading; plus 100 for archived members,
--       so the default search skips them inside the index and they sort last otherwise.
-- sort: the member's name in pinyin, so ties come out in pinyin order straight from the index
--       ('' where the key already is that pinyin).
CREATE TABLE member_search_keys (
    key       TEXT NOT NULL,
    rank      INTEGER NOT NULL,
    sort      TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (key, rank, sort, member_id)
) STRICT, WITHOUT ROWID;
-- Rewriting one member's keys, and the cascade when a member is deleted.
CREATE INDEX member_search_keys_member ON member_search_keys (member_id);

-- Employers are searched in two steps: the distinct employer texts carry their suffixes (at most
-- eight characters each) as grams, so any part of an employer's name is a prefix range here, and
-- members point at an employer through one 'e:<id>' key. Many members share few employers, so
-- this stays small where per-member grams would multiply the key table. An employer no member
-- names any more is harmless (it finds nobody) and goes at the next full rebuild.
CREATE TABLE member_search_employers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE member_search_employer_grams (
    gram        TEXT NOT NULL,
    employer_id INTEGER NOT NULL REFERENCES member_search_employers (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, employer_id)
) STRICT, WITHOUT ROWID;

-- Filters that can drive a search on their own when they are selective (a small city, one
-- graduation year); college, branch and office already have indexes.
CREATE INDEX members_city ON members (city) WHERE city IS NOT NULL;
CREATE INDEX members_graduation_year ON members (graduation_year) WHERE graduation_year IS NOT NULL;

-- A database without members has complete (empty) keys; one with members from version 1 has
-- none yet, and members::search::ensure_index builds them (the pinyin needs Rust).
INSERT INTO settings (key, value)
SELECT 'search_index_version', '1'
WHERE NOT EXISTS (SELECT 1 FROM members);
