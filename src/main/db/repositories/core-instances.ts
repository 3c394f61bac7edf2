import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** A running core, as its row says: which process, on which machine, last heard from when. */
export interface CoreInstance {
  id: string
  pid: number
  hostname: string
  host: string
  startedAt: string
  heartbeatMs: number
}

interface CoreInstanceRow {
  id: string
  pid: number
  hostname: string
  host: string
  started_at: string
  heartbeat_ms: number
}

const rowToInstance = (row: CoreInstanceRow): CoreInstance => ({
  id: row.id,
  pid: row.pid,
  hostname: row.hostname,
  host: row.host,
  startedAt: row.started_at,
  heartbeatMs: row.heartbeat_ms
})

const statements = statementCache((db) => ({
  upsert: db.prepare(
    `INSERT INTO core_instances (id, pid, hostname, host, started_at, heartbeat_ms)
     VALUES (@id, @pid, @hostname, @host, @startedAt, @heartbeatMs)
     ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms`
  ),
  touch: db.prepare(`UPDATE core_instances SET heartbeat_ms = ? WHERE id = ?`),
  list: db.prepare(`SELECT * FROM core_instances ORDER BY started_at`),
  remove: db.prepare(`DELETE FROM core_instances WHERE id = ?`)
}))

/** Records a core as running (again, if another process took it for gone meanwhile). */
export function upsertCoreInstance(db: Db, instance: CoreInstance): void {
  statements(db).upsert.run(instance)
}

/** Refreshes a core's heartbeat; false when its row is gone (another process reaped it). */
export function touchCoreInstance(db: Db, id: string, heartbeatMs: number): boolean {
  return statements(db).touch.run(heartbeatMs, id).changes > 0
}

export function listCoreInstances(db: Db): CoreInstance[] {
  return (statements(db).list.all() as CoreInstanceRow[]).map(rowToInstance)
}

export function deleteCoreInstance(db: Db, id: string): void {
  statements(db).remove.run(id)
}
