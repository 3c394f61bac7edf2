import { z } from 'zod'
import { Money } from './money'

export const CustomerPreferences = z.record(z.string(), z.unknown())

export const Customer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  createdAt: z.string(),
  preferences: CustomerPreferences
})
export type Customer = z.infer<typeof Customer>

export const CustomerCard = Customer.extend({
  lifetimeValue: Money,
  orderCount: z.number().int(),
  openTickets: z.number().int()
})
export type CustomerCard = z.infer<typeof CustomerCard>
