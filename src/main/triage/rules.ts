import type { TicketPriority } from '../../shared/domain/ticket'
import { INTENT_LABELS, type TicketIntent, type TriageResult } from '../../shared/domain/triage'
import { detectLanguage } from './language'

/**
 * Triage by rules: what the ticket is about, how urgent, a few tags, the language and a one-line
 * summary, read from the customer's words with plain patterns. It is what triage answers when no
 * model is configured and whenever the model fails, so it must never throw and never wait.
 */

export interface RulesInput {
  subject: string
  /** The customer's turns, oldest first. */
  customerText: readonly string[]
}

/** The first pattern that matches decides; the order is the decision. */
const INTENTS: readonly [TicketIntent, RegExp][] = [
  [
    'refund',
    /\b(?:refund(?:ed|s)?|money back|reimburs\w*|charged (?:twice|two times|again)|double charged|chargeback|rembours\w*|reembols\w*|rückerstattung|erstattung|rimbors\w*)\b/i
  ],
  [
    'return',
    /\b(?:return(?:ing|ed|s)?|exchange|send (?:it|them|this|these) back|wrong size|too (?:small|big|large|tight|loose)|(?:doesn'?t|does not|don'?t) fit|retour\w*|renvoyer|devoluci\w*|devolver|rücksend\w*|zurückschicken|umtausch\w*|reso)\b/i
  ],
  [
    'shipping_problem',
    /\b(?:damaged|broken|smashed|cracked|crushed|lost|missing|stolen|never (?:arrived|came|received)|(?:hasn'?t|has not|didn'?t|did not|not) (?:arrived|come|been delivered)|delayed|late|wrong address|returned to sender|endommag\w*|cass[ée]e?|perdu|pas (?:encore )?(?:reçu|arriv[ée]e?)|dañad\w*|roto|perdido|no (?:ha )?llegado|beschädigt|kaputt|verloren|nicht angekommen|danneggiat\w*|rott[oa]|non (?:è )?arrivat[oa])\b/i
  ],
  [
    'account',
    /\b(?:password|log ?in|sign ?in|account|unsubscribe|newsletter|e-?mail address|change my (?:email|address|name)|delete my data|gdpr|mot de passe|compte|contraseña|cuenta|passwort|konto)\b/i
  ],
  [
    'product_question',
    /\b(?:do you (?:have|sell|carry|stock|offer)|have you got|in stock|back in stock|recommend|looking for|size guide|which size|compatible|available in|colou?rs?|avez-vous|tenéis|tienen|haben sie)\b/i
  ],
  [
    'order_status',
    /\b(?:where(?:'s| is) my|track(?:ing)?|status|when will|ship(?:ped|ping)?|dispatch(?:ed)?|deliver(?:y|ed)?|arriv(?:e|al)|order|commande|pedido|bestellung|ordine|suivi|seguimiento|sendungsverfolgung)\b/i
  ]
]

const UPSET =
  /\b(?:disappoint\w*|terrible|awful|horrible|(?:not |un)acceptable|ridiculous|angry|furious|outrage\w*|worst|scam|disgrace\w*|fed up|(?:late|wrong|broken) again|second time|third time|still (?:no|not|nothing|waiting)|inadmissible|inacceptable|inaceptable|unverschämt|vergogna)\b/i
const URGENT =
  /\b(?:urgent(?:ly)?|asap|immediately|lawyer|legal action|chargeback|fraud|police|dringend|urgente|imm[ée]diatement)\b/i

const TAG_PATTERNS: readonly [string, RegExp][] = [
  [
    'damaged',
    /\b(?:damaged|broken|smashed|cracked|crushed|dented|torn|shattered|endommag\w*|beschädigt|dañad\w*)\b/i
  ],
  [
    'wrong-item',
    /\b(?:wrong (?:item|product|colou?r|model|one)|not what i ordered|sent (?:me )?the wrong)\b/i
  ],
  ['wrong-size', /\b(?:wrong size|too (?:small|big|large|tight|loose)|(?:doesn'?t|does not|don'?t) fit)\b/i],
  [
    'late-delivery',
    /\b(?:late|delayed|(?:hasn'?t|has not|not) (?:arrived|come)|still waiting|never arrived)\b/i
  ],
  ['lost-parcel', /\b(?:lost|missing|stolen|never (?:arrived|came|received))\b/i],
  ['billing', /\b(?:charged|charge|billing|billed|invoice|payment|receipt|paid twice)\b/i],
  [
    'defective',
    /\b(?:defective|faulty|stopped working|(?:doesn'?t|does not|won'?t) (?:work|turn on|charge))\b/i
  ]
]

const INTENT_PRIORITY: Record<TicketIntent, TicketPriority> = {
  order_status: 'normal',
  return: 'normal',
  refund: 'normal',
  product_question: 'low',
  complaint: 'high',
  shipping_problem: 'high',
  account: 'normal',
  other: 'normal'
}

const ORDER_ID = /\b(?:ORD-\d{8}-[A-Z0-9]{4}|#\s?[A-Z]?\d{3,})\b/i

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** The customer's first sentence, cut to fit one line. */
function firstSentence(text: string, max: number): string {
  const flat = oneLine(text)
  const end = flat.search(/(?<=[.?!])\s/)
  const sentence = end > 0 ? flat.slice(0, end) : flat
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence
}

export function triageByRules(input: RulesInput): TriageResult {
  const latest = input.customerText.at(-1) ?? ''
  const all = [input.subject, ...input.customerText].join('\n')
  const upset = UPSET.test(all)
  const found =
    INTENTS.find(([, pattern]) => pattern.test(latest))?.[0] ??
    INTENTS.find(([, pattern]) => pattern.test(all))?.[0] ??
    'other'
  // An angry message about an order, a delivery or nothing in particular is a complaint first;
  // returns and refunds keep their intent (that is the work to do) and are flagged upset instead.
  const intent: TicketIntent =
    upset && (found === 'order_status' || found === 'shipping_problem' || found === 'other')
      ? 'complaint'
      : found
  const tags = TAG_PATTERNS.filter(([, pattern]) => pattern.test(all)).map(([tag]) => tag)
  if (upset) tags.unshift('upset')
  const priority: TicketPriority = URGENT.test(all) ? 'urgent' : upset ? 'high' : INTENT_PRIORITY[intent]
  const orderId = ORDER_ID.exec(all)?.[0]
  const said = firstSentence(latest || input.subject, 110)
  const summary = `${INTENT_LABELS[intent]}${orderId ? ` (${orderId.toUpperCase()})` : ''}: ${said || oneLine(input.subject)}`
  return {
    intent,
    priority,
    tags: tags.slice(0, 5),
    language: detectLanguage([...input.customerText, input.subject].join('\n')),
    summary: summary.slice(0, 200)
  }
}
