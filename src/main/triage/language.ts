/**
 * The language a customer writes in, from the little words every sentence has. Support messages
 * are short, and trigram statistics (what general-purpose detectors use) misread two lines of
 * English as Scots or Frisian; counting function words of the languages shops actually receive is
 * predictable and enough to answer in the customer's language. Unsure means English.
 */
const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the',
    'and',
    'is',
    'my',
    'you',
    'it',
    'to',
    'of',
    'i',
    'have',
    'not',
    'was',
    'with',
    'for',
    'this',
    'what',
    'please',
    'order',
    'where',
    'hello',
    'thanks',
    'can'
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'je',
    'mon',
    'ma',
    'mes',
    'vous',
    'pas',
    'une',
    'un',
    'des',
    'pour',
    'avec',
    'commande',
    'bonjour',
    'merci',
    'où',
    'colis',
    'reçu',
    'ai',
    'suis'
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'ich',
    'mein',
    'meine',
    'sie',
    'nicht',
    'ein',
    'eine',
    'mit',
    'für',
    'bestellung',
    'hallo',
    'danke',
    'wo',
    'habe',
    'paket',
    'bitte',
    'noch'
  ],
  es: [
    'el',
    'la',
    'los',
    'las',
    'y',
    'es',
    'mi',
    'mis',
    'usted',
    'no',
    'una',
    'un',
    'con',
    'para',
    'pedido',
    'hola',
    'gracias',
    'dónde',
    'donde',
    'he',
    'recibido',
    'paquete',
    'por',
    'que'
  ],
  it: [
    'il',
    'lo',
    'la',
    'gli',
    'e',
    'è',
    'mio',
    'mia',
    'non',
    'una',
    'un',
    'con',
    'per',
    'ordine',
    'ciao',
    'grazie',
    'dove',
    'ho',
    'ricevuto',
    'pacco',
    'sono',
    'che'
  ],
  pt: [
    'o',
    'a',
    'os',
    'as',
    'e',
    'é',
    'meu',
    'minha',
    'não',
    'uma',
    'um',
    'com',
    'para',
    'pedido',
    'olá',
    'obrigado',
    'obrigada',
    'onde',
    'recebi',
    'encomenda',
    'que',
    'por'
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'ik',
    'mijn',
    'niet',
    'met',
    'voor',
    'bestelling',
    'hallo',
    'bedankt',
    'waar',
    'heb',
    'pakket',
    'nog',
    'van',
    'graag'
  ]
}

const INDEX = new Map<string, string[]>()
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words) INDEX.set(word, [...(INDEX.get(word) ?? []), language])
}

export const DEFAULT_LANGUAGE = 'en'

/** The language of `text` as ISO 639-1; English when nothing stands out. */
export function detectLanguage(text: string): string {
  const scores = new Map<string, number>()
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? []
  for (const word of words.slice(0, 400)) {
    for (const language of INDEX.get(word) ?? []) scores.set(language, (scores.get(language) ?? 0) + 1)
  }
  let best = DEFAULT_LANGUAGE
  let bestScore = 0
  let runnerUp = 0
  for (const [language, score] of scores) {
    if (score > bestScore) {
      runnerUp = bestScore
      best = language
      bestScore = score
    } else if (score > runnerUp) runnerUp = score
  }
  // A word or two shared by neighbours ("e", "la") is no evidence: another language must be ahead.
  return bestScore >= 2 && bestScore > runnerUp ? best : DEFAULT_LANGUAGE
}
