import type { Language } from '@agora/contract';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import it from './it.json';

export type Messages = Record<keyof typeof en, string>;

/** Every language is complete (i18n.test.ts); all four are small enough to ship in the entry. */
export const MESSAGES: Record<Language, Messages> = { en, it, de, fr };

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', it: 'Italiano', de: 'Deutsch', fr: 'Français' };
