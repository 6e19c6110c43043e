import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { ApiClient, DEV_PASSWORD, SEEDED } from '../support/api-client';
import {
  Child,
  createBenchEnvironment,
  ensureBuild,
  formatTable,
  isRunning,
  log,
  Resources,
  runBench,
  startApi,
  startBareServer,
  withPg,
} from './support';

/**
 * `npm run bench:api`: the built Agora API against a bare Fastify + pg baseline (bare-server.ts)
 * answering the same routes with the same JSON from the same SQL. Each run gets its own database
 * (migrated and seeded by the built migrate command) and Redis key prefix, removed at the end.
 *
 * BENCH_DURATION and BENCH_WARMUP (seconds) override the measured and warm-up durations.
 */

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const TARGET_P99_MS = 50;
const TARGET_THROUGHPUT_RATIO = 0.5;

const ROUTES = ['/api/forums', '/api/cities/bologna'] as const;
type ServerName = 'agora' | 'bare';

interface Measurement {
  route: string;
  server: ServerName;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function load(url: string, headers: Record<string, string>, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, headers, connections: CONNECTIONS, duration });
}

/** autocannon reports whole milliseconds; keep up to two decimals in case that changes. */
const ms = (value: number) => String(Number(value.toFixed(2)));

async function main(resources: Resources): Promise<number> {
  await ensureBuild();
  const environment = await createBenchEnvironment(resources);
  const { child: api, url: apiUrl } = await startApi(resources, environment);
  const token = await new ApiClient(apiUrl).tokenFor(SEEDED.bologna, DEV_PASSWORD);
  log(`api listening on ${apiUrl}, signed in as ${SEEDED.bologna}`);

  const userId = await withPg(environment.databaseUrl, async (pg) => {
    const { rows } = await pg.query<{ id: string }>('select id from app_user where email = $1', [SEEDED.bologna]);
    if (!rows[0]) throw new Error(`${SEEDED.bologna} is not seeded`);
    return rows[0].id;
  });
  const { child: bare, url: bareUrl } = await startBareServer(resources, environment, userId);

  const targets: Record<ServerName, { child: Child; url: string; headers: Record<string, string> }> = {
    agora: { child: api, url: apiUrl, headers: { authorization: `Bearer ${token}` } },
    bare: { child: bare, url: bareUrl, headers: {} },
  };

  // The comparison only means something if both servers answer the same thing.
  for (const route of ROUTES) {
    const [ours, theirs] = await Promise.all([
      getJson(`${apiUrl}${route}`, targets.agora.headers),
      getJson(`${bareUrl}${route}`, targets.bare.headers),
    ]);
    if (!isDeepStrictEqual(ours, theirs)) {
      throw new Error(
        `GET ${route}: the baseline's JSON differs from the API's\nagora: ${JSON.stringify(ours)}\nbare:  ${JSON.stringify(theirs)}`,
      );
    }
  }
  log('both servers answer the same JSON on every route');

  const results: Measurement[] = [];
  for (const route of ROUTES) {
    for (const server of ['agora', 'bare'] as const) {
      const { child, url, headers } = targets[server];
      if (!isRunning(child)) throw new Error(`${child.label} exited during the benchmark`);
      log(`GET ${route} on ${server}: ${WARMUP_S} s warm-up, ${DURATION_S} s measured`);
      if (WARMUP_S > 0) await load(`${url}${route}`, headers, WARMUP_S);
      const result = await load(`${url}${route}`, headers, DURATION_S);
      results.push({
        route: `GET ${route}`,
        server,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failures: result.non2xx + result.errors,
      });
    }
  }

  const rows = [['route', 'server', 'req/s (avg)', 'p50 ms', 'p99 ms', 'agora/bare req/s', 'non-2xx+errors']];
  const verdicts: string[] = [];
  let allMet = true;
  for (const route of ROUTES.map((r) => `GET ${r}`)) {
    const agora = results.find((m) => m.route === route && m.server === 'agora');
    const bare = results.find((m) => m.route === route && m.server === 'bare');
    if (!agora || !bare) continue;
    const ratio = agora.rps / bare.rps;
    for (const m of [agora, bare]) {
      rows.push([route, m.server, m.rps.toFixed(0), ms(m.p50), ms(m.p99), m === agora ? `${ratio.toFixed(2)}x` : '', String(m.failures)]);
    }
    const p99Met = agora.p99 < TARGET_P99_MS;
    const ratioMet = ratio >= TARGET_THROUGHPUT_RATIO;
    allMet &&= p99Met && ratioMet;
    verdicts.push(
      `${route.padEnd(24)} p99 ${ms(agora.p99)} ms < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'}; ` +
        `throughput ${ratio.toFixed(2)}x >= ${TARGET_THROUGHPUT_RATIO}x bare: ${ratioMet ? 'met' : 'NOT met'}`,
    );
  }

  const cpus = os.cpus();
  const failures = results.reduce((sum, m) => sum + m.failures, 0);
  process.stdout.write(
    [
      '',
      `Agora API benchmark: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}`,
      `${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up, one server at a time; agora = built API, bare = Fastify + pg`,
      '',
      formatTable(rows),
      '',
      `Targets for agora (p99 < ${TARGET_P99_MS} ms, throughput >= ${TARGET_THROUGHPUT_RATIO}x bare):`,
      ...verdicts.map((verdict) => `  ${verdict}`),
      `  => ${allMet ? 'all targets met' : 'targets NOT met'}`,
      '',
    ].join('\n'),
  );
  if (failures > 0) {
    log(`${failures} requests failed or answered non-2xx: the figures are not valid`);
    return 1;
  }
  return 0;
}

runBench(main);
