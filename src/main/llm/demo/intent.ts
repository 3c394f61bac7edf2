import type { ReturnReason } from '../../policy/return-policy'

/** What the customer wants, read from their own words. Plain regexes: the demo model must be predictable. */

export type Intent = 'return' | 'refund_status' | 'product' | 'tracking' | 'general'

export type { ReturnReason }

const REFUND_STATUS =
  /\b(?:where(?:'s| is)|status of|any news on|still waiting (?:for|on)|(?:haven'?t|have not|never|not yet) (?:received|got(?:ten)?|seen))\b[^.?!]{0,30}\brefund|\brefund\b[^.?!]{0,30}\b(?:yet|status|processed|come through|arrived|pending)\b/i
const RETURN =
  /\b(?:return(?:ing|ed)?|refund|money back|exchange|send (?:it|them|this|these) back|damaged|broken|smashed|cracked|dented|torn|defective|faulty|stopped working|(?:doesn'?t|does not|won'?t|isn'?t) (?:work|fit|turn on)|not working|wrong (?:size|item|product|colou?r|one)|too (?:small|big|large|tight|loose|short|long)|not as described|not what i ordered)\b/i
const PRODUCT =
  /\b(?:do you (?:have|sell|carry|stock|offer)|have you got|(?:are|is) there any|looking for|(?:can you |could you )?recommend|in stock|back in stock|available in)\b|\b(?:under|below|less than|cheaper than)\s*\$?\s?\d/i
const ABOUT_AN_ORDER =
  /\b(?:my|the|this|our) (?:order|package|parcel|delivery|shipment|refund|return)\b|\bany (?:update|news)\b/i
const TRACKING =
  /\b(?:where(?:'s| is)|track(?:ing)?|ship(?:ping|ped|ment)?|deliver(?:y|ed)?|arriv(?:e|ed|al)|package|parcel|hasn'?t (?:come|arrived|shown up)|not (?:arrived|received)|still waiting|late|delayed|status|eta|dispatch(?:ed)?)\b/i

export function detectIntent(text: string, hasOrderId: boolean): Intent {
  if (REFUND_STATUS.test(text)) return 'refund_status'
  if (RETURN.test(text)) return 'return'
  // "Is there any update on my order?" is not a shopping question.
  if (PRODUCT.test(text) && !hasOrderId && !ABOUT_AN_ORDER.test(text)) return 'product'
  if (TRACKING.test(text)) return 'tracking'
  return 'general'
}

const REASONS: readonly [ReturnReason, RegExp][] = [
  // Size first: "wrong size" is a fit problem, not a wrong item.
  [
    'wrong_size',
    /\b(?:wrong size|size|sizing|fit|fits|too (?:small|big|large|tight|loose|short|long)|(?:doesn'?t|does not|don'?t) fit)\b/i
  ],
  [
    'wrong_item',
    /\b(?:wrong (?:item|product|colou?r|model|one|thing)|not what i ordered|sent (?:me )?the wrong|different item|instead of)\b/i
  ],
  [
    'damaged',
    /\b(?:damaged|broken|smashed|cracked|dented|torn|scratched|shattered|crushed|ripped|arrived broken)\b/i
  ],
  [
    'defective',
    /\b(?:defective|faulty|stopped working|(?:doesn'?t|does not|won'?t|isn'?t) (?:work|turn on|charge)|not working|malfunction\w*|dead on arrival|broke after)\b/i
  ],
  [
    'not_as_described',
    /\b(?:not as described|(?:looks?|is|feels?) (?:nothing like|different)|different (?:from|than) (?:the )?(?:picture|photo|description|listing)|misleading|poor quality|cheap(?:ly made)?)\b/i
  ],
  [
    'changed_mind',
    /\b(?:changed my mind|no longer (?:need|want)|(?:don'?t|do not) (?:need|want) (?:it|them)|ordered (?:it )?by mistake|accidentally ordered|not needed|bought (?:it )?elsewhere)\b/i
  ]
]

export function returnReasonFrom(text: string): ReturnReason {
  return REASONS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other'
}

/**
 * Order ids as customers type them: `ORD-20261103-AB12`, `ord 20261103 ab12`, `ORD20261103AB12`, `#ord-20261103`.
 * The digits may be a few short or long (a typo); the tool normalizes and suggests real ids.
 */
const ORDER_ID = /\b(ord)[\s#:._-]*(\d{6,10})(?:([\s._-]*)([a-z0-9]{3,5}))?(?![a-z0-9])/gi
const WORDS_THAT_ARE_NOT_SUFFIXES = new Set([
  'and',
  'are',
  'but',
  'for',
  'from',
  'has',
  'hasn',
  'have',
  'isn',
  'its',
  'not',
  'please',
  'still',
  'that',
  'the',
  'this',
  'was',
  'wasn',
  'with',
  'yet'
])

export function orderIdCandidates(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(ORDER_ID)) {
    const [whole, , digits = '', separator = '', suffix = ''] = match
    // "ORD-20261103 hasn't arrived": a whitespace-separated English word is not the id's suffix.
    const suffixIsWord = /^\s+$/.test(separator) && WORDS_THAT_ARE_NOT_SUFFIXES.has(suffix.toLowerCase())
    const typed = suffixIsWord ? whole.slice(0, whole.length - separator.length - suffix.length) : whole
    const key = `${digits}${suffixIsWord ? '' : suffix.toUpperCase()}`
    if (!found.some((f) => f.replace(/[^0-9a-z]/gi, '').toUpperCase() === `ORD${key}`))
      found.push(typed.trim())
  }
  return found
}

const AMOUNT =
  /(?:under|below|less than|cheaper than|up to|no more than|max(?:imum)?|within|budget(?: of| is)?|for)\s*(?:\$|usd\s*)?\s*(\d+(?:[.,]\d{1,2})?)\s*(?:\$|usd|dollars|bucks)?/i
const BARE_DOLLARS = /\$\s*(\d+(?:[.,]\d{1,2})?)/

export function maxPriceFrom(text: string): number | undefined {
  const match = AMOUNT.exec(text) ?? BARE_DOLLARS.exec(text)
  if (!match?.[1]) return undefined
  const amount = Number(match[1].replace(',', '.'))
  return Number.isFinite(amount) && amount > 0 ? amount : undefined
}

export const wantsInStock = (text: string): boolean =>
  /\b(?:in stock|available|ship (?:today|now|quickly|soon)|right now|asap)\b/i.test(text)

const QUERY_LEAD =
  /\b(?:do you (?:have|sell|carry|stock|offer)|have you got|looking for|(?:can you |could you )?recommend|i (?:need|want)|any)\b\s*(?:me\s+)?(?:an?|any|some|the|good|nice|decent|cheap)?\s*/i
const QUERY_END =
  /\s*(?:\b(?:under|below|less than|cheaper than|up to|no more than|for less|within|that|which|in stock|available|please|for (?:my|a|an|the|under)|with a budget)\b|[?.!,;$]|$)/i
const STOPWORDS = new Set(
  'a an any some the me my i you your we our us it its of for to in on at and or with please thanks thank hi hello hey do does have has is are be can could would should want need looking good nice decent cheap'.split(
    ' '
  )
)

/** "Do you have waterproof hiking boots under $120?" → "waterproof hiking boots". */
export function productQueryFrom(text: string): string {
  const sentences = text.split(/(?<=[.?!])\s+/)
  const asking = sentences.find((s) => QUERY_LEAD.test(s)) ?? sentences.find((s) => s.includes('?')) ?? text
  const lead = QUERY_LEAD.exec(asking)
  const rest = lead ? asking.slice(lead.index + lead[0].length) : asking
  const end = QUERY_END.exec(rest)
  const phrase = end ? rest.slice(0, end.index) : rest
  const words = phrase
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
  return words.slice(0, 5).join(' ')
}

export const soundsUpset = (text: string): boolean =>
  /\b(?:disappoint\w*|terrible|awful|unacceptable|ridiculous|angry|upset|frustrat\w*|worst|furious|again|still)\b/i.test(
    text
  )
