-- Elections set up in the app (issue 11): what a tie across the last seat leads to, the
-- election whose elected are this one's electorate (the new council electing the executive
-- council and the officers), and per-candidate totals keyed from a paper tally sheet.

ALTER TABLE elections ADD COLUMN tie_rule TEXT NOT NULL DEFAULT 'run_off'
    CHECK (tie_rule IN ('run_off', 'unfilled'));
-- The first round of the election whose elected (over all its rounds) vote in this one.
ALTER TABLE elections ADD COLUMN electorate_election_id INTEGER REFERENCES elections (id);
-- When the result of this round was declared (status 'closed' without a next round).
ALTER TABLE elections ADD COLUMN declared_at TEXT;

-- The ballot figures of a paper tally sheet (计票单); the per-candidate totals are in
-- tally_totals, the written-in names in tally_sheet_write_ins.
CREATE TABLE tally_sheets (
    election_id INTEGER PRIMARY KEY REFERENCES elections (id) ON DELETE CASCADE,
    returned    INTEGER NOT NULL CHECK (returned >= 0),
    invalid     INTEGER NOT NULL CHECK (invalid >= 0),
    blank       INTEGER NOT NULL CHECK (blank >= 0),
    entered_by  INTEGER REFERENCES staff (id),
    entered_at  TEXT NOT NULL
) STRICT;

CREATE TABLE tally_sheet_write_ins (
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    agree       INTEGER NOT NULL CHECK (agree >= 0),
    PRIMARY KEY (election_id, name)
) STRICT;
