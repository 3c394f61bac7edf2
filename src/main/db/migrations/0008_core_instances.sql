-- Every running core (the desktop app, the web host, `frontline serve`, a CLI command) has a row here
-- while it runs, refreshed by a heartbeat. A draft being written names the core writing it, so a core
-- that starts marks as interrupted only the drafts whose writer is gone, never those another live
-- process on the same database is still writing.
CREATE TABLE core_instances (
  id           TEXT PRIMARY KEY,            -- CORE-<uuid>
  pid          INTEGER NOT NULL,
  hostname     TEXT NOT NULL,
  host         TEXT NOT NULL,               -- electron, web, in-process
  started_at   TEXT NOT NULL,               -- UTC ISO, for people
  heartbeat_ms INTEGER NOT NULL             -- Unix milliseconds of the last heartbeat
);

-- Not a declared foreign key: a core's row is deleted when it stops, while the drafts it wrote keep
-- its id for the record (a declared key would make every stop rewrite them).
ALTER TABLE drafts ADD COLUMN owner TEXT;
