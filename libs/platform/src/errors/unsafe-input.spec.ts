import { MAX_INPUT_DEPTH, unsafeInput } from './unsafe-input';

describe('unsafeInput', () => {
  it('accepts ordinary values, emoji (paired surrogates) and control characters PostgreSQL stores', () => {
    expect(unsafeInput({ title: 'Mobilità 🚲', tags: ['a', 'b'], n: 1, ok: true, none: null, tab: '\t\u0001' }, 'body')).toBeUndefined();
  });

  it('names the field holding a NUL or an unpaired surrogate, in a value or a key', () => {
    expect(unsafeInput({ links: [{ url: 'a\u0000b' }] }, 'body')).toEqual({
      field: 'body.links[0].url',
      message: 'must not contain NUL characters',
    });
    expect(unsafeInput({ q: 'x\ud800' }, 'query')?.field).toBe('query.q');
    expect(unsafeInput({ 'k\udc00': 1 }, 'body')?.field).toBe('body');
  });

  it('refuses prototype keys and nesting beyond the limit, without recursion', () => {
    expect(unsafeInput(JSON.parse('{"__proto__":{"admin":true}}'), 'body')?.message).toBe('must not contain the key __proto__');
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unsafeInput(deep, 'body')?.message).toBe(`must not be nested more than ${MAX_INPUT_DEPTH} levels deep`);
  });
});
