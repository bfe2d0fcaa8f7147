-- Meeting preparation (issue 12): a meeting's status and hall, agenda items with a kind and a
-- report's text or attached PDF, a motion recorded as lacking a quorum, the attendees' RSVP,
-- branch and seat by section/row/number, and per-branch delegate quotas.

ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'planning'
    CHECK (status IN ('planning', 'ready', 'in_session', 'closed'));
-- The hall's sections as JSON: [{"name": "A区", "rows": 12, "seats": 20}, …], front row first.
ALTER TABLE meetings ADD COLUMN hall TEXT;

ALTER TABLE agenda_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('speech', 'report', 'motion', 'election', 'other'));
-- A report's text: paragraphs one a line; a line starting with "# " is a heading.
ALTER TABLE agenda_items ADD COLUMN report_text TEXT;
-- A report that comes as a PDF: its pages go into the packet as they are.
ALTER TABLE agenda_items ADD COLUMN attachment_name TEXT;
ALTER TABLE agenda_items ADD COLUMN attachment BLOB;

-- The chair recorded that the meeting lacked a quorum when this motion came to a vote (the
-- voting attendees present then are in base_count); no counts, not passed.
ALTER TABLE motions ADD COLUMN no_quorum INTEGER NOT NULL DEFAULT 0 CHECK (no_quorum IN (0, 1));

ALTER TABLE attendees ADD COLUMN rsvp TEXT NOT NULL DEFAULT 'pending'
    CHECK (rsvp IN ('pending', 'accepted', 'declined'));
-- The branch a delegate represents, for the per-branch quotas.
ALTER TABLE attendees ADD COLUMN branch_id INTEGER REFERENCES branches (id);
-- The seat as placed in the hall; `seat` keeps the display string ("A区 3排 12座").
ALTER TABLE attendees ADD COLUMN seat_section TEXT;
ALTER TABLE attendees ADD COLUMN seat_row INTEGER CHECK (seat_row > 0);
ALTER TABLE attendees ADD COLUMN seat_number INTEGER CHECK (seat_number > 0);
CREATE UNIQUE INDEX attendees_seat_once ON attendees (meeting_id, seat_section, seat_row, seat_number)
    WHERE seat_section IS NOT NULL AND withdrawn_at IS NULL;

CREATE TABLE delegate_quotas (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    branch_id  INTEGER NOT NULL REFERENCES branches (id),
    quota      INTEGER NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (meeting_id, branch_id)
) STRICT;

-- Documents printed for a meeting (the readiness checklist: invitations, badges, ballots).
CREATE TABLE document_runs (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    election_id INTEGER REFERENCES elections (id) ON DELETE CASCADE,
    document    TEXT NOT NULL,
    pages       INTEGER,
    staff_id    INTEGER REFERENCES staff (id),
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX document_runs_meeting ON document_runs (meeting_id, document);
