-- Alumni Desk schema, version 1: the whole register, meetings, check-in, elections and audit.
-- Forward only: never edit this file once it has landed; add 0002_….sql instead.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'; enum values are snake_case English.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    pin_hash   TEXT,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- Who did what: every change, export and unmasked view. Rows are never updated or deleted.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT,
    note        TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_pinyin      TEXT NOT NULL DEFAULT '',
    name_initials    TEXT NOT NULL DEFAULT '',
    gender           TEXT CHECK (gender IN ('male', 'female')),
    id_number        TEXT,
    student_number   TEXT,
    enrolment_year   INTEGER,
    graduation_year  INTEGER,
    college          TEXT,
    major            TEXT,
    degree           TEXT,
    class_name       TEXT,
    phone            TEXT,
    email            TEXT,
    wechat           TEXT,
    employer         TEXT,
    job_title        TEXT,
    city             TEXT,
    status           TEXT NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'lost_contact', 'deceased')),
    notes            TEXT,
    archived_at      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
-- The same ID number or student number is the same person (DESIGN.md "Identity").
CREATE UNIQUE INDEX members_id_number ON members (id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX members_student_number ON members (student_number) WHERE student_number IS NOT NULL;
CREATE INDEX members_phone ON members (phone) WHERE phone IS NOT NULL;
CREATE INDEX members_probable_duplicate ON members (name, graduation_year, college);
CREATE INDEX members_college_year ON members (college, graduation_year);

CREATE TABLE branches (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('regional', 'industry', 'college', 'overseas')),
    parent_id   INTEGER REFERENCES branches (id),
    city        TEXT,
    founded_on  TEXT,
    notes       TEXT,
    archived_at TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX branches_parent ON branches (parent_id);

CREATE TABLE branch_memberships (
    branch_id INTEGER NOT NULL REFERENCES branches (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    role      TEXT NOT NULL DEFAULT 'member'
              CHECK (role IN ('president', 'vice_president', 'secretary_general', 'contact', 'member')),
    since     TEXT,
    PRIMARY KEY (branch_id, member_id)
) STRICT;
CREATE INDEX branch_memberships_member ON branch_memberships (member_id);

-- Council terms (第一届, 第二届 …) and the offices members hold in them.
CREATE TABLE terms (
    id        INTEGER PRIMARY KEY,
    number    INTEGER NOT NULL UNIQUE CHECK (number > 0),
    starts_on TEXT,
    ends_on   TEXT
) STRICT;

CREATE TABLE council_positions (
    id        INTEGER PRIMARY KEY,
    term_id   INTEGER NOT NULL REFERENCES terms (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    office    TEXT NOT NULL CHECK (office IN ('president', 'vice_president', 'secretary_general',
              'deputy_secretary_general', 'executive_council', 'council', 'chief_supervisor',
              'supervisor')),
    UNIQUE (term_id, member_id, office)
) STRICT;
CREATE INDEX council_positions_member ON council_positions (member_id);

CREATE TABLE meetings (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind               TEXT NOT NULL CHECK (kind IN ('general_assembly', 'council', 'executive_council')),
    expanded           INTEGER NOT NULL DEFAULT 0 CHECK (expanded IN (0, 1)),
    term_id            INTEGER REFERENCES terms (id),
    starts_at          TEXT NOT NULL,
    ends_at            TEXT,
    venue              TEXT,
    -- NULL means the association's default from settings.
    quorum_numerator   INTEGER,
    quorum_denominator INTEGER,
    notes              TEXT,
    created_at         TEXT NOT NULL,
    CHECK ((quorum_numerator IS NULL) = (quorum_denominator IS NULL))
) STRICT;

CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    presenter    TEXT,
    starts_at    TEXT,
    duration_min INTEGER,
    UNIQUE (meeting_id, position)
) STRICT;

-- Reports, resolutions and amendments put to a vote.
CREATE TABLE motions (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('report', 'resolution', 'amendment')),
    base           TEXT NOT NULL DEFAULT 'present_voting' CHECK (base IN ('present_voting', 'entitled')),
    rule           TEXT NOT NULL DEFAULT 'more_than_half' CHECK (rule IN ('more_than_half', 'two_thirds')),
    method         TEXT CHECK (method IN ('show_of_hands', 'ballot')),
    yes            INTEGER,
    no             INTEGER,
    abstain        INTEGER,
    base_count     INTEGER,
    passed         INTEGER CHECK (passed IN (0, 1)),
    recorded_at    TEXT
) STRICT;

CREATE TABLE attendees (
    id                     INTEGER PRIMARY KEY,
    meeting_id             INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id              INTEGER REFERENCES members (id),
    name                   TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit                   TEXT,
    job_title              TEXT,
    phone                  TEXT,
    category               TEXT NOT NULL CHECK (category IN ('delegate', 'observer', 'guest', 'staff')),
    group_name             TEXT,
    -- Protocol order of the group and of the person in it (officials by office).
    group_order            INTEGER NOT NULL DEFAULT 0,
    protocol_order         INTEGER,
    voting                 INTEGER NOT NULL CHECK (voting IN (0, 1)),
    seat                   TEXT,
    badge_token            TEXT NOT NULL UNIQUE CHECK (length(badge_token) = 12),
    walk_in                INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    -- 代表替换: this attendee took over the voting right of another.
    substitutes_attendee_id INTEGER REFERENCES attendees (id),
    withdrawn_at           TEXT,
    created_at             TEXT NOT NULL
) STRICT;
CREATE INDEX attendees_meeting ON attendees (meeting_id, category, group_order);
CREATE INDEX attendees_member ON attendees (member_id);

-- Tokens that no longer open the door (reissued badges), kept so a scan can say why.
CREATE TABLE revoked_badges (
    badge_token TEXT PRIMARY KEY,
    attendee_id INTEGER NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
    revoked_at  TEXT NOT NULL
) STRICT;

-- Append-only: an undo is another event. event_id comes from the station so retries are no-ops.
CREATE TABLE checkin_events (
    seq         INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('check_in', 'undo')),
    method      TEXT NOT NULL CHECK (method IN ('scan', 'search', 'walk_in', 'manual')),
    station     TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX checkin_events_attendee ON checkin_events (attendee_id, seq);
CREATE INDEX checkin_events_meeting ON checkin_events (meeting_id, seq);

CREATE TABLE elections (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    body            TEXT NOT NULL CHECK (body IN ('council', 'executive_council', 'supervisors', 'officers')),
    title           TEXT NOT NULL,
    seats           INTEGER NOT NULL CHECK (seats > 0),
    ballot_form     TEXT NOT NULL DEFAULT 'per_candidate' CHECK (ballot_form IN ('per_candidate', 'mark_up_to_n')),
    write_in_lines  INTEGER NOT NULL DEFAULT 0 CHECK (write_in_lines >= 0),
    threshold_base  TEXT NOT NULL DEFAULT 'returned'
                    CHECK (threshold_base IN ('returned', 'valid', 'present_voting', 'entitled')),
    round           INTEGER NOT NULL DEFAULT 1 CHECK (round > 0),
    -- A further round among the not-yet-elected points at the round before it.
    previous_round_id INTEGER REFERENCES elections (id),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'counting', 'closed')),
    issued          INTEGER CHECK (issued >= 0),
    returned        INTEGER CHECK (returned >= 0),
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members (id),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit        TEXT,
    position    INTEGER NOT NULL,
    UNIQUE (election_id, position)
) STRICT;

-- Secret ballots: a number only counts issued and returned; nothing links a ballot to a voter.
-- entry_pass 1 and 2 hold the same paper keyed by two clerks.
CREATE TABLE ballots (
    id          INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    entry_pass  INTEGER NOT NULL DEFAULT 1 CHECK (entry_pass IN (1, 2)),
    entered_by  INTEGER REFERENCES staff (id),
    entered_at  TEXT NOT NULL,
    UNIQUE (election_id, entry_pass, number)
) STRICT;

CREATE TABLE ballot_marks (
    ballot_id    INTEGER NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    mark         TEXT NOT NULL CHECK (mark IN ('agree', 'disagree', 'abstain')),
    PRIMARY KEY (ballot_id, candidate_id)
) STRICT;

CREATE TABLE ballot_write_ins (
    id        INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0)
) STRICT;

-- Per-candidate totals keyed from a paper tally sheet, cross-checked against ballots.
CREATE TABLE tally_totals (
    election_id  INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    agree        INTEGER NOT NULL CHECK (agree >= 0),
    disagree     INTEGER NOT NULL CHECK (disagree >= 0),
    abstain      INTEGER NOT NULL CHECK (abstain >= 0),
    PRIMARY KEY (election_id, candidate_id)
) STRICT;

INSERT INTO staff (name, role, created_at)
VALUES ('管理员', 'admin', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
