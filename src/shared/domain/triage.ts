import { z } from 'zod'

/** What a ticket is about, as triage (or a person) reads it. */
export const TicketIntent = z.enum([
  'order_status',
  'return',
  'refund',
  'product_question',
  'complaint',
  'shipping_problem',
  'account',
  'other'
])
export type TicketIntent = z.infer<typeof TicketIntent>

export const INTENT_LABELS: Record<TicketIntent, string> = {
  order_status: 'Order status',
  return: 'Return',
  refund: 'Refund',
  product_question: 'Product question',
  complaint: 'Complaint',
  shipping_problem: 'Shipping problem',
  account: 'Account',
  other: 'Other'
}

/** A language as ISO 639-1 (two letters, lower-case): "en", "fr". */
export const LanguageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'a two-letter language code such as en or fr')

/** The languages Frontline names in words; any other two-letter code is shown as the code. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch'
}
export const languageName = (code: string): string => LANGUAGE_NAMES[code] ?? code.toUpperCase()

/**
 * Where a ticket's triage stands: waiting for the worker, done (by the model, or by the rules), or
 * failed (the ticket stays untriaged and says why). A person's change of a field wins and is kept:
 * `setBy` names them; otherwise triage set it.
 */
export const TriageState = z.enum(['pending', 'running', 'done', 'failed'])
export type TriageState = z.infer<typeof TriageState>
export const TriageSource = z.enum(['model', 'rules'])
export type TriageSource = z.infer<typeof TriageSource>

export const TicketTriage = z.object({
  state: TriageState,
  intent: TicketIntent.nullable(),
  language: z.string().nullable(),
  summary: z.string().nullable(),
  /** What triage itself suggested; the ticket's priority is what stands. */
  priority: z.enum(['low', 'normal', 'high', 'urgent']).nullable(),
  source: TriageSource.nullable(),
  /** provider/model when the model triaged it. */
  model: z.string().nullable(),
  /** Why the rules triaged it instead of the model, or why triage failed, in words. */
  note: z.string().nullable(),
  triagedAt: z.string().nullable(),
  /** The person whose change of the field stands; null: triage's own value. */
  intentSetBy: z.string().nullable(),
  languageSetBy: z.string().nullable(),
  prioritySetBy: z.string().nullable()
})
export type TicketTriage = z.infer<typeof TicketTriage>

/** What triage reads a ticket as: the model's structured answer and the rules' give this shape. */
export const TriageResult = z.object({
  intent: TicketIntent,
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  tags: z.array(z.string()).max(5),
  language: LanguageCode,
  summary: z.string().trim().min(1).max(200)
})
export type TriageResult = z.infer<typeof TriageResult>

/**
 * `auto`: the model when a real one is configured (not the offline demo), the rules otherwise and
 * whenever the model fails; `rules`: never a model call; `off`: tickets stay untriaged (the email
 * ingest benchmark's switch).
 */
export const TriageMode = z.enum(['auto', 'rules', 'off'])
export type TriageMode = z.infer<typeof TriageMode>

export const TriageSettings = z.object({
  mode: TriageMode.default('auto'),
  /** The model for triage (a cheap one will do); null: the default model. */
  model: z
    .object({ providerId: z.string().trim().min(1).max(100), model: z.string().trim().min(1).max(200) })
    .nullable()
    .default(null)
})
export type TriageSettings = z.infer<typeof TriageSettings>
