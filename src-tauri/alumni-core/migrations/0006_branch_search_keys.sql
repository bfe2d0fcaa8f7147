-- Listing a branch, or searching pinyin within it, as one ordered range of the key index
-- (issue 8: at 300,000 members neither scanning everyone's pinyin for the branch's members nor
-- seeking each member's keys stays under 5 ms for a branch of 800-1,700).
-- Each member's full-pinyin keys ('p:<pinyin>') are copied once per branch the member belongs
-- to, as 'b:<branch id>:<pinyin>' with the same rank and sort, so the branch's copies come in
-- exactly the order of the pinyin keys. These triggers keep the copies in step with
-- branch_memberships; members::search::index and rebuild write them with a member's own keys.
-- ':' sorts just before ';', so 'p;' bounds every 'p:' key and 'b:7;' every 'b:7:' key.
-- Forward only: never edit this file once it has landed.

CREATE TRIGGER IF NOT EXISTS branch_search_keys_insert AFTER INSERT ON branch_memberships
BEGIN
    INSERT OR IGNORE INTO member_search_keys (key, rank, sort, member_id)
        SELECT 'b:' || NEW.branch_id || ':' || substr(key, 3), rank, sort, member_id
        FROM member_search_keys
        WHERE member_id = NEW.member_id AND key >= 'p:' AND key < 'p;';
END;

CREATE TRIGGER IF NOT EXISTS branch_search_keys_delete AFTER DELETE ON branch_memberships
BEGIN
    DELETE FROM member_search_keys
    WHERE member_id = OLD.member_id
      AND key >= 'b:' || OLD.branch_id || ':' AND key < 'b:' || OLD.branch_id || ';';
END;

CREATE TRIGGER IF NOT EXISTS branch_search_keys_update
AFTER UPDATE OF branch_id, member_id ON branch_memberships
BEGIN
    DELETE FROM member_search_keys
    WHERE member_id = OLD.member_id
      AND key >= 'b:' || OLD.branch_id || ':' AND key < 'b:' || OLD.branch_id || ';';
    INSERT OR IGNORE INTO member_search_keys (key, rank, sort, member_id)
        SELECT 'b:' || NEW.branch_id || ':' || substr(key, 3), rank, sort, member_id
        FROM member_search_keys
        WHERE member_id = NEW.member_id AND key >= 'p:' AND key < 'p;';
END;

-- Keys of an empty database are complete in the new format too; one with members gets the
-- copies from members::search::ensure_index (key format 3).
UPDATE settings SET value = '3'
WHERE key = 'search_index_version' AND NOT EXISTS (SELECT 1 FROM members);
