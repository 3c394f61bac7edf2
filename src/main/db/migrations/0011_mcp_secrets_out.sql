-- Header values and environment values of external MCP servers are often tokens: they leave the
-- settings table. The stored servers keep only their names (headerNames, envNames); the values wait
-- in mcp_secret_moves until the core, at its next start, hands them to the key store (safeStorage in
-- the desktop app, 0600 files elsewhere) and deletes the row. secure_delete zeroes what is removed,
-- so no token stays readable in the free pages of the file.
PRAGMA secure_delete = ON;

CREATE TABLE mcp_secret_moves (
  server_id TEXT PRIMARY KEY,
  secrets   TEXT NOT NULL            -- {"headers": {...}, "env": {...}}
);

INSERT OR REPLACE INTO mcp_secret_moves (server_id, secrets)
SELECT json_extract(entry.value, '$.id'),
       json_object(
         'headers', json(coalesce(json_extract(entry.value, '$.headers'), '{}')),
         'env', json(coalesce(json_extract(entry.value, '$.env'), '{}')))
FROM settings,
     json_each(CASE WHEN json_valid(settings.value) AND json_type(settings.value) = 'array'
                    THEN settings.value ELSE '[]' END) AS entry
WHERE settings.key = 'mcp.servers'
  AND json_type(entry.value) = 'object'
  AND json_type(entry.value, '$.id') = 'text'
  AND (json_type(entry.value, '$.headers') = 'object' OR json_type(entry.value, '$.env') = 'object');

UPDATE settings
SET value = (
  SELECT json_group_array(
           CASE
             WHEN json_type(entry.value) <> 'object' THEN entry.value
             WHEN json_extract(entry.value, '$.transport') = 'http' THEN json_remove(
               json_set(entry.value, '$.headerNames', json((
                 SELECT json_group_array(header.key) FROM json_each(entry.value, '$.headers') AS header))),
               '$.headers')
             WHEN json_extract(entry.value, '$.transport') = 'stdio' THEN json_remove(
               json_set(entry.value, '$.envNames', json((
                 SELECT json_group_array(variable.key) FROM json_each(entry.value, '$.env') AS variable))),
               '$.env')
             ELSE entry.value
           END)
  FROM json_each(settings.value) AS entry)
WHERE key = 'mcp.servers' AND json_valid(value) AND json_type(value) = 'array';

PRAGMA secure_delete = OFF;
