import Fastify, { FastifyInstance } from 'fastify';
import { Pool } from 'pg';

/**
 * The baseline of the API benchmark: a bare Fastify server that answers the two benchmarked
 * routes with the same JSON as the Agora API, built from the same SQL run directly through `pg`.
 * No auth, no validation, no logging, no ORM: what is left is the cost of PostgreSQL and HTTP.
 *
 * Run as a child process by api.bench.ts: PORT, DATABASE_URL and BENCH_USER_ID (whose follows
 * /api/forums reports, as the signed-in user of the API run) come from the environment.
 */

interface ForumRow {
  id: string;
  slug: string;
  name: string;
  description: string;
}

interface CityRow {
  id: string;
  slug: string;
  name: string;
  country: string;
  member_since: number | null;
}

interface TwinningRow {
  since: number | null;
  partner_slug: string;
  partner_name: string;
}

interface MandateRow {
  id: string;
  role: string;
  scope_kind: string;
  scope_ref: string | null;
  from: number;
  to: number | null;
}

/** The same pool size as the API's MikroORM pool (libs/platform/src/database/orm-options.ts). */
const POOL_SIZE = 10;

export function createBareServer(databaseUrl: string, userId: string): { app: FastifyInstance; pool: Pool } {
  const pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const app = Fastify({ logger: false });

  app.get('/health', () => ({ status: 'ok' }));

  // ForumsService.list(): the forums by position, and the caller's follows, in parallel.
  app.get('/api/forums', async () => {
    const [forums, follows] = await Promise.all([
      pool.query<ForumRow>('select id, created_at, slug, name, description, position from forum order by position asc'),
      pool.query<{ forum_id: string }>('select id, created_at, user_id, forum_id from forum_follow where user_id = $1', [userId]),
    ]);
    const followed = new Set(follows.rows.map((row) => row.forum_id));
    return {
      items: forums.rows.map((forum) => ({
        id: forum.id,
        slug: forum.slug,
        name: forum.name,
        description: forum.description,
        following: followed.has(forum.id),
      })),
      nextCursor: null,
    };
  });

  // CitiesService.profile(): the city, then its twinnings (with the partner city) and its mandates in parallel.
  app.get<{ Params: { slug: string } }>('/api/cities/:slug', async (request, reply) => {
    const {
      rows: [city],
    } = await pool.query<CityRow>('select id, created_at, slug, name, country, member_since from city where slug = $1 limit 1', [
      request.params.slug,
    ]);
    if (!city) return reply.code(404).send({ status: 404, title: 'Not Found' });
    const [twinnings, mandates] = await Promise.all([
      pool.query<TwinningRow>(
        `select t.id, t.since, p.slug as partner_slug, p.name as partner_name
           from twinning t
           join city p on p.id = case when t.first_id = $1 then t.second_id else t.first_id end
          where t.first_id = $1 or t.second_id = $1`,
        [city.id],
      ),
      pool.query<MandateRow>(
        'select id, created_at, city_id, role, scope_kind, scope_ref, "from", "to" from mandate where city_id = $1 order by "from" asc, role asc',
        [city.id],
      ),
    ]);
    return {
      slug: city.slug,
      name: city.name,
      country: city.country,
      memberSince: city.member_since,
      twinnings: twinnings.rows
        .map((row) => ({ city: { slug: row.partner_slug, name: row.partner_name }, since: row.since }))
        .sort((a, b) => a.city.name.localeCompare(b.city.name)),
      mandates: mandates.rows.map((row) => ({
        id: row.id,
        role: row.role,
        scope: row.scope_ref ? { kind: row.scope_kind, slug: row.scope_ref } : { kind: row.scope_kind },
        from: row.from,
        to: row.to,
      })),
    };
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
