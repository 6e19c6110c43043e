import { sql } from '@agora/platform';
import { buildSearchQuery, combinesWords, commonTables, positiveLexemes, SEARCH_KINDS, SearchFilters, SearchTable } from './search.queries';

const base: SearchFilters = {
  tsquery: "'tram' | 'tramway'",
  common: new Set(),
  kinds: SEARCH_KINDS,
  hiddenGroups: null,
  limit: 20,
};

describe('search queries', () => {
  it('reads the lexemes a tsquery asks for, leaving out negated ones', () => {
    expect(positiveLexemes("'zibrovas' | 'zibrovask'")).toEqual(['zibrovas', 'zibrovask']);
    expect(positiveLexemes("'public' <-> 'transport' & !'bus' & 'city':*")).toEqual(['public', 'transport', 'city']);
    expect(positiveLexemes("'o''brien'")).toEqual(["o'brien"]);
  });

  it('counts a query as common in the tables where one of its alternatives asks only for common lexemes', () => {
    const statistics = new Map([
      ['message', new Set(['bus', 'tram'])],
      ['post', new Set(['bus'])],
    ]);
    expect([...commonTables("'tram' | 'tramway'", statistics)]).toEqual(['message']);
    expect([...commonTables("'bus'", statistics)]).toEqual(['post', 'message']);
    expect([...commonTables("'bus' <-> 'tram' | 'bus' & 'tramway'", statistics)]).toEqual(['message']);
    // A rare word the documents must also hold makes the query rare; a negated one does not count.
    expect([...commonTables("'bus' & 'zibrovask'", statistics)]).toEqual([]);
    expect([...commonTables("'bus' & !'zibrovask'", statistics)]).toEqual(['post', 'message']);
    expect([...commonTables("'zibrovask' & !'bus'", statistics)]).toEqual([]);
    expect([...commonTables("'bus'", new Map())]).toEqual([]);
  });

  it('tells words asked for together (AND, a phrase) from alternatives', () => {
    expect(combinesWords("'public' <-> 'transport'")).toBe(true);
    expect(combinesWords("'bus' & 'tram'")).toBe(true);
    expect(combinesWords("'a' <2> 'b'")).toBe(true);
    expect(combinesWords("'bus' | 'tram' | 'at&t'")).toBe(false);
  });

  it('bounds the walk of a common phrase to the newest rows, but not that of a common word', () => {
    const common = new Set<SearchTable>(['message']);
    const phrase = buildSearchQuery({ ...base, tsquery: "'bus' <-> 'tram'", common }).statement.text;
    expect(phrase).toMatch(/from \(select \* from message m where m\.deleted_at is null order by m\.created_at desc limit 20000\) m/);
    const word = buildSearchQuery({ ...base, tsquery: "'bus'", common }).statement.text;
    expect(word).not.toMatch(/limit 20000/);
  });

  it('prepares rare queries only, and never splices the query into the SQL', () => {
    const hostile = "'x'); drop table post; --";
    const rare = buildSearchQuery({ ...base, tsquery: hostile });
    expect(rare.prepare).toBe(true);
    expect(rare.statement.text).not.toContain('drop table');
    expect(rare.statement.params).toContain(hostile);
    const common = buildSearchQuery({ ...base, common: new Set<SearchTable>(['message']) });
    expect(common.prepare).toBe(false);
    expect(common.statement.text).toMatch(/order by m\.created_at desc limit 500/);
  });

  it('has one parameter per placeholder for every combination of filters', () => {
    const options: Partial<SearchFilters>[] = [
      { hiddenGroups: sql`select id from working_group where id <> ${'00000000-0000-0000-0000-000000000000'}` },
      { forumId: 'f' },
      { workingGroupId: 'g' },
      { cityId: 'c' },
      { language: 'it' },
      { from: '2026-01-01' },
      { to: '2027-01-01' },
      { after: { rank: 0.5, key: 'post:00000000-0000-0000-0000-000000000000' } },
      { common: new Set<SearchTable>(['post', 'message']) },
    ];
    for (let mask = 0; mask < 1 << options.length; mask++) {
      for (const kinds of [SEARCH_KINDS, ...SEARCH_KINDS.map((kind) => [kind])]) {
        const filters = options.reduce<SearchFilters>((acc, option, i) => (mask & (1 << i) ? { ...acc, ...option } : acc), {
          ...base,
          kinds,
        });
        const { statement } = buildSearchQuery(filters);
        expect(statement.text.split('?').length - 1).toBe(statement.params.length);
      }
    }
  });

  it('leaves out the kinds a filter rules out (threads and messages have no city)', () => {
    const hits = buildSearchQuery({ ...base, cityId: 'c' }).statement.text.split('page as')[0];
    expect(hits).not.toMatch(/from message m|from thread t /);
    expect(hits).toMatch(/from post p .*from exchange_offer e/s);
  });
});
