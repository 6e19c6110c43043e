/**
 * Languages a post (or a translation) may be written in: ISO 639-1 codes of the network's
 * member cities. Each maps to a PostgreSQL text-search configuration (created in the knowledge
 * migration) that folds accents and stems in that language; the others fall back to `simple`.
 */
export const LANGUAGES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'is',
  'it',
  'lt',
  'lv',
  'mt',
  'nb',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sq',
  'sr',
  'sv',
  'tr',
  'uk',
] as const;
export type Language = (typeof LANGUAGES)[number];
