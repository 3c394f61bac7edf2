import { z } from 'zod'
import type { CliOptionsConfig } from './command'

/** Option schemas shared by commands. parseArgs hands over strings; these check and convert them. */

export const dbOption = {
  db: { type: 'string' }
} as const satisfies CliOptionsConfig

export const dbPathSchema = z.string().trim().min(1, 'expected a path to a database file').optional()

export const integerOption = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

export const numberOption = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'expected a number')
    .transform(Number)
    .pipe(z.number().min(min))

export const isoDateTimeOption = z.iso.datetime({
  offset: true,
  error: 'expected an ISO date-time such as 2025-06-15T12:00:00Z'
})

export const DB_USAGE = `  --db PATH      The shop database. Without it: the per-user database, created with the
                 demo shop on first run.`
