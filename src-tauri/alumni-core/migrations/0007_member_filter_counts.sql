-- How many members each college, city and graduation year holds, by graduation year, so that
-- search's cost model reads the size of a college, city or years filter as a sum over a few
-- dozen rows (issue 8: counting up to 12,000 index entries took 1 ms at 300,000 members, a
-- fifth of the 5 ms a search may take). Archived members are counted, as the filters' own
-- indexes hold them. A graduation year that is not known is stored as 0.
-- The counts are an estimate: they choose how a search runs, never which hits it finds. They
-- are kept by members::search (a record created or edited moves its counts; an import or the
-- demo recounts once at the end; opening a register whose counts no longer add up recounts),
-- not by triggers, which cost every imported row 29 µs.
-- Forward only: never edit this file once it has landed.

CREATE TABLE IF NOT EXISTS member_filter_counts (
    kind    TEXT NOT NULL CHECK (kind IN ('college', 'city', 'year')),
    -- The college or the city; '' for kind 'year'.
    value   TEXT NOT NULL,
    year    INTEGER NOT NULL,
    members INTEGER NOT NULL,
    PRIMARY KEY (kind, value, year)
) STRICT, WITHOUT ROWID;

-- Filled by members::search::ensure_index when the register is opened: counts that do not add
-- up to the members on record are recounted there (one statement, not written twice).
