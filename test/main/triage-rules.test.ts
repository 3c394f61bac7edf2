import { describe, expect, it } from 'vitest'
import { parseTriageAnswer } from '../../src/main/triage/model-triage'
import { detectLanguage } from '../../src/main/triage/language'
import { triageByRules } from '../../src/main/triage/rules'

const read = (subject: string, ...customerText: string[]) => triageByRules({ subject, customerText })

describe('triage by rules', () => {
  it('reads the intent a ticket is about from the latest customer words first', () => {
    expect(read('Order', 'Where is my order ORD-20261101-AB12?').intent).toBe('order_status')
    expect(read('Return', 'The shoes are too small, I want to send them back.').intent).toBe('return')
    expect(read('Money', 'I was charged twice, please refund me.').intent).toBe('refund')
    expect(read('Parcel', 'The parcel arrived and the mug was broken.').intent).toBe('shipping_problem')
    expect(read('Login', 'I cannot log in to my account.').intent).toBe('account')
    expect(read('Question', 'Do you have this jacket in stock in blue?').intent).toBe('product_question')
    expect(read('Hello', 'Lovely weather today.').intent).toBe('other')
    // The latest turn decides over an earlier one.
    expect(read('Order', 'Where is my order?', 'It came, but I want a refund now.').intent).toBe('refund')
  })

  it('makes an angry message about a delivery a complaint, raises its priority and tags it upset', () => {
    const result = read('Late again', 'This is ridiculous, my parcel is late again and still not arrived.')
    expect(result.intent).toBe('complaint')
    expect(result.priority).toBe('high')
    expect(result.tags).toEqual(expect.arrayContaining(['upset', 'late-delivery']))
  })

  it('keeps an upset refund a refund (the work to do) but flags it', () => {
    const result = read('Refund', 'Terrible service. I want my money back.')
    expect(result.intent).toBe('refund')
    expect(result.tags[0]).toBe('upset')
    expect(result.priority).toBe('high')
  })

  it('marks legal threats and fraud urgent, and product questions low', () => {
    expect(read('Fraud', 'Someone used my card, this is fraud.').priority).toBe('urgent')
    expect(read('Lawyer', 'My lawyer will take legal action about this order.').priority).toBe('urgent')
    expect(read('Sizes', 'Do you have the boots in size 42?').priority).toBe('low')
  })

  it('tags what it recognises, at most five', () => {
    const result = read(
      'Everything wrong',
      'Terrible: the parcel was late, the box was damaged, it is the wrong size, it stopped working and I was charged twice.'
    )
    expect(result.tags.length).toBeLessThanOrEqual(5)
    expect(result.tags).toEqual(expect.arrayContaining(['upset', 'damaged', 'wrong-size']))
  })

  it('writes a one-line summary naming the intent and the order', () => {
    const result = read('Where is it', 'Hello.\nWhere is my order ORD-20261101-AB12? It has been a week.')
    expect(result.summary).toBe('Order status (ORD-20261101-AB12): Hello.')
    expect(result.summary).not.toContain('\n')
    const long = read('Long', `${'word '.repeat(200)}.`)
    expect(long.summary.length).toBeLessThanOrEqual(200)
    expect(long.summary.endsWith('…')).toBe(true)
  })

  it('reads a ticket with no customer words from its subject', () => {
    const result = read('Refund for my order')
    expect(result.intent).toBe('refund')
    expect(result.summary).toBe('Refund: Refund for my order')
  })
})

describe('the customer language', () => {
  it('is read from the little words of the languages shops receive', () => {
    expect(detectLanguage('Where is my order? I have not received it yet.')).toBe('en')
    expect(detectLanguage("Bonjour, je n'ai pas encore reçu ma commande. Où est mon colis ?")).toBe('fr')
    expect(detectLanguage('Hallo, ich habe meine Bestellung noch nicht bekommen. Wo ist das Paket?')).toBe(
      'de'
    )
    expect(detectLanguage('Hola, no he recibido mi pedido. ¿Dónde está el paquete?')).toBe('es')
    expect(detectLanguage('Hallo, waar is mijn bestelling? Ik heb het pakket nog niet.')).toBe('nl')
  })

  it('is English when nothing stands out', () => {
    expect(detectLanguage('')).toBe('en')
    expect(detectLanguage('ORD-20261101-AB12 ???')).toBe('en')
    // One shared word ("la") is no evidence.
    expect(detectLanguage('la')).toBe('en')
  })

  it('is given to the rules triage', () => {
    expect(read('Commande', 'Bonjour, où est ma commande ? Merci.').language).toBe('fr')
  })
})

describe("the model's triage answer", () => {
  it('is checked like any input from outside, its tags tidied', () => {
    const answer = parseTriageAnswer(
      '```json\n{"intent":"return","priority":"normal","tags":["Wrong Size!","",7],"language":"EN","summary":"Wants to return shoes"}\n```'
    )
    expect(answer).toEqual({
      intent: 'return',
      priority: 'normal',
      tags: ['wrong size'],
      language: 'en',
      summary: 'Wants to return shoes'
    })
  })

  it('is refused, naming the field, when it does not fit', () => {
    expect(parseTriageAnswer('not json')).toBe('the model did not answer with JSON')
    expect(
      parseTriageAnswer('{"intent":"gossip","priority":"normal","tags":[],"language":"en","summary":"x"}')
    ).toMatch(/^the model's answer did not fit \(intent: /)
    expect(
      parseTriageAnswer('{"intent":"other","priority":"normal","tags":[],"language":"english","summary":"x"}')
    ).toMatch(/language/)
  })
})
