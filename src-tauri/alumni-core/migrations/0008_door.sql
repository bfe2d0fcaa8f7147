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

-- A version of each meeting's list as the door's search sees it (names, phones, who is on it),
-- moved by every change that could change a search's hits, so the door keeps a meeting's
-- search terms in memory and reads one row per keystroke to know they still hold
-- (checkin::search). Counted per meeting; only ever increases.
CREATE TABLE attendee_list_versions (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL
) STRICT;

CREATE TRIGGER attendee_list_insert AFTER INSERT ON attendees BEGIN
    INSERT INTO attendee_list_versions (meeting_id, version) VALUES (NEW.meeting_id, 1)
        ON CONFLICT (meeting_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER attendee_list_update
AFTER UPDATE OF meeting_id, member_id, name, phone, unit, category, group_name, group_order,
                protocol_order, seat, voting, withdrawn_at ON attendees BEGIN
    INSERT INTO attendee_list_versions (meeting_id, version) VALUES (NEW.meeting_id, 1)
        ON CONFLICT (meeting_id) DO UPDATE SET version = version + 1;
    INSERT INTO attendee_list_versions (meeting_id, version) VALUES (OLD.meeting_id, 1)
        ON CONFLICT (meeting_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER attendee_list_delete AFTER DELETE ON attendees BEGIN
    UPDATE attendee_list_versions SET version = version + 1 WHERE meeting_id = OLD.meeting_id;
END;

-- A member's phone is what the door shows (masked) and searches for an attendee without one.
CREATE TRIGGER attendee_list_member_phone AFTER UPDATE OF phone ON members
WHEN OLD.phone IS NOT NEW.phone BEGIN
    UPDATE attendee_list_versions SET version = version + 1
    WHERE meeting_id IN (SELECT meeting_id FROM attendees WHERE member_id = NEW.id);
END;
