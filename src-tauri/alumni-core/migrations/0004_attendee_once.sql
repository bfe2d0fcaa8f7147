-- A member is on a meeting's list at most once (issue 8, 9a): two invitations of one member
-- would print two badges and count two votes. Guests (member_id NULL) are not concerned.
-- Forward only: never edit this file once it has landed.
--
-- A database that already holds such a pair cannot take this index. storage/migrations.rs
-- therefore runs this file only when no pair exists; otherwise the upgrade still succeeds, the
-- pairs stay in place for staff to resolve (meetings::duplicate_invitations lists them), and
-- the file runs at the first open after the last pair is gone. Hence IF NOT EXISTS.
CREATE UNIQUE INDEX IF NOT EXISTS attendees_member_once
    ON attendees (meeting_id, member_id) WHERE member_id IS NOT NULL;
