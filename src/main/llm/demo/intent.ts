import type { ReturnReason } from '../../policy/return-policy'
import type { OrderIdShape } from '../../shop/order-id-format'

/** What the customer wants, read from their own words. Plain regexes: the demo model must be predictable. */

export type Intent = 'thanks' | 'policy' | 'return' | 'refund_status' | 'product' | 'tracking' | 'general'

export type { ReturnReason }

const REFUND_STATUS =
  /\b(?:where(?:'s| is)|status of|any news on|still waiting (?:for|on)|(?:haven'?t|have not|never|not yet) (?:received|got(?:ten)?|seen))\b[^.?!]{0,30}\brefund|\brefund\b[^.?!]{0,30}\b(?:yet|status|processed|come through|arrived|pending)\b/i
const RETURN =
  /\b(?:return(?:ing|ed|s)?|refund|money back|exchange|send (?:it|them|this|these) back|damaged|broken|smashed|cracked|dented|torn|ruined|falling apart|soaking wet|defective|faulty|stopped working|(?:doesn'?t|does not|won'?t|isn'?t) (?:work|fit|turn on)|not working|wrong (?:size|item|product|colou?r|one)|too (?:small|big|large|tight|loose|short|long)|not as described|not what i ordered)\b/i
const PRODUCT =
  /\b(?:do you (?:have|sell|carry|stock|offer)|have you got|(?:are|is) there any|looking for|(?:can you |could you )?recommend|in stock|back in stock|available in|come in (?:other|another|different) colou?rs?|on sale)\b|\b(?:under|below|less than|cheaper than)\s*\$?\s?\d/i
const ABOUT_AN_ORDER =
  /\b(?:my|the|this|our|last) (?:order|package|parcel|delivery|shipment|refund|return)\b|\bany (?:update|news)\b/i
const TRACKING =
  /\b(?:where(?:'s| is)|track(?:ing)?|ship(?:s|ping|ped|ment)?|deliver(?:y|ed)?|arriv(?:e|ed|al)|package|parcel|hasn'?t (?:come|arrived|shown up)|(?:not|haven'?t|have not|never|didn'?t) (?:arrived|received|got(?:ten)?)|still waiting|late|delayed|status|eta|dispatch(?:ed)?|went through)\b/i

/** A question about the shop's rules in general, which the help center answers (not one order's case). */
const POLICY_QUESTION =
  /\b(?:polic(?:y|ies)|how (?:long|many days) do i have|warranty|guarantee|do you ship to|shipping (?:costs?|times?|fees?)|delivery times?)\b/i

const DETECTORS: readonly [Intent, (text: string, hasOrderId: boolean) => boolean][] = [
  ['policy', (text, hasOrderId) => POLICY_QUESTION.test(text) && !hasOrderId],
  ['refund_status', (text) => REFUND_STATUS.test(text)],
  ['return', (text) => RETURN.test(text)],
  // "Is there any update on my order?" is not a shopping question.
  ['product', (text, hasOrderId) => PRODUCT.test(text) && !hasOrderId && !ABOUT_AN_ORDER.test(text)],
  ['tracking', (text) => TRACKING.test(text)]
]

const THANKS = /^\W*(?:thanks?|thank you|thx|great|perfect|awesome|brilliant|cheers)\b/i

/**
 * The intent of the latest message, and the text it was read from; a bare follow-up ("Any update on
 * this?") carries the intent of the thread it follows.
 */
export function detectIntent(
  latest: string,
  thread: string,
  hasOrderId: boolean
): { intent: Intent; text: string } {
  const inLatest = DETECTORS.find(([, test]) => test(latest, hasOrderId))
  if (inLatest) return { intent: inLatest[0], text: latest }
  // "Thank you so much!" closes a solved thread; it asks for nothing.
  if (THANKS.test(latest) && !latest.includes('?') && latest.length < 120)
    return { intent: 'thanks', text: latest }
  const inThread = DETECTORS.find(([, test]) => test(thread, hasOrderId))
  return { intent: inThread?.[0] ?? 'general', text: inThread ? thread : latest }
}

const REASONS: readonly [ReturnReason, RegExp][] = [
  // Size first: "wrong size" is a fit problem, not a wrong item.
  [
    'wrong_size',
    /\b(?:wrong size|(?:my )?usual size|size (?:up|down)|sizing|fits? (?:like|small|big|large|tight)|too (?:small|big|large|tight|loose|short|long)|(?:doesn'?t|does not|don'?t) fit|runs (?:really |very |quite )?(?:big|small|large|narrow|wide))\b/i
  ],
  [
    'wrong_item',
    /\b(?:wrong (?:item|product|colou?r|model|one|thing)|not what i ordered|sent (?:me )?the wrong|different item|something (?:completely |totally )?different)\b/i
  ],
  [
    'damaged',
    /\b(?:damaged|broken|smashed|cracked|crack|dented|torn|scratched|shattered|crushed|ripped|soaking wet|water damage|ruined)\b/i
  ],
  [
    'defective',
    /\b(?:defective|faulty|stopped working|(?:doesn'?t|does not|won'?t|isn'?t) (?:work|turn on|charge)|not working|malfunction\w*|dead on arrival|broke after|falling apart|keeps (?:cutting out|turning off|disconnecting|dying)|battery (?:drains|dies))\b/i
  ],
  [
    'not_as_described',
    /\b(?:not as described|(?:looks?|is|feels?) (?:nothing like|different)|different (?:from|than) (?:the )?(?:picture|photo|description|listing)|than the description|misleading|poor quality|cheap(?:er|ly made)?)\b/i
  ],
  [
    'changed_mind',
    /\b(?:changed my mind|no longer (?:need|want)|(?:don'?t|do not) (?:need|want) (?:it|them|the)|ordered (?:it )?by mistake|accidentally ordered|not needed|bought (?:it )?elsewhere|already (?:have|has|own) one|as a gift)\b/i
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

/** "order 12345", "order #1001", "order number: A-778": what follows "order" when it has a digit. */
const ORDER_WORD_THEN_ID = /\border\s*(?:number|no\.?|id)?\s*[#:]?\s*([a-z0-9][a-z0-9-]{2,30})(?![a-z0-9])/gi

/** The latest email address the customer wrote (a guest names their order's this way). */
export const emailIn = (text: string): string | undefined =>
  text.match(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi)?.at(-1)

const DEMO_PATTERN = 'ORD-YYYYMMDD-XXXX'

/**
 * Order ids the customer typed, in the shop's format (the demo shop's unless `shape` says otherwise),
 * and in the demo shop also what they call an order in another form ("order 12345"): the tool says
 * what it expects. What is found is what they typed: the tool normalizes it and suggests real ids.
 */
export function orderIdCandidates(text: string, shape?: OrderIdShape | null): string[] {
  const found =
    !shape || shape.pattern === DEMO_PATTERN
      ? [...demoOrderIdCandidates(text), ...otherOrderIds(text)]
      : shopOrderIdCandidates(text, shape)
  return found.filter((id, i, all) => all.findIndex((other) => canonicalId(other) === canonicalId(id)) === i)
}

const canonicalId = (id: string): string => id.replace(/[^0-9a-z]/gi, '').toUpperCase()

/** Ids the customer calls an order that are not in the demo shop's form. */
function otherOrderIds(text: string): string[] {
  return [...text.matchAll(ORDER_WORD_THEN_ID)]
    .map((match) => match[1] ?? '')
    .filter((id) => /\d/.test(id) && !/^ord/i.test(id))
}

/** "#1001", "order 1001", "order no. 1001", "Order #W2378156": a number is an id when marked as one. */
const MARKED_ID =
  /(?:#\s?|\border\s*(?:number|no\.?|nr\.?|id)?\s*[:#]?\s*#?\s*)([\p{L}\p{N}]*\p{N}[\p{L}\p{N}-]*)/giu

/**
 * An imported shop's ids. A bare number counts only after "#" or "order" ("I paid 1200" is no order);
 * when the shop's prefix has letters (τ²-bench's `#W2378156`), "W2378156" alone counts too.
 */
function shopOrderIdCandidates(text: string, shape: OrderIdShape): string[] {
  const found = new Map<string, string>()
  // "an order 2 weeks ago": ids shorter than the shop's own (and than 3) are words, not ids.
  const shortest = Math.min(3, (shape.examples[0] ?? '').replace(/[^\p{L}\p{N}]/gu, '').length || 3)
  const add = (typed: string, key: string) => {
    if (key.length >= shortest && !found.has(key.toUpperCase())) found.set(key.toUpperCase(), typed.trim())
  }
  for (const match of text.matchAll(MARKED_ID)) add(match[0], match[1] ?? match[0])
  const prefixLetters = /^[^\p{L}\p{N}]*(\p{L}+)\d/u.exec(shape.examples[0] ?? '')?.[1]
  if (prefixLetters) {
    const lettered = new RegExp(`(?<![\\p{L}\\p{N}])${prefixLetters}\\d{3,}(?!\\p{N})`, 'giu')
    for (const match of text.matchAll(lettered)) add(match[0], match[0])
  }
  return [...found.values()]
}

function demoOrderIdCandidates(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(ORDER_ID)) {
    const [whole, , digits = '', separator = '', suffix = ''] = match
    // "ORD-20261103 hasn't arrived": a whitespace-separated English word is not the id's suffix.
    const suffixIsWord =
      /^\s+$/.test(separator) && suffix === suffix.toLowerCase() && WORDS_THAT_ARE_NOT_SUFFIXES.has(suffix)
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

/**
 * "Only what's in stock": not when the customer asks whether one named product is ("Is the X back in
 * stock?"), because the answer to that is the product with its stock, zero included.
 */
export const wantsInStock = (text: string): boolean =>
  /\b(?:in stock|available|ship (?:today|now|quickly|soon)|right now|asap)\b/i.test(text) &&
  !/\b(?:is|does) (?:the|your|this)\b/i.test(text)

const QUERY_LEAD =
  /\b(?:do you (?:have|sell|carry|stock|offer)|have you got|looking for|(?:can you |could you )?recommend|i (?:need|want)|(?:is|does) (?:the|your|this)|any)\b\s*(?:me\s+)?(?:(?:an?|any|some|the|good|nice|decent|cheap)\b)?\s*/i
const QUERY_END =
  /\s*(?:\b(?:under|below|less than|cheaper than|up to|no more than|for less|within|that|which|back in stock|in stock|on sale|come in|available|please|for (?:my|a|an|the|under)|with a budget)\b|[?!;$]|[.,](?=\s|$)|$)/i
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
  /\b(?:disappoint\w*|terrible|awful|(?:not |un)acceptable|ridiculous|angry|upset|frustrat\w*|worst|furious|nobody|no one|(?:late|wrong|broken) again|second time|still (?:no|not|nothing|waiting)|is it lost|ages)\b/i.test(
    text
  )

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_DAY =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b/gi

/** "I ordered it on November 3" → ['11-03']: month and day, to find the order placed then. */
export function mentionedMonthDays(text: string): string[] {
  return [...text.matchAll(MONTH_DAY)].map(([, month = '', day = '']) => {
    const m = MONTH_NAMES.indexOf(month.slice(0, 3).toLowerCase()) + 1
    return `${String(m).padStart(2, '0')}-${day.padStart(2, '0')}`
  })
}

export const mentionsBilling = (text: string): boolean =>
  /\b(?:charged|charge|billing|billed|payment|invoice|receipt)\b/i.test(text)

/** The `Today: YYYY-MM-DD` line the agent's system prompt carries, so "late" is judged without a clock. */
export const todayFrom = (system: string): string | undefined =>
  /\bToday:\s*(\d{4}-\d{2}-\d{2})\b/.exec(system)?.[1]
