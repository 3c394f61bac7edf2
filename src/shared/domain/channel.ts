import { z } from 'zod'
import { ModelChoice } from './llm-settings'

/**
 * The customer chat channel as the console sees it: the autopilot policy, the API's settings, its
 * keys and whether it is serving.
 */

/**
 * What a drafted answer was about, read from the tools it used. Returns and refunds are not here:
 * an answer that proposes one is never sent on its own, whatever the settings say.
 */
export const AutopilotIntent = z.enum(['order_status', 'product_question', 'account_history', 'general'])
export type AutopilotIntent = z.infer<typeof AutopilotIntent>

const intentSwitches = (on: boolean) =>
  z
    .object({
      order_status: z.boolean().default(on),
      product_question: z.boolean().default(on),
      account_history: z.boolean().default(on),
      general: z.boolean().default(on)
    })
    .strict()
    .default({ order_status: on, product_question: on, account_history: on, general: on })

/** Per ticket channel and intent: may a read-only answer go out at once? On in chat, off elsewhere. */
export const AutopilotSettings = z
  .object({
    chat: intentSwitches(true),
    email: intentSwitches(false),
    web: intentSwitches(false),
    /** Answers the fallback drafter wrote (provider down) may go out too: they state the shop's real data. */
    sendFallbacks: z.boolean().default(true)
  })
  .strict()
export type AutopilotSettings = z.infer<typeof AutopilotSettings>

/** A browser origin as the Origin header carries it: scheme, host and optional port, no path. */
export const CorsOrigin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'expected an origin such as https://shop.example.com (no path)')
  .max(200)

/**
 * What the chat API takes in a minute before it answers 429: from one customer, one client address,
 * one channel key. A shop's backend calling for all its customers is one address and one key; a
 * key given to browsers is one key across many addresses, hence the higher default.
 */
export const ChannelRateLimits = z
  .object({
    perCustomerPerMinute: z.number().int().min(1).max(100_000).default(30),
    perIpPerMinute: z.number().int().min(1).max(1_000_000).default(6_000),
    perKeyPerMinute: z.number().int().min(1).max(1_000_000).default(60_000)
  })
  .strict()
export type ChannelRateLimits = z.infer<typeof ChannelRateLimits>

/** The model name the seed's website integration sends; by default it means the operator's default model. */
export const SEED_CHAT_MODEL = 'deepseek-v3.2'

/** A model name chat clients may send, and the provider/model that answers it. */
export const ChannelModel = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name the model as clients send it, e.g. deepseek-v3.2.')
      .max(100, 'At most 100 characters.')
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'Use letters, digits, dots, dashes, colons or slashes.'),
    /** Null: whatever the default model in Settings is. */
    use: ModelChoice.nullable()
  })
  .strict()
export type ChannelModel = z.infer<typeof ChannelModel>

export const ChannelModels = z
  .array(ChannelModel)
  .max(50, 'At most 50 model names.')
  .superRefine((models, ctx) => {
    const seen = new Set<string>()
    models.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${m.name}" is listed twice.` })
      seen.add(m.name)
    })
  })

/** The certificate and key the chat API serves HTTPS with (PEM files on this machine). */
export const ChannelTls = z
  .object({
    certFile: z.string().trim().min(1, 'The path of the certificate (PEM) file.').max(1_000),
    keyFile: z.string().trim().min(1, 'The path of the private key (PEM) file.').max(1_000)
  })
  .strict()
export type ChannelTls = z.infer<typeof ChannelTls>

export const ChannelSettings = z
  .object({
    host: z.string().trim().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    corsOrigins: z.array(CorsOrigin).max(50).default([]),
    // Parsed, so the defaults above are the only place the numbers are written.
    rateLimits: ChannelRateLimits.prefault({}),
    /** The model names chat clients may send; a request without one uses the default model. */
    models: ChannelModels.default([{ name: SEED_CHAT_MODEL, use: null }]),
    /** Serve HTTPS with this certificate: needed (or behindProxy) to listen beyond this machine. */
    tls: ChannelTls.nullable().default(null),
    /** A TLS-terminating proxy in front forwards to this server: it may listen beyond loopback. */
    behindProxy: z.boolean().default(false),
    autopilot: AutopilotSettings.default(AutopilotSettings.parse({}))
  })
  .strict()
export type ChannelSettings = z.infer<typeof ChannelSettings>

export const ChannelSettingsPatch = z
  .object({
    host: ChannelSettings.shape.host.unwrap().optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    corsOrigins: z.array(CorsOrigin).max(50).optional(),
    rateLimits: ChannelRateLimits.partial().optional(),
    models: ChannelModels.optional(),
    tls: ChannelTls.nullable().optional(),
    behindProxy: z.boolean().optional(),
    autopilot: z
      .object({
        chat: AutopilotSettings.shape.chat.unwrap().partial().optional(),
        email: AutopilotSettings.shape.email.unwrap().partial().optional(),
        web: AutopilotSettings.shape.web.unwrap().partial().optional(),
        sendFallbacks: z.boolean().optional()
      })
      .strict()
      .optional()
  })
  .strict()
export type ChannelSettingsPatch = z.infer<typeof ChannelSettingsPatch>

export const ChannelStatus = z.object({
  running: z.boolean(),
  /** Where the API listens, e.g. http://127.0.0.1:8787 */
  url: z.string().nullable(),
  startedAt: z.string().nullable(),
  /** Keys that open the API: created ones not revoked, plus FRONTLINE_CHANNEL_KEY when set. */
  activeKeys: z.number().int(),
  environmentKey: z.boolean(),
  connectedSessions: z.number().int(),
  chatsInFlight: z.number().int(),
  lastError: z.string().nullable()
})
export type ChannelStatus = z.infer<typeof ChannelStatus>

export const ChannelKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to tell keys apart; the key itself is shown only at creation. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable()
})
export type ChannelKeyInfo = z.infer<typeof ChannelKeyInfo>

export const CreatedChannelKey = ChannelKeyInfo.extend({ key: z.string() })
export type CreatedChannelKey = z.infer<typeof CreatedChannelKey>

export const ChannelKeyName = z.string().trim().min(1, 'give the key a name').max(100)
