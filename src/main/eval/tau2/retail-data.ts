import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { RetailDb } from './retail-db'
import { RetailTask } from './retail-task'

/** τ²-bench's retail domain as read from a folder (data/tau2-retail): the shop, the tasks, the policy. */
export interface RetailData {
  shop: RetailDb
  tasks: RetailTask[]
  policy: string
}

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

export function loadRetailData(dir: string): RetailData {
  return {
    shop: readJson(join(dir, 'db.json'), RetailDb),
    tasks: readJson(join(dir, 'tasks_train.json'), z.array(RetailTask)),
    policy: readFileSync(join(dir, 'policy.md'), 'utf8')
  }
}
