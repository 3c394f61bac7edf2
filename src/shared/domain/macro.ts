import { z } from 'zod'
import { TicketIntent } from './triage'
import { SettableTicketStatus, TagText } from './ticket'

/**
 * A saved reply the team shares: its text, with variables filled from the ticket when it is
 * inserted (`{{customer.first_name}}`), and what sending a reply with it also does (tags, status).
 */

/** The variables a macro may use, and what each is filled with. */
export const MACRO_VARIABLES = {
  'customer.first_name': "the customer's first name",
  'customer.name': "the customer's full name",
  'customer.email': "the customer's email address",
  'order.id': 'the order the conversation is about (else their latest)',
  'order.status': "that order's status",
  'order.tracking_number': "that order's tracking number",
  'order.carrier': "that order's carrier",
  'order.total': "that order's total",
  'ticket.id': 'the ticket id',
  'ticket.subject': "the ticket's subject",
  'agent.name': 'the name of the person sending'
} as const
export type MacroVariable = keyof typeof MACRO_VARIABLES
export const MACRO_VARIABLE_NAMES = Object.keys(MACRO_VARIABLES) as MacroVariable[]

export const MacroId = z.number().int().positive()

export const MacroInput = z
  .object({
    name: z.string().trim().min(1, 'Name the macro.').max(80, 'A name is at most 80 characters.'),
    body: z
      .string()
      .trim()
      .min(1, 'Write the reply the macro inserts.')
      .max(20_000, 'The text is too long: at most 20,000 characters.'),
    addTags: z.array(TagText).max(10, 'At most 10 tags.').default([]),
    setStatus: SettableTicketStatus.nullable().default(null),
    /** The AI is told to prefer this wording for tickets of this intent. */
    aiIntent: TicketIntent.nullable().default(null)
  })
  .strict()
export type MacroInput = z.input<typeof MacroInput>

export const Macro = z.object({
  id: MacroId,
  name: z.string(),
  body: z.string(),
  addTags: z.array(z.string()),
  setStatus: SettableTicketStatus.nullable(),
  aiIntent: TicketIntent.nullable(),
  updatedAt: z.string(),
  updatedBy: z.string()
})
export type Macro = z.infer<typeof Macro>

/** A macro's text for one ticket: the variables it could not fill stay written as `{{name}}`. */
export const RenderedMacro = z.object({
  macroId: MacroId,
  body: z.string(),
  missing: z.array(z.string())
})
export type RenderedMacro = z.infer<typeof RenderedMacro>

/** The file Settings exports and imports. */
export const MacroFile = z
  .object({
    format: z.literal('frontline.macros'),
    version: z.literal(1),
    macros: z.array(MacroInput).max(1000, 'At most 1,000 macros in one file.')
  })
  .strict()
export type MacroFile = z.input<typeof MacroFile>

/** `{{ name }}` in a macro's text. */
export const MACRO_VARIABLE_PATTERN = /\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/g

/** The known variables still written as `{{name}}` in a text: a reply must not go out with them. */
export function unfilledVariables(text: string): string[] {
  const names = [...text.matchAll(MACRO_VARIABLE_PATTERN)].map((m) => m[1] ?? '')
  return [...new Set(names.filter((n): n is MacroVariable => n in MACRO_VARIABLES))]
}
