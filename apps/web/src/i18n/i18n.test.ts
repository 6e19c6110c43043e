import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { MESSAGES } from './messages';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const code = sources(SRC)
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');
const english = Object.keys(MESSAGES.en);

function argumentsOf(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === TYPE.literal || element.type === TYPE.pound) return [];
    const nested = 'options' in element ? Object.values(element.options).flatMap((option) => argumentsOf(option.value)) : [];
    return [element.value, ...nested];
  });
}

describe('messages', () => {
  it.each(['it', 'de', 'fr'] as const)('%s has exactly the English keys', (language) => {
    expect(Object.keys(MESSAGES[language]).sort()).toEqual([...english].sort());
  });

  it('every key is used in the code (as a literal id)', () => {
    const unused = english.filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it('every id the code asks for exists', () => {
    const asked = [...code.matchAll(/\bid[=:]\s*["']([a-zA-Z][\w.-]*\.[\w.-]+)["']/g)].map((match) => match[1]);
    expect(asked.filter((id) => !english.includes(id))).toEqual([]);
  });

  it('every translation is valid ICU with the same arguments as English', () => {
    for (const [language, messages] of Object.entries(MESSAGES)) {
      for (const key of english) {
        const args = new Set(argumentsOf(parse(messages[key as keyof typeof messages])));
        expect({ language, key, args: [...args].sort() }).toEqual({
          language,
          key,
          args: [...new Set(argumentsOf(parse(MESSAGES.en[key as keyof typeof MESSAGES.en])))].sort(),
        });
      }
    }
  });
});
