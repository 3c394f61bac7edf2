-- On whose behalf each tool call ran (a customer, a guest, a person, an MCP host, the CLI), as the
-- caller's JSON: the scoping a tool applied is decided by it, so the trace keeps it. Rows written
-- before this column have none.
ALTER TABLE tool_calls ADD COLUMN caller TEXT;
