import Fastify, { FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { ForumRow, forumsForUser } from '../../libs/forums/src/forums.queries';
import { cityProfile, CityProfileRow } from '../../libs/network/src/network.queries';
import { PG_POOL_SIZE, PG_SESSION_OPTIONS, pgQuery } from '../../libs/platform/src/database/sql';
import type { CommonLexemes } from '../../libs/search/src/search.queries';
import { hiddenGroupsOf, PAGE_LIMIT, readCommonLexemes, runSearch } from './search-statements';

/**
 * The baseline of the API benchmark: a bare Fastify server that answers the two benchmarked
 * routes with the same JSON as the Agora API, from the same SQL statements run directly through `pg`.
 * No auth, no validation, no logging, no ORM: what is left is the cost of PostgreSQL and HTTP.
 * bench:search uses its /api/search: the search's statements behind HTTP, rows as they come.
 *
 * Run as a child process by api.bench.ts and search.bench.ts: PORT, DATABASE_URL and
 * BENCH_USER_ID (whose follows /api/forums reports and whose hidden groups /api/search leaves
 * out, as the signed-in user of the API run) come from the environment.
 */

export function createBareServer(databaseUrl: string, userId: string): { app: FastifyInstance; pool: Pool } {
  // The API's pool size and session settings (orm-options.ts).
  const pool = new Pool({ connectionString: databaseUrl, max: PG_POOL_SIZE, options: PG_SESSION_OPTIONS });
  const app = Fastify({ logger: false });

  app.get('/health', () => ({ status: 'ok' }));

  // ForumsService.list(): the very SQL the API runs.
  app.get('/api/forums', async () => ({
    items: (await pool.query<ForumRow>(pgQuery(forumsForUser(userId)))).rows,
    nextCursor: null,
  }));

  // CitiesService.profile(): the very SQL the API runs.
  app.get<{ Params: { slug: string } }>('/api/cities/:slug', async (request, reply) => {
    const [city] = (await pool.query<CityProfileRow>(pgQuery(cityProfile(request.params.slug)))).rows;
    return city ?? reply.code(404).send({ status: 404, title: 'Not Found' });
  });

  // SearchService.search() for the first page: both statements on one connection, shaped by the
  // statistics read once (the service caches them); the rows as PostgreSQL returns them, not mapped.
  let statistics: Promise<CommonLexemes> | undefined;
  app.get<{ Querystring: { q?: string } }>('/api/search', async (request, reply) => {
    if (!request.query.q) return reply.code(400).send({ status: 400, title: 'Bad Request' });
    statistics ??= readCommonLexemes(pool);
    const lexemes = await statistics;
    const client = await pool.connect();
    try {
      const { result } = await runSearch(client, request.query.q, hiddenGroupsOf(userId), lexemes);
      return { items: result.rows.slice(0, PAGE_LIMIT), nextCursor: null };
    } finally {
      client.release();
    }
  });

  app.addHook('onClose', () => pool.end());
  return { app, pool };
}

async function main(): Promise<void> {
  const { PORT, DATABASE_URL, BENCH_USER_ID } = process.env;
  if (!PORT || !DATABASE_URL || !BENCH_USER_ID) throw new Error('PORT, DATABASE_URL and BENCH_USER_ID must be set');
  const { app } = createBareServer(DATABASE_URL, BENCH_USER_ID);
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: Number(PORT), host: '127.0.0.1' });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bare-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
