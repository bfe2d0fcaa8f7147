-- Member search at 300,000 members (issue 8): indexes so that a filtered search or a listing
-- is either a short ordered scan of the keys checking each member through a small index, or a
-- read of the few members a selective filter lets through, each one's keys found by a seek.
-- Safe on any database from 0002 on: every statement is idempotent.
-- Forward only: never edit this file once it has landed.

-- A member's keys by key: filter-first lookups seek (member_id, key range) here. It replaces the
-- member_id-only index of 0002 (which only served deletes and the cascade; this one does too),
-- so the database does not grow. members::search::rebuild makes it with the same definition.
DROP INDEX IF EXISTS member_search_keys_member;
CREATE INDEX IF NOT EXISTS member_search_keys_member ON member_search_keys (member_id, key);

-- The filter columns beside the id: a keys-first scan checks each member here instead of in the
-- members table, a tenth of its size, so the check stays in the page cache.
CREATE INDEX IF NOT EXISTS members_search_filters
    ON members (id, college, graduation_year, city, status, archived_at);

-- A city and graduation years, read or counted together (as members_college_year does for a
-- college); it supersedes the city-only index of 0002, which nothing else uses.
CREATE INDEX IF NOT EXISTS members_city_year ON members (city, graduation_year)
    WHERE city IS NOT NULL;
DROP INDEX IF EXISTS members_city;

-- Keys of an empty database are complete in the new format too; one with members gets them
-- (and its stored pinyin mended) from members::search::ensure_index.
UPDATE settings SET value = '2'
WHERE key = 'search_index_version' AND NOT EXISTS (SELECT 1 FROM members);
