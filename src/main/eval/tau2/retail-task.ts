import { z } from 'zod'

/** One τ²-bench retail task (data/tau2-retail/tasks_train.json), as its file has it. */

export const ExpectedAction = z.object({
  action_id: z.string(),
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown())
})
export type ExpectedAction = z.infer<typeof ExpectedAction>

export const RetailTask = z.object({
  id: z.string().min(1),
  user_scenario: z.object({
    persona: z.string().nullable().optional(),
    instructions: z.object({
      task_instructions: z.string(),
      reason_for_call: z.string(),
      known_info: z.string().nullable(),
      unknown_info: z.string().nullable()
    })
  }),
  evaluation_criteria: z.object({
    actions: z
      .array(ExpectedAction)
      .nullable()
      .transform((actions) => actions ?? []),
    /** What the agent must tell the customer (a figure, a word), each found in its replies. */
    communicate_info: z
      .array(z.string())
      .nullable()
      .transform((info) => info ?? [])
  })
})
export type RetailTask = z.infer<typeof RetailTask>
