-- Whether the fallback drafter wrote the draft (the AI provider was unavailable). The status says
-- 'fallback' only until the draft is sent; this column keeps the fact after, so the inbox can still
-- find the answers that went out without the AI. The reason column keeps why.
ALTER TABLE drafts ADD COLUMN written_without_ai INTEGER NOT NULL DEFAULT 0
  CHECK (written_without_ai IN (0, 1));

-- Drafts written before this column: a fallback draft not yet sent says so in its status, and one
-- already sent still carries the reason the draft engine gave it.
UPDATE drafts SET written_without_ai = 1
WHERE status = 'fallback' OR reason LIKE 'Written without the AI: %';

-- Fallback drafts are few: the inbox's fallback filter starts from them instead of probing the
-- latest draft of every ticket.
CREATE INDEX drafts_written_without_ai ON drafts(ticket_id) WHERE written_without_ai = 1;
