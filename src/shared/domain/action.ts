import { z } from 'zod'
import { ExternalToolAction } from './actions/external-tool'
import { GoodwillCreditAction } from './actions/goodwill-credit'
import { RefundAction } from './actions/refund'
import { ReturnAction } from './actions/return'

export { ActionOrigin, ActionStatus } from './actions/base'

/**
 * A mutation proposed by a model, a tool or a host, waiting for (or decided by) a person. Each kind
 * has its own file in ./actions with its payload, eligibility and result schemas; this list gathers
 * them, and main (src/main/actions) and the renderer (features/approvals/kinds) find each kind's
 * behaviour by `kind` in maps typed over it, so a kind without an applier or a view is a compile error.
 */
export const actionSchemas = [ReturnAction, RefundAction, GoodwillCreditAction, ExternalToolAction] as const

export const Action = z.discriminatedUnion('kind', actionSchemas)
export type Action = z.infer<typeof Action>

export type ActionKind = Action['kind']
export const ActionKind = z.enum(actionSchemas.map((schema) => schema.shape.kind.value) as [ActionKind])

export type ActionOf<K extends ActionKind> = Extract<Action, { kind: K }>
export type PayloadOf<K extends ActionKind> = ActionOf<K>['payload']
export type EligibilityOf<K extends ActionKind> = ActionOf<K>['eligibility']
export type ResultOf<K extends ActionKind> = NonNullable<ActionOf<K>['result']>

type SchemaOf<K extends ActionKind> = Extract<
  (typeof actionSchemas)[number],
  { shape: { kind: z.ZodLiteral<K> } }
>

/** Each kind's schema by its name. */
export const actionSchemaByKind = Object.fromEntries(
  actionSchemas.map((schema) => [schema.shape.kind.value, schema])
) as { [K in ActionKind]: SchemaOf<K> }
/** What a decided action can be: approved and applied, rejected, or approved but failed to apply. */
export const DecidedStatus = z.enum(['applied', 'rejected', 'failed'])
export type DecidedStatus = z.infer<typeof DecidedStatus>

/** The decision history in Approvals: filters, and a page of it, newest first. */
/** Who proposed an action: a team person's id, or `ai`, `mcp`, `chat` or `cli` (proposers that are not people). */
export const ProposedBy = z.string().min(1).max(64)

export const DecisionHistoryQuery = z
  .object({
    status: z.array(DecidedStatus).optional(),
    kind: z.array(ActionKind).optional(),
    decidedBy: z.string().trim().min(1).max(100).optional(),
    /** Team mode: who proposed it. */
    proposedBy: ProposedBy.optional(),
    /** Decided at or after this instant. */
    from: z.iso.datetime().optional(),
    /** Decided before this instant. */
    until: z.iso.datetime().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0)
  })
  .strict()
export type DecisionHistoryQuery = z.input<typeof DecisionHistoryQuery>

export const DecisionHistoryPage = z.object({
  actions: z.array(Action),
  total: z.number().int(),
  /** Everyone who has decided an action, for the "decided by" filter. */
  deciders: z.array(z.string())
})
export type DecisionHistoryPage = z.infer<typeof DecisionHistoryPage>
