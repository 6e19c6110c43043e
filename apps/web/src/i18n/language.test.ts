import { describe, expect, it } from 'vitest';
import { browserLanguage } from './language';

describe('browserLanguage', () => {
  it("takes the first of the browser's languages the interface has, by its base", () => {
    expect(browserLanguage(['it-CH', 'en'])).toBe('it');
    expect(browserLanguage(['sv-SE', 'de-AT', 'fr'])).toBe('de');
    expect(browserLanguage(['pl'])).toBe('en');
  });
});
