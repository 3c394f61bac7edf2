/**
 * Separators people put in ids, and the words they put before them ("order #1001", "Order no. 1001").
 * Both are dropped before an id is matched against its format.
 */
export const ID_SEPARATORS = /[\s\-\u2010-\u2015_.#/:]+/g

/** The words, upper-case and without separators, as a regular expression's source. */
export const ORDER_WORDS_SOURCE = '(?:ORDER(?:NUMBER|NO|NR)?|ORD|NUMBER|NO|NR)'

export const compactId = (raw: string): string =>
  raw.normalize('NFKC').toUpperCase().replace(ID_SEPARATORS, '')

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
