import fc from 'fast-check';

/**
 * Values a hostile or broken client sends: what PostgreSQL refuses in text (NUL), what UTF-8
 * cannot encode (lone surrogates), sizes around the body limit and the index-row limit,
 * numbers outside int4 and JavaScript's safe range, prototype names, markup and SQL.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u0001\u0002\u001f\u007f',
  '\r\nBcc: victim@example.org',
  '\u202egnp.exe',
  '\ufeff\uffff\ufffe',
  '🙂'.repeat(40),
  '',
  '   ',
  '%00',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '1e400',
  '9'.repeat(400),
  '-1',
  'null',
  '0000-00-00',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:60Z',
  '2024-02-30',
  '-000001-01-01',
  'x'.repeat(9_000),
  'ß'.repeat(60_000),
];

/** Too big for the body limit on its own: the answer must be a 413 problem, not a crash. */
export const ONE_MEGABYTE = 'm'.repeat(1024 * 1024);

export const HOSTILE_NUMBERS: readonly number[] = [
  2_147_483_648,
  -2_147_483_649,
  2 ** 53 + 2,
  1e308,
  -1e308,
  0.5,
  -0,
  1e-320,
  999_999_999_999,
  -1,
  0,
];

/** Values of the wrong JSON type for whatever field they land in. */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, 'text', 42, [null], { $gt: '' }];

/** Path segments as they appear on the wire (already percent-encoded, some invalidly). */
export const HOSTILE_PATH_SEGMENTS: readonly string[] = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%80',
  '%FF',
  '%',
  '%zz',
  '..%2F..%2Fetc',
  '%20',
  'x'.repeat(120),
  'x'.repeat(5_000),
  '%27%20or%201%3D1--',
  '__proto__',
  'constructor',
  '-1',
  '1e400',
  '%F0%9F%99%82',
];

/** Whole request bodies that no schema allows, as raw JSON text. */
export const HOSTILE_RAW_BODIES: readonly string[] = [
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1e400}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '[]',
  '"text"',
  '42',
  'null',
  '{',
  '{"a":1,"a":2}',
  '\u0000',
];

export const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
export const hostileNumber = fc.constantFrom(...HOSTILE_NUMBERS);
export const wrongType = fc.constantFrom(...WRONG_TYPES);

/**
 * Encodes a query or path value like a client would, except that a lone surrogate (which
 * `encodeURIComponent` refuses) goes out as its WTF-8 bytes, as a hand-made request would.
 */
export function encodeValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}
