-- Check-in at the door (issue 10).
-- Forward only: never edit this file once it has landed.

-- A scan a station queued while the host was unreachable, replayed later, of someone another
-- station had already admitted: one person let in twice (a shared or copied badge, or two
-- doors). Kept for staff to look at; never counted as a second arrival. `first_seq` is the
-- check-in event that admitted them first.
CREATE TABLE checkin_conflicts (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
    station     TEXT NOT NULL,
    -- When the station scanned the badge (its own clock) and when the host heard of it.
    scanned_at  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    first_seq   INTEGER NOT NULL REFERENCES checkin_events (seq),
    resolved_at TEXT
) STRICT;
CREATE INDEX checkin_conflicts_meeting ON checkin_conflicts (meeting_id, id);

-- A door open for check-in: while one is open (its host has been heard from in the last
-- minute), long writes that would hold the write lock for seconds are refused (README,
-- "A door that never stalls"). A host that crashed stops being heard from, so a stale row
-- never locks the office out.
CREATE TABLE door_sessions (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    -- 'window' (the app's door screen) or 'server' (the LAN door server).
    host       TEXT NOT NULL CHECK (host IN ('window', 'server')),
    opened_at  TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    closed_at  TEXT
) STRICT;
CREATE INDEX door_sessions_open ON door_sessions (closed_at, seen_at);

-- The check-ins of a meeting in arrival order, for the live counts and the quorum's moment.
CREATE INDEX checkin_events_meeting_at ON checkin_events (meeting_id, at);
