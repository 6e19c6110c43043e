import { ApiClient, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

interface Item {
  id: string;
  rank: number;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const MESSAGES = 700;
/** search.queries.ts RANK_WINDOW: how many of a common query's newest matches per kind are ranked. */
const WINDOW = 500;

/**
 * A word in every message is common by PostgreSQL's statistics: it is ranked among its newest
 * matches only, while a rare word is ranked over all of them however old. Real statistics: the
 * test runs ANALYZE before the api's first search reads pg_stats.
 */
describe('search: common words ranked among their newest matches', () => {
  let env: TestEnv;
  let api: ApiClient;
  let token: string;
  /** Message ids by age: [0] the oldest. */
  let byAge: string[];

  const searchAll = async (q: string): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const response = await api.get(
        `/api/search?q=${encodeURIComponent(q)}&kind=message&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(response.status).toBe(200);
      const page = response.body as Page;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    token = await api.tokenFor(SEEDED.bologna);
    const thread = (await api.post('/api/forums/mobility/threads', { title: 'Depot reports', body: 'Reports follow.' }, token)).body as {
      id: string;
    };
    // The three oldest also carry a rare word; every message carries "tramway", one a minute.
    await env.sql(
      `insert into message (id, created_at, thread_id, seq, author_id, client_msg_id, body, html)
       select gen_random_uuid(), now() - make_interval(mins => $2 - n), t.id, n + 1, t.author_id, 'window-' || n,
              'tramway depot report ' || n || case when n <= 3 then ' zibrovask' else '' end, ''
       from thread t, generate_series(1, $2::int) n where t.id = $1`,
      [thread.id, MESSAGES],
    );
    await env.sql(`update thread set last_seq = $2 + 1 where id = $1`, [thread.id, MESSAGES]);
    await env.sql('analyze message');
    const rows = await env.sql<{ id: string }>(`select id from message where client_msg_id like 'window-%' order by created_at`);
    byAge = rows.map((row) => row.id);
  });
  afterAll(() => env.close());

  it('has statistics that list "tramway" as common (what the rest relies on)', async () => {
    const [stats] = await env.sql<{ common: boolean }>(
      `select 'tramway' = any(most_common_elems::text::text[]) as common from pg_stats where tablename = 'message' and attname = 'search_vector'`,
    );
    expect(stats.common).toBe(true);
  });

  it('pages through the newest 500 matches of a common word, best first, and ends there', async () => {
    const items = await searchAll('tramway');
    expect(items).toHaveLength(WINDOW);
    expect(new Set(items.map((item) => item.id)).size).toBe(WINDOW);
    const newest = new Set(byAge.slice(-WINDOW));
    expect(items.every((item) => newest.has(item.id))).toBe(true);
    const ranks = items.map((item) => item.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('finds a rare word in the oldest messages', async () => {
    expect((await searchAll('zibrovask')).map((item) => item.id).sort()).toEqual(byAge.slice(0, 3).sort());
  });

  it('searches a rare word asked for with a common one over everything, down to the oldest messages', async () => {
    expect((await searchAll('tramway zibrovask')).map((item) => item.id).sort()).toEqual(byAge.slice(0, 3).sort());
  });
});
