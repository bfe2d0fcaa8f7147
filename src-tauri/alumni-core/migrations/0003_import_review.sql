-- Import review queue (issue 3): rows of an imported file that a person must decide on — a
-- probable duplicate (same name, graduation year and college), a field that differs from the
-- record, identifiers that point at several records, or a match with an archived record. The
-- import never overwrites a record itself; a later review screen merges field by field.
-- Forward only: never edit this file once it has landed.

-- source_name: the file's name as the user chose it; row_number: the row the user sees in that
--              spreadsheet (1-based, title and header rows counted).
-- member_id:   the record the row probably is or conflicts with; NULL when there is none yet.
-- reason_kind: probable_duplicate, conflict, ambiguous_match, archived_match; left without a
--              CHECK so a later kind needs no table rebuild.
-- reason_json: the details (the conflicting fields with both values, candidate members).
-- row_json:    the file's row, normalised, with the field names of a member record.
CREATE TABLE member_reviews (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    source_name TEXT NOT NULL,
    row_number  INTEGER NOT NULL CHECK (row_number > 0),
    member_id   INTEGER REFERENCES members (id),
    reason_kind TEXT NOT NULL CHECK (length(reason_kind) > 0),
    reason_json TEXT NOT NULL,
    row_json    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'dismissed')),
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES staff (id),
    CHECK ((status = 'open') = (resolved_at IS NULL))
) STRICT;
CREATE INDEX member_reviews_status ON member_reviews (status, id);
CREATE INDEX member_reviews_member ON member_reviews (member_id) WHERE member_id IS NOT NULL;
