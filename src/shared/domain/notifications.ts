import { z } from 'zod'

/** What a person can be told about while the console is not in front of them. */
export const NoticeKind = z.enum(['newChat', 'customerReply', 'approvalWaiting'])
export type NoticeKind = z.infer<typeof NoticeKind>

/** Which notices are on; each is a switch in Settings, stored in the shop's settings (a team server keeps each person's). */
export const NotificationSettings = z.object({
  newChat: z.boolean(),
  customerReply: z.boolean(),
  approvalWaiting: z.boolean()
}) satisfies z.ZodType<Record<NoticeKind, boolean>>
export type NotificationSettings = z.infer<typeof NotificationSettings>

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  newChat: true,
  customerReply: true,
  approvalWaiting: true
}

/** One notice, as the desktop shell and the browser console show it. */
export const Notice = z.object({
  kind: NoticeKind,
  title: z.string(),
  body: z.string(),
  /** The ticket to open when the notice is clicked. */
  ticketId: z.string().nullable(),
  at: z.string()
})
export type Notice = z.infer<typeof Notice>
