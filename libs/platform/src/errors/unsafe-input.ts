import { FieldError } from './problem';

/**
 * Deeper than any request body the API accepts (a post's links are three levels down). The
 * validation pipe walks a body recursively, so a bracket bomb of 100,000 levels overflowed the
 * stack and came back as a 500.
 */
export const MAX_INPUT_DEPTH = 16;

/**
 * Keys that name JavaScript's object machinery rather than data; no DTO has such a field. The
 * HTTP validation pipe strips them, but socket payloads go through plainToInstance directly.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no field of any request may hold, wherever it sits (path, query or JSON body, keys
 * included): NUL, which PostgreSQL refuses in text (a 500 from the driver, after the guards
 * already ran), and lone surrogates, which UTF-8 cannot encode (the driver would store U+FFFD
 * instead of what was sent). Checking every value once here covers every DTO and route,
 * present and future, instead of a decorator on each string field.
 */
export function unsafeInput(value: unknown, field: string): FieldError | undefined {
  const stack: [unknown, string, number][] = [[value, field, 0]];
  while (stack.length) {
    const [current, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof current === 'string') {
      const reason = unsafeText(current);
      if (reason) return { field: path, message: `must not contain ${reason}` };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(current)) {
      const reason = PROTOTYPE_KEYS.has(key) ? `the key ${key}` : unsafeText(key);
      if (reason) return { field: path, message: `must not contain ${reason}` };
      stack.push([child, Array.isArray(current) ? `${path}[${key}]` : `${path}.${key}`, depth + 1]);
    }
  }
  return undefined;
}

function unsafeText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'NUL characters';
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return 'unpaired surrogates (not valid Unicode)';
  return undefined;
}
