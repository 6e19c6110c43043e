import { pgStatement } from './sql';

describe('pgStatement', () => {
  it('numbers the placeholders and keeps the values in order', () => {
    expect(pgStatement('select ? as a, ? as b', [1, 'x'])).toEqual({ name: undefined, text: 'select $1 as a, $2 as b', values: [1, 'x'] });
  });

  it('refuses a statement whose placeholders and values do not match', () => {
    expect(() => pgStatement('select ?, ?', [1])).toThrow('2 placeholders for 1 values');
  });

  it('names a prepared statement after its text: the same text, the same name; another text, another name', () => {
    const first = pgStatement('select ?', [1], true);
    expect(first.name).toMatch(/^agora_[0-9a-f]{24}$/);
    expect(pgStatement('select ?', [2], true).name).toBe(first.name);
    expect(pgStatement('select ? + 1', [2], true).name).not.toBe(first.name);
  });
});
