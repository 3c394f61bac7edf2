import { formatMoney } from '../../../shared/domain/money'
import type { OrderIdShape } from '../../shop/order-id-format'
import { SIGN_OFF } from '../../agent/sign-off'
import type { ReturnReason } from './intent'
import { dateText, type OrderFacts, type ProductFacts, type ReturnFacts } from './tool-facts'

/** The demo model's replies: plain text built only from facts the tools returned. */

export interface ReplyContext {
  firstName: string | null
  upset: boolean
  /** YYYY-MM-DD from the system prompt, if it says; without it nothing is called late. */
  today?: string
  /** The customer writes about a payment or a charge. */
  billing?: boolean
  /** No account is linked (a guest): an order is shown only with its id and the email it was placed with. */
  guest?: boolean
  /** The shop's order-id format from the system prompt; the demo shop's when it says none. */
  orderIds?: OrderIdShape | null
}

const DEMO_SHAPE: OrderIdShape = { pattern: 'ORD-YYYYMMDD-XXXX', examples: ['ORD-20260312-A7K2'] }
const shapeOf = (ctx: ReplyContext): OrderIdShape => ctx.orderIds ?? DEMO_SHAPE
/** "ORD-YYYYMMDD-XXXX (for example ORD-20260312-A7K2)": the shop's format, shown with a real-looking id. */
const idExample = (ctx: ReplyContext): string =>
  `${shapeOf(ctx).pattern} (for example ${shapeOf(ctx).examples[0] ?? shapeOf(ctx).pattern})`

const isPast = (iso: string | undefined, today: string | undefined): boolean =>
  iso !== undefined && today !== undefined && iso.slice(0, 10) < today

function letter(ctx: ReplyContext, ...paragraphs: (string | undefined | false)[]): string {
  const greeting = ctx.firstName ? `Hi ${ctx.firstName},` : 'Hi there,'
  const opening = ctx.upset
    ? "I'm sorry for the trouble, and thank you for your patience while I looked into this."
    : 'Thanks for reaching out.'
  const body = paragraphs.filter((p): p is string => typeof p === 'string' && p !== '')
  return [greeting, opening, ...body, SIGN_OFF].join('\n\n')
}

export function correctionNote(order: OrderFacts, typed: string | undefined): string | undefined {
  if (!typed) return undefined
  return `I found order ${order.id} — the number in your message ("${typed}") looked slightly off, so please let me know if that isn't the order you meant.`
}

function itemsText(order: OrderFacts): string | undefined {
  if (order.items.length === 0) return undefined
  const names = order.items.map((i) => (i.quantity && i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name))
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

const trackingText = (order: OrderFacts): string | undefined =>
  order.carrier && order.trackingNumber
    ? `${order.carrier}, tracking number ${order.trackingNumber}`
    : order.trackingNumber
      ? `tracking number ${order.trackingNumber}`
      : order.carrier

/** One honest sentence per status, each naming the status itself. */
export function statusSentence(order: OrderFacts): string {
  const placed = dateText(order.placedAt)
  const shipped = dateText(order.shippedAt)
  const eta = dateText(order.estimatedDelivery)
  const tracking = trackingText(order)
  const items = itemsText(order)
  const contents = items ? ` (${items})` : ''
  const sentences: Record<string, () => string> = {
    pending: () =>
      `Order ${order.id}${contents}${placed ? `, placed on ${placed},` : ''} is still pending: payment hasn't been confirmed yet, so it hasn't been prepared for shipping.`,
    paid: () =>
      `Order ${order.id}${contents} is paid and being prepared at our warehouse; it hasn't shipped yet.${eta ? ` The current estimate for delivery is ${eta}.` : ''} We'll share the tracking number as soon as it ships.`,
    shipped: () =>
      `Order ${order.id}${contents} has shipped${shipped ? ` (it left our warehouse on ${shipped})` : ''}${tracking ? ` with ${tracking}` : ''}.${eta ? ` The estimated delivery date is ${eta}.` : ''}`,
    delivered: () =>
      `Order ${order.id}${contents} was delivered${order.deliveredAt ? ` on ${dateText(order.deliveredAt)}` : ''}${tracking ? ` (${tracking})` : ''}.`,
    cancelled: () => `Order ${order.id}${contents} was cancelled, so it won't ship.`,
    returned: () => `Order ${order.id}${contents} was returned to us.`
  }
  return (
    sentences[order.status] ?? (() => `Order ${order.id}${contents} has the status "${order.status}".`)
  )()
}

const FROM_ACCOUNT = "You didn't mention an order number, so I looked at the orders on your account. "

export function trackingReply(
  ctx: ReplyContext,
  order: OrderFacts,
  typed: string | undefined,
  fromHistory = false
): string {
  const late = order.status === 'shipped' && isPast(order.estimatedDelivery, ctx.today)
  const advice = late
    ? `I'm sorry it is later than the estimated date. I've flagged it to a teammate, who will open a trace with ${order.carrier ?? 'the carrier'} and keep you updated.`
    : order.status === 'shipped'
      ? order.trackingNumber
        ? "You can follow the parcel with the carrier using that tracking number. If it hasn't arrived a few days after the estimated date, reply here and we'll open a trace with the carrier."
        : "Reply here if it hasn't arrived in a few days and we'll chase it with the carrier."
      : order.status === 'delivered'
        ? "If you can't find the parcel, please check with neighbours or your building's reception, then reply here and we'll open an investigation with the carrier."
        : undefined
  const which = fromHistory ? FROM_ACCOUNT : ''
  return letter(ctx, correctionNote(order, typed), which + statusSentence(order), advice)
}

const REASON_WORDS: Record<ReturnReason, string> = {
  damaged: 'the item arrived damaged',
  defective: 'the item is defective',
  wrong_item: 'you received the wrong item',
  wrong_size: "the size or fit isn't right",
  not_as_described: "the item isn't as described",
  changed_mind: 'you no longer need the item',
  other: 'you would like to return it'
}

export function returnProposedReply(
  ctx: ReplyContext,
  order: OrderFacts,
  reason: ReturnReason,
  facts: ReturnFacts,
  typed: string | undefined
): string {
  const items = facts.itemNames.length > 0 ? facts.itemNames.join(', ') : itemsText(order)
  return letter(
    ctx,
    correctionNote(order, typed),
    `I've prepared a return for order ${order.id}${items ? ` (${items})` : ''} because ${REASON_WORDS[reason]}.`,
    `The return is now awaiting approval from a teammate, who will review it shortly.${facts.refund ? ` Once it is approved, the refund of ${facts.refund} will be confirmed to you.` : ' Once it is approved, we will confirm the refund amount to you.'} We'll also send you the return instructions.`
  )
}

/** The policy's refusal codes (src/main/policy/return-policy.ts) in words for the customer. */
const REFUSALS: Record<string, string> = {
  return_pending:
    "There is already a return for this order awaiting a teammate's approval, so I haven't opened a second one; they will confirm it to you shortly.",
  already_returned:
    'Our records show this has already been returned to us, so a teammate will check where the refund stands and update you.',
  nothing_to_refund:
    'Our records show the amount paid for this order has already been refunded or is in a refund awaiting approval.'
}

export function returnRefusedReply(
  ctx: ReplyContext,
  order: OrderFacts,
  refusal: { code: string; message: string },
  typed: string | undefined
): string {
  return letter(
    ctx,
    correctionNote(order, typed),
    statusSentence(order),
    REFUSALS[refusal.code] ??
      `I looked into a return for this order, but I couldn't set it up: ${refusal.message.replace(/\.?$/, '.')}`,
    REFUSALS[refusal.code]
      ? undefined
      : 'A teammate will review your case personally and get back to you with the options we have.'
  )
}

const NOT_SHIPPED_YET =
  "Since it hasn't shipped yet, there is nothing to send back: if you'd rather not receive it, let us know and a teammate will cancel it before it leaves the warehouse."

export function notReturnableReply(ctx: ReplyContext, order: OrderFacts, typed: string | undefined): string {
  const next: Record<string, string> = {
    pending: NOT_SHIPPED_YET,
    paid: NOT_SHIPPED_YET,
    shipped:
      "It can be returned once it has been delivered; when it arrives, reply here and we'll set the return up straight away.",
    cancelled: `As the order was cancelled before shipping, there is nothing to send back. I've asked a teammate to check the payment of ${order.total ?? 'the order total'} and make sure you are not charged for an order you won't receive; they will confirm this to you.`,
    returned:
      'A return has already been recorded for this order, so a teammate will check where the refund stands and update you.'
  }
  return letter(
    ctx,
    correctionNote(order, typed),
    statusSentence(order),
    next[order.status] ?? 'A teammate will review the return request and get back to you.'
  )
}

export function windowClosedReply(ctx: ReplyContext, order: OrderFacts, typed: string | undefined): string {
  const days = order.returnWindow?.windowDays ?? 30
  const closed = dateText(order.returnWindow?.closesAt)
  return letter(
    ctx,
    correctionNote(order, typed),
    statusSentence(order),
    `Our ${days}-day return window for this order ${closed ? `closed on ${closed}` : 'has closed'}, so I can't set up a standard return.`,
    "I've passed your message to a teammate, who will look at whether we can still help, for example under the manufacturer's warranty, and will get back to you."
  )
}

export function returnHandoffReply(ctx: ReplyContext, order: OrderFacts, typed: string | undefined): string {
  return letter(
    ctx,
    correctionNote(order, typed),
    statusSentence(order),
    'A teammate will set up the return for you and confirm the next steps, including the refund amount.'
  )
}

export function refundStatusReply(ctx: ReplyContext, order: OrderFacts, typed: string | undefined): string {
  return letter(
    ctx,
    correctionNote(order, typed),
    statusSentence(order),
    "I've asked a teammate to check where the refund for this order stands; they will confirm the details to you directly."
  )
}

export function generalReply(
  ctx: ReplyContext,
  order: OrderFacts,
  typed: string | undefined,
  fromHistory: boolean
): string {
  return letter(
    ctx,
    correctionNote(order, typed),
    (fromHistory ? FROM_ACCOUNT : '') + statusSentence(order),
    ctx.billing
      ? "I've asked a teammate to check the payments on this order; they will confirm what they find and put right anything that's wrong."
      : 'A teammate is reviewing your message and will follow up on anything else you need.',
    fromHistory ? 'If your question is about a different order, please reply with its order id.' : undefined
  )
}

export function askForOrderIdReply(
  ctx: ReplyContext,
  purpose: string,
  notFound?: { typed: string; suggestions: readonly string[] }
): string {
  const lookup = notFound
    ? `I couldn't find an order matching "${notFound.typed}".${notFound.suggestions.length > 0 ? ` Did you mean ${notFound.suggestions.slice(0, 3).join(' or ')}?` : ''}`
    : `To ${purpose}, I need the order number${ctx.guest ? ' and the email address you placed the order with' : ''}.`
  return letter(
    ctx,
    lookup,
    ctx.guest
      ? `Could you reply with both? The order id looks like ${idExample(ctx)} and is in your order confirmation email.`
      : `Could you reply with the order id? It looks like ${idExample(ctx)} and is in your order confirmation email.`
  )
}

/** A guest asked about an order they have not (or not rightly) proved: what is needed, never whether it exists. */
export function verifyOrderReply(ctx: ReplyContext, typed: string, emailGiven: boolean): string {
  return letter(
    ctx,
    emailGiven
      ? `I couldn't match "${typed}" with the email address you gave, so I can't share that order's details here.`
      : `For your privacy, I can only share an order's details once you've given its order number and the email address it was placed with.`,
    `Could you reply with both? The order id looks like ${idExample(ctx)} and is in your order confirmation email, sent to that address.`
  )
}

export function noOrdersReply(ctx: ReplyContext): string {
  return letter(
    ctx,
    "I couldn't find any orders on your account yet.",
    `If you ordered with a different email address, please reply with the order id (it looks like ${shapeOf(ctx).pattern}) and I'll look it up.`
  )
}

export interface ProductWish {
  query: string
  maxPrice: number | undefined
  inStock: boolean
}

const wishText = (wish: ProductWish): string =>
  `${wish.query}${wish.maxPrice === undefined ? '' : ` under ${formatMoney({ amount: wish.maxPrice, currency: 'USD' })}`}${wish.inStock ? ' in stock' : ''}`

function productLines(products: readonly ProductFacts[]): string {
  return products
    .slice(0, 5)
    .map((p) => {
      const stock =
        p.stock !== undefined
          ? p.stock > 0
            ? `${p.stock} in stock`
            : 'currently out of stock'
          : p.inStock === undefined
            ? ''
            : p.inStock
              ? 'in stock'
              : 'currently out of stock'
      return `- ${p.name}${p.price ? ` — ${p.price}` : ''}${stock ? ` (${stock})` : ''}`
    })
    .join('\n')
}

export function productsReply(
  ctx: ReplyContext,
  wish: ProductWish,
  products: readonly ProductFacts[]
): string {
  if (products.length === 0) {
    return letter(
      ctx,
      `I searched our catalogue for ${wishText(wish)}, but nothing matches right now.`,
      'If you can tell me a bit more about what you need (size, colour, budget), I will gladly look again.'
    )
  }
  return letter(
    ctx,
    `Here is what we have for ${wishText(wish)}:\n${productLines(products)}`,
    'Let me know if you would like more details on any of these.'
  )
}

export function productsOutsideFiltersReply(
  ctx: ReplyContext,
  wish: ProductWish,
  products: readonly ProductFacts[]
): string {
  return letter(
    ctx,
    `I couldn't find ${wishText(wish)} right now. These are the closest matches in our catalogue:\n${productLines(products)}`,
    'Let me know if one of them would work for you, or if you would like me to look for something else.'
  )
}

export function askProductDetailsReply(ctx: ReplyContext): string {
  return letter(
    ctx,
    "I'd be glad to help you find something. Could you tell me a bit more about what you're looking for — the kind of product, and your budget if you have one?"
  )
}

export function welcomeReply(ctx: ReplyContext): string {
  const greeting = ctx.firstName ? `Hi ${ctx.firstName},` : 'Hi there,'
  return [
    greeting,
    "You're very welcome — I'm glad we could help. If anything else comes up, just reply to this message.",
    SIGN_OFF
  ].join('\n\n')
}

export function noToolsReply(ctx: ReplyContext): string {
  return letter(
    ctx,
    'I have passed your message to a teammate, who will look into it and get back to you shortly.'
  )
}

/** An answer from the help center: the article's own words, named so the customer can read it all. */
export function helpCenterReply(ctx: ReplyContext, article: { title: string; excerpt: string }): string {
  return letter(
    ctx,
    `Our help center answers this: "${article.excerpt}"`,
    `You can read the whole article, "${article.title}", in our help center. If your question is about a particular order, reply with its order id and I will look into it.`
  )
}

const REPLY_HERE =
  'If you need anything else on this, just reply to this message and a person on our team will read it.'

/**
 * A reply whose promises were taken out (no follow-up could back them): it ends by telling the
 * customer how to reach us instead, before the sign-off.
 */
export function withoutPromises(text: string): string {
  const at = text.lastIndexOf(SIGN_OFF)
  const body = (at < 0 ? text : text.slice(0, at)).trimEnd()
  return `${body}\n\n${REPLY_HERE}\n\n${SIGN_OFF}`
}

type Item = OrderFacts['items'][number]
const names = (items: readonly Item[]): string => items.map((i) => i.name).join(', ')

/** What the customer named is already returned or in a return awaiting approval: nothing new is proposed. */
export function alreadyReturningReply(ctx: ReplyContext, order: OrderFacts, named: readonly Item[]): string {
  return letter(
    ctx,
    `I looked at order ${order.id}: ${names(named)} ${named.length === 1 ? 'is' : 'are'} already returned or in a return awaiting a teammate's approval, so I haven't opened another one.`,
    'If something else from the order needs to go back, tell me which item and I will set it up.'
  )
}

/** Part of the order is already returned or awaiting approval, and the customer did not say which item now. */
export function askWhichItemsReply(ctx: ReplyContext, order: OrderFacts, left: readonly Item[]): string {
  return letter(
    ctx,
    `Part of order ${order.id} is already returned or awaiting approval. Which of the other items would you like to return: ${names(left)}?`
  )
}
