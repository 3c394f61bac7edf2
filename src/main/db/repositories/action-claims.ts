import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/**
 * An approved action whose effect happens outside this database (a call to an external MCP server)
 * cannot be applied inside one transaction. It is claimed first: `decided_by`/`decided_at` are set
 * while it stays `pending_approval`, and only the process whose claim succeeded makes the call.
 * A second approval, here or in another process, sees the claim and does not call again.
 */
const statements = statementCache((db) => ({
  claim: db.prepare(
    `UPDATE actions SET decided_by = @by, decided_by_id = @byId, decided_at = @now
     WHERE id = @id AND status = 'pending_approval' AND decided_at IS NULL`
  )
}))

/** True when this caller now owns applying the action. */
export function claimPendingAction(
  db: Db,
  claim: { id: string; by: string; byId?: string | null; now: string }
): boolean {
  return statements(db).claim.run({ ...claim, byId: claim.byId ?? null }).changes === 1
}
