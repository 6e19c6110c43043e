import { joinSql, pgQuery, raw, sql, statementName } from './sql';

describe('sql fragments', () => {
  it('turns each value into a placeholder with its parameter, and splices fragments with theirs', () => {
    const id = "x'; drop table post; --";
    const where = joinSql([sql`a = ${1}`, sql`b = any(${['p', 'q']}::text[])`], ' and ');
    const statement = sql`select * from ${raw('post')} where ${where} and id = ${id}`;
    expect(statement.text).toBe('select * from post where a = ? and b = any(?::text[]) and id = ?');
    expect(statement.params).toEqual([1, ['p', 'q'], id]);
  });

  it('names a prepared statement after its text: the same text, the same name; another text, another name', () => {
    const first = statementName('select ?');
    expect(first).toMatch(/^agora_[0-9a-f]{24}$/);
    expect(statementName('select ?')).toBe(first);
    expect(statementName('select ? + 1')).not.toBe(first);
  });

  it('numbers the placeholders for a plain pg client, named only when prepared', () => {
    expect(pgQuery(sql`select ${1} as a, ${'x'} as b`)).toEqual({ name: undefined, text: 'select $1 as a, $2 as b', values: [1, 'x'] });
    expect(pgQuery(sql`select ${1}`, true).name).toBe(statementName('select ?'));
  });
});
