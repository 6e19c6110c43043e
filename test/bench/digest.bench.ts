import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';
import type { PlanResult } from '../../libs/digests/src/digest.planner';
import { ADMIN_DATABASE_URL, REDIS_URL } from '../support/services';
import type { NoopWorkerReport } from './digest-noop-worker';
import {
  BenchEnvironment,
  Child,
  createBenchEnvironment,
  builtProgram,
  ensureBuild,
  formatTable,
  freePort,
  isRunning,
  log,
  Resources,
  ROOT,
  runBench,
  runToCompletion,
  startChild,
  stopChild,
  waitForHealth,
  withPg,
} from './support';

/**
 * `npm run bench:digest`: the weekly digest of BENCH_USERS users (10,000), composed, rendered,
 * recorded and mailed by ONE built worker process to an SMTP sink in this process, against a
 * baseline that pushes as many no-op jobs through a plain BullMQ worker (digest-noop-worker.ts)
 * with the same concurrency, rate limiter and job options.
 *
 * The data set is inserted with set-based SQL into a throwaway database (migrated and seeded by
 * the built migrate command): users over the seeded cities and their time zones, 1-4 followed
 * forums each, working groups, a week of threads, messages, mentions and read positions. Then one
 * forced weekly run is triggered by adding the DigestTick job to the `digests` queue (what
 * POST /api/admin/digests/run does) and timed until every non-empty digest is `sent` and in the sink.
 *
 * Environment: BENCH_USERS (10000), BENCH_CONCURRENCY (DIGEST_CONCURRENCY of the worker and the
 * baseline's concurrency, 150), BENCH_TIMEOUT_SECONDS (600: each run gives up after this and
 * reports what was done), BENCH_WORKER_NODE_ARGS (extra node flags for the worker, say to profile it).
 */

function envNumber(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return Math.round(value);
}

const USERS = envNumber('BENCH_USERS', 10_000, 10, 1_000_000);
/** DIGEST_CONCURRENCY allows 1-200 (libs/platform/src/config/env.ts). */
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 150, 1, 200);
/** The planner's cost grows with users x active threads: 10,000 users take minutes on 2 shared cores. */
const TIMEOUT_MS = envNumber('BENCH_TIMEOUT_SECONDS', 600, 10) * 1000;
/** Extra node flags for the worker, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (NODE_OPTIONS refuses --cpu-prof). */
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** "A few thousand threads and tens of thousands of messages" at 10,000 users. */
const THREADS = Math.max(10, Math.round(USERS * 0.3));
const MESSAGES = Math.max(THREADS, USERS * 4);
const GROUPS_PER_FORUM = 3;

/** High enough that BullMQ's rate limiter never holds a job back. */
const MAIL_RATE_PER_SECOND = '100000';
/** A day: the worker's own job scheduler must not tick during the run. */
const DIGEST_TICK_SECONDS = '86400';
/** The job options Agora's digests queue gives every job (libs/digests/src/digests.module.ts, default env). */
const AGORA_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const TARGET_SECONDS = 60;
const TARGET_QUERIES_PER_USER = 1;
const POLL_MS = 100;
/** How long a PostgreSQL backend may keep its statistics before it flushes them (PG 15: 1 s when idle). */
const STATS_SETTLE_MS = 1_500;
const READY_TIMEOUT_MS = 60_000;
/** USER_HZ of /proc/<pid>/stat: 100 on Linux. */
const CLOCK_TICKS = 100;

const WORKER_MAIN = builtProgram('worker/main.js', 'apps/worker/apps/worker/src/main.js');
const NOOP_WORKER = path.join(__dirname, 'digest-noop-worker.ts');
const BENCH_RUN_JOB_ID = 'bench-run';

/** Time zones and digest languages of the seeded cities' countries. */
const COUNTRIES: [country: string, zone: string, language: 'en' | 'it' | 'de' | 'fr'][] = [
  ['AT', 'Europe/Vienna', 'de'],
  ['BE', 'Europe/Brussels', 'fr'],
  ['BG', 'Europe/Sofia', 'en'],
  ['CH', 'Europe/Zurich', 'de'],
  ['CZ', 'Europe/Prague', 'en'],
  ['DE', 'Europe/Berlin', 'de'],
  ['DK', 'Europe/Copenhagen', 'en'],
  ['EE', 'Europe/Tallinn', 'en'],
  ['ES', 'Europe/Madrid', 'en'],
  ['FI', 'Europe/Helsinki', 'en'],
  ['FR', 'Europe/Paris', 'fr'],
  ['GB', 'Europe/London', 'en'],
  ['GR', 'Europe/Athens', 'en'],
  ['HR', 'Europe/Zagreb', 'en'],
  ['HU', 'Europe/Budapest', 'en'],
  ['IE', 'Europe/Dublin', 'en'],
  ['IT', 'Europe/Rome', 'it'],
  ['LT', 'Europe/Vilnius', 'en'],
  ['LV', 'Europe/Riga', 'en'],
  ['NL', 'Europe/Amsterdam', 'en'],
  ['NO', 'Europe/Oslo', 'en'],
  ['PL', 'Europe/Warsaw', 'en'],
  ['PT', 'Europe/Lisbon', 'en'],
  ['RO', 'Europe/Bucharest', 'en'],
  ['SE', 'Europe/Stockholm', 'en'],
  ['SI', 'Europe/Ljubljana', 'en'],
  ['SK', 'Europe/Bratislava', 'en'],
];
/** Secretariat staff (no city) work from further away. */
const STAFF_ZONES = ['America/New_York', 'Asia/Tokyo', 'America/Sao_Paulo', 'Australia/Sydney', 'Africa/Nairobi'];

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;
const int = (value: unknown): number => Number(value ?? 0);
const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------------------------

interface DataSet {
  users: number;
  benchUsers: number;
  cities: number;
  zones: number;
  follows: number;
  preferences: number;
  levels: number;
  groups: number;
  memberships: number;
  threads: number;
  groupThreads: number;
  messages: number;
  mentions: number;
  readPositions: number;
  generateMs: number;
}

/**
 * Everything set-based, deterministic (hashint4 of row numbers, no random()), in one session so
 * that the temporary index tables (bu: users, bt: threads, bg: groups) can be joined.
 */
function dataSetSql(users: number, threads: number, messages: number): string[] {
  const perThread = Math.max(1, Math.round(messages / threads));
  const zones = COUNTRIES.map(([country, zone, language]) => `('${country}', '${zone}', '${language}')`).join(', ');
  const staffZones = `array[${STAFF_ZONES.map((zone) => `'${zone}'`).join(', ')}]`;
  return [
    // h(x, salt): a well-mixed non-negative number from integers.
    `create function pg_temp.h(x bigint, salt int) returns bigint language sql immutable
       as 'select hashint8(x * 1000003 + salt)::bigint + 2147483648'`,
    `create temp table bench_zone (country text primary key, zone text not null, language text not null)`,
    `insert into bench_zone values ${zones}`,
    `with c as (select id, country, (row_number() over (order by slug))::int - 1 as k, (count(*) over ())::int as n from city)
     insert into app_user (id, created_at, email, name, password_hash, role, city_id, languages, timezone)
     select gen_random_uuid(), now() - interval '200 days', 'bench-' || i || '@bench.agora.localhost', 'Bench User ' || i, 'bench-no-password',
            case when i % 40 = 0 then 'secretariat' else 'member' end,
            case when i % 40 = 0 then null else c.id end,
            array[case when i % 40 = 0 then 'en' else coalesce(z.language, 'en') end],
            case when i % 40 = 0 then (${staffZones})[1 + (i / 40) % ${STAFF_ZONES.length}] else coalesce(z.zone, 'Europe/Brussels') end
       from generate_series(1, ${users}) i join c on c.k = pg_temp.h(i, 1) % c.n left join bench_zone z on z.country = c.country`,
    `create temp table bu as
     select substring(email from '^bench-([0-9]+)@')::int as i, id, timezone, languages[1] as language from app_user where email like 'bench-%'`,
    `alter table bu add primary key (i)`,
    // 40% chose their own schedule (all weekly; weekday, hour and language vary), the rest have the defaults.
    `insert into digest_preference (user_id, frequency, weekday, hour, timezone, language, updated_at)
     select id, 'weekly', 1 + pg_temp.h(i, 2) % 7, 6 + pg_temp.h(i, 3) % 5, timezone, language, now() - interval '30 days'
       from bu where pg_temp.h(i, 4) % 10 < 4`,
    // Each follows 1-4 consecutive forums (in position order) from a start of their own.
    `insert into forum_follow (id, created_at, user_id, forum_id)
     select gen_random_uuid(), now() - interval '100 days', bu.id, f.id
       from bu join forum f on (f.position - pg_temp.h(bu.i, 5) % 6 + 6) % 6 < 1 + pg_temp.h(bu.i, 6) % 4`,
    // A few hear about one followed forum at another level: muted, or in a daily digest.
    `insert into digest_subscription (user_id, scope_kind, scope_id, level)
     select ff.user_id, 'forum', ff.forum_id, case when pg_temp.h(bu.i, 7) % 2 = 0 then 'muted' else 'daily' end
       from bu join forum_follow ff on ff.user_id = bu.id join forum f on f.id = ff.forum_id
      where pg_temp.h(bu.i, 8) % 25 = 0 and f.position = pg_temp.h(bu.i, 5) % 6`,
    `insert into working_group (id, created_at, forum_id, name, description, visibility)
     select gen_random_uuid(), now() - interval '150 days', f.id, f.name || ' working group ' || g, 'A working group of the benchmark',
            case when g = ${GROUPS_PER_FORUM} then 'private' else 'public' end
       from forum f cross join generate_series(1, ${GROUPS_PER_FORUM}) g`,
    `create temp table bg as select (row_number() over (order by forum_id, name))::int - 1 as k, id, forum_id from working_group`,
    // One user in five is in a group, one in ten in two; a few of those still wait for approval.
    `insert into working_group_membership (id, created_at, working_group_id, user_id, role, status, approved_at)
     select gen_random_uuid(), now() - interval '90 days', bg.id, bu.id, case when pg_temp.h(bu.i, 9) % 40 = 0 then 'lead' else 'member' end,
            case when pg_temp.h(bu.i, 10) % 30 = 0 then 'pending' else 'active' end, now() - interval '90 days'
       from bu cross join generate_series(0, 1) n
       join bg on bg.k = (pg_temp.h(bu.i, 11) + n) % (select count(*) from bg)
      where pg_temp.h(bu.i, 12) % 10 < (case when n = 0 then 2 else 1 end)`,
    // Threads: a quarter in working groups; each starts within the week and ends before now.
    `create temp table bt as
     select t, gen_random_uuid() as id, f.id as forum_id, g.id as group_id, 1 + pg_temp.h(t, 13) % ${2 * perThread - 1} as c,
            now() - interval '6 days 20 hours' * (0.2 + 0.8 * (pg_temp.h(t, 14) % 1000) / 1000.0) as s,
            (select id from bu where bu.i = 1 + pg_temp.h(t, 15) % ${users}) as author_id
       from generate_series(1, ${threads}) t
       left join bg g on t % 4 = 0 and g.k = pg_temp.h(t, 16) % (select count(*) from bg)
       join forum f on f.id = coalesce(g.forum_id, (select id from forum where position = pg_temp.h(t, 17) % 6))`,
    `alter table bt add column e timestamptz`,
    `update bt set e = s + (now() - interval '1 minute' - s) * (0.3 + 0.7 * (pg_temp.h(t, 18) % 1000) / 1000.0)`,
    `insert into thread (id, created_at, forum_id, working_group_id, title, author_id, last_seq, last_activity_at)
     select id, s, forum_id, group_id, 'Benchmark thread ' || t || ': ' ||
            (array['night buses', 'heat plans', 'open data portals', 'social housing', 'cycle lanes', 'library hours', 'air quality sensors', 'start-up hubs'])[1 + t % 8],
            author_id, c, e
       from bt`,
    `insert into message (id, created_at, thread_id, seq, author_id, client_msg_id, body, html)
     select gen_random_uuid(), bt.s + (bt.e - bt.s) * ((j - 1)::float8 / greatest(bt.c - 1, 1)), bt.id, j, coalesce(a.id, bt.author_id),
            'bench-' || bt.t || '-' || j, b.body, '<p>' || b.body || '</p>'
       from bt cross join generate_series(1, bt.c) j
       left join bu a on a.i = 1 + pg_temp.h(bt.t * 10000 + j, 19) % ${users}
       cross join lateral (select 'Message ' || j || ' of thread ' || bt.t || '. In our city we tried this last year: ' ||
            'the pilot ran for six months in two districts, the results are in the attached report, and the council ' ||
            'will decide on the extension in spring. Happy to share the procurement documents with anyone interested.' as body) b`,
    // One message in eight mentions someone.
    `insert into mention (message_id, user_id)
     select m.id, u.id from message m join bu u on u.i = 1 + pg_temp.h(hashtext(m.client_msg_id), 20) % ${users}
      where m.client_msg_id like 'bench-%' and pg_temp.h(hashtext(m.client_msg_id), 21) % 8 = 0
     on conflict do nothing`,
    // Three users in ten have read a few threads of the forums they follow, some to the end.
    `create temp table bft as select forum_id, id, c, (row_number() over (partition by forum_id order by t))::int - 1 as r,
            (count(*) over (partition by forum_id))::int as n from bt where group_id is null`,
    `create index on bft (forum_id, r)`,
    `insert into read_position (user_id, thread_id, seq, updated_at)
     select bu.id, bft.id, greatest(1, bft.c - (pg_temp.h(bu.i * 10 + j, 22) % 3)::int), now() - interval '2 hours'
       from bu join forum_follow ff on ff.user_id = bu.id cross join generate_series(1, 4) j
       join bft on bft.forum_id = ff.forum_id and bft.r = pg_temp.h(bu.i * 10 + j, 23) % bft.n
      where pg_temp.h(bu.i, 24) % 10 < 3
     on conflict do nothing`,
  ];
}

async function generateData(databaseUrl: string): Promise<DataSet> {
  const started = performance.now();
  await withPg(databaseUrl, async (pg) => {
    for (const statement of dataSetSql(USERS, THREADS, MESSAGES)) await pg.query(statement);
    // Fresh statistics and visibility maps, as a database that has been running would have.
    await pg.query('vacuum analyze');
  });
  const generateMs = performance.now() - started;
  return withPg(databaseUrl, async (pg) => {
    const { rows } = await pg.query<Record<string, string>>(`select
        (select count(*) from app_user) as users,
        (select count(*) from app_user where email like 'bench-%') as "benchUsers",
        (select count(distinct city_id) from app_user where email like 'bench-%') as cities,
        (select count(distinct timezone) from app_user) as zones,
        (select count(*) from forum_follow) as follows,
        (select count(*) from digest_preference) as preferences,
        (select count(*) from digest_subscription) as levels,
        (select count(*) from working_group) as groups,
        (select count(*) from working_group_membership) as memberships,
        (select count(*) from thread where last_activity_at > now() - interval '7 days') as threads,
        (select count(*) from thread where last_activity_at > now() - interval '7 days' and working_group_id is not null) as "groupThreads",
        (select count(*) from message where created_at > now() - interval '7 days') as messages,
        (select count(*) from mention) as mentions,
        (select count(*) from read_position) as "readPositions"`);
    const row = rows[0];
    return {
      users: int(row.users),
      benchUsers: int(row.benchUsers),
      cities: int(row.cities),
      zones: int(row.zones),
      follows: int(row.follows),
      preferences: int(row.preferences),
      levels: int(row.levels),
      groups: int(row.groups),
      memberships: int(row.memberships),
      threads: int(row.threads),
      groupThreads: int(row.groupThreads),
      messages: int(row.messages),
      mentions: int(row.mentions),
      readPositions: int(row.readPositions),
      generateMs,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The SMTP sink
// ---------------------------------------------------------------------------------------------

/** Accepts every mail and keeps only what the benchmark counts: how many, and their Message-IDs (read from the data stream). */
class SmtpCounter {
  received = 0;
  firstAt = 0;
  lastAt = 0;
  bytes = 0;
  readonly messageIds = new Map<string, number>();
  private server?: SMTPServer;

  get distinct(): number {
    return this.messageIds.size;
  }

  get duplicates(): number {
    return [...this.messageIds.values()].reduce((sum, count) => sum + count - 1, 0);
  }

  reset(): void {
    this.received = 0;
    this.firstAt = 0;
    this.lastAt = 0;
    this.bytes = 0;
    this.messageIds.clear();
  }

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData: (stream, _session, callback) => this.receive(stream, callback),
    });
    this.server.on('error', (error) => log(`smtp sink: ${error.message}`));
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private receive(stream: SMTPServerDataStream, callback: (error?: Error | null) => void): void {
    let head = '';
    let headDone = false;
    stream.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (headDone) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0 || head.length > 64 * 1024) {
        headDone = true;
        if (end >= 0) head = head.slice(0, end);
      }
    });
    stream.on('end', () => {
      const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
      const messageId = /^message-id:[ \t]*(\S+)/im.exec(unfolded)?.[1] ?? '(none)';
      this.messageIds.set(messageId, (this.messageIds.get(messageId) ?? 0) + 1);
      this.received++;
      const now = performance.now();
      this.firstAt ||= now;
      this.lastAt = now;
      callback();
    });
    stream.on('error', (error) => callback(error));
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring: PostgreSQL statistics and the worker's memory
// ---------------------------------------------------------------------------------------------

interface DatabaseStats {
  transactions: number;
  tupReturned: number;
  tupFetched: number;
  backends: number;
}

/** pg_stat_database of the bench database, read through a connection to another database (so the reading is not counted). */
async function databaseStats(admin: Client, name: string): Promise<DatabaseStats> {
  await admin.query('select pg_stat_clear_snapshot()');
  const { rows } = await admin.query<Record<string, string>>(
    `select xact_commit + xact_rollback as transactions, tup_returned as "tupReturned", tup_fetched as "tupFetched", numbackends as backends
       from pg_stat_database where datname = $1`,
    [name],
  );
  if (!rows[0]) throw new Error(`no statistics for database ${name}`);
  return {
    transactions: int(rows[0].transactions),
    tupReturned: int(rows[0].tupReturned),
    tupFetched: int(rows[0].tupFetched),
    backends: int(rows[0].backends),
  };
}

interface TableStats {
  scans: number;
  inserted: number;
  updated: number;
  maintenance: number;
}

async function tableStats(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Map<string, TableStats>> {
  const rows = await query(
    `select relname, seq_scan + coalesce(idx_scan, 0) as scans, n_tup_ins as inserted, n_tup_upd as updated,
            autovacuum_count + autoanalyze_count as maintenance
       from pg_stat_user_tables`,
  );
  return new Map(
    rows.map((row) => [
      String(row.relname),
      { scans: int(row.scans), inserted: int(row.inserted), updated: int(row.updated), maintenance: int(row.maintenance) },
    ]),
  );
}

/** A pg client whose lost connection (say, the database dropped by an interrupted run's cleanup) is logged, not thrown. */
function quietClient(connectionString: string): Client {
  const client = new Client({ connectionString });
  client.on('error', (error) => log(`postgres connection lost: ${error.message}`));
  return client;
}

/** A connection to the bench database that counts its statements (each is one autocommitted transaction). */
class CountingClient {
  statements = 0;
  private readonly client: Client;

  constructor(connectionString: string) {
    this.client = quietClient(connectionString);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    this.statements++;
    return (await this.client.query<Record<string, unknown>>(sql, params)).rows;
  }

  end(): Promise<void> {
    return this.client.end();
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB; 0 if it cannot be read. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; 0 if it is gone. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS || 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL backends serving a database, by pid. */
async function backendCpu(admin: Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
  return new Map(rows.map((row) => [row.pid, cpuSeconds(row.pid)]));
}

/** CPU the backends used between two readings (a backend of the second that was not in the first started after it). */
function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

interface RunResult {
  label: string;
  jobs: number;
  ms: number;
  finished: boolean;
  statementsPerUser: number | null;
  peakRssMb: number;
  mails: number | null;
  distinct: number | null;
  duplicates: number | null;
  /** CPU seconds during the run: the worker process, and this process (the addBulk, the SMTP sink, the polling). */
  workerCpuS: number;
  benchCpuS: number;
}

function queueConnection() {
  return { url: REDIS_URL, maxRetriesPerRequest: null };
}

/** `jobs` no-op jobs: one addBulk, a plain BullMQ worker in a child process, timed from the addBulk to the last completion. */
async function runBaseline(resources: Resources, environment: BenchEnvironment, jobs: number): Promise<RunResult> {
  const queueName = 'bench-noop';
  const prefix = `${environment.redisPrefix}-bull`;
  const child = startChild(
    'noop-worker',
    process.execPath,
    ['--import', 'tsx', NOOP_WORKER],
    {
      ...environment.sharedEnv,
      BENCH_PREFIX: prefix,
      BENCH_QUEUE: queueName,
      BENCH_JOBS: String(jobs),
      BENCH_CONCURRENCY: String(CONCURRENCY),
      MAIL_RATE_PER_SECOND,
    },
    { ipc: true },
  );
  resources.defer('stop noop-worker', () => stopChild(child));
  let latest: Extract<NoopWorkerReport, { type: 'progress' }> = { type: 'progress', completed: 0, failed: 0, done: false };
  let ready = false;
  child.process.on('message', (report: NoopWorkerReport) => {
    if (report.type === 'ready') ready = true;
    else latest = report;
  });
  const readyBy = Date.now() + READY_TIMEOUT_MS;
  while (!ready) {
    if (!isRunning(child)) throw new Error('noop-worker exited before it was ready');
    if (Date.now() > readyBy) throw new Error(`noop-worker was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }

  const queue = new Queue(queueName, { connection: queueConnection(), prefix });
  try {
    log(`baseline: ${fmt(jobs)} no-op jobs, concurrency ${CONCURRENCY}`);
    const workerCpu = cpuSeconds(child.process.pid);
    const benchCpu = process.cpuUsage();
    const started = performance.now();
    await queue.addBulk(
      Array.from({ length: jobs }, (_, i) => ({
        name: 'noop',
        data: { userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, periodKey: 'weekly-2026-W48' },
        opts: { ...AGORA_JOB_OPTIONS, jobId: `noop-${i}` },
      })),
    );
    const deadline = started + TIMEOUT_MS;
    while (!latest.done && performance.now() < deadline && isRunning(child)) await sleep(10);
    const ms = performance.now() - started;
    if (!latest.done) log(`baseline: gave up after ${seconds(ms)} s with ${fmt(latest.completed)} of ${fmt(jobs)} jobs done`);
    const rss = peakRssMb(child.process.pid);
    const workerCpuS = cpuSeconds(child.process.pid) - workerCpu;
    const benchCpuS = cpuMicros(process.cpuUsage(benchCpu)) / 1e6;
    await stopChild(child);
    return {
      label: 'baseline: no-op BullMQ jobs',
      jobs: latest.completed,
      ms,
      finished: latest.done && latest.failed === 0,
      statementsPerUser: null,
      peakRssMb: rss,
      mails: null,
      distinct: null,
      duplicates: null,
      workerCpuS,
      benchCpuS,
    };
  } finally {
    await queue.close();
  }
}

interface DigestRun extends RunResult {
  /** CPU seconds of the bench database's PostgreSQL backends during the run. */
  pgCpuS: number;
  plan: PlanResult | null;
  planMs: number | null;
  firstMailMs: number | null;
  sinkCompleteMs: number | null;
  statements: number;
  ownStatements: number;
  tupReturned: number;
  tupFetched: number;
  peakBackends: number;
  tables: [string, TableStats][];
  matchingMessageIds: number;
  /** The digest rows at the end, by period and status. */
  periods: string;
  /** The DigestTick job at the end: state, starts, stalls. */
  tick: string;
  /** The digests queue at the end, by state. */
  queueCounts: string;
  /** Digest rows the run wrote. */
  recorded: number;
}

async function statusCounts(db: CountingClient): Promise<Record<string, number>> {
  const rows = await db.query('select status, count(*) as n from digest group by status');
  return Object.fromEntries(rows.map((row) => [String(row.status), int(row.n)]));
}

/** Waits until nothing is waiting or active on the digests queue (the worker's scheduler ticks once at start-up). */
async function waitForIdleQueue(queue: Queue): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let quietPolls = 0;
  while (quietPolls < 3) {
    if (Date.now() > deadline) throw new Error(`the digests queue did not become idle within ${READY_TIMEOUT_MS / 1000} s`);
    const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
    quietPolls = (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0) === 0 ? quietPolls + 1 : 0;
    await sleep(200);
  }
}

interface AgoraWorker {
  child: Child;
  queue: Queue;
  sink: SmtpCounter;
  /** Digests the start-up tick recorded and sent (the seeded users'). */
  startupMails: number;
}

async function startAgoraWorker(
  resources: Resources,
  environment: BenchEnvironment,
  sink: SmtpCounter,
  smtpPort: number,
): Promise<AgoraWorker> {
  const port = await freePort();
  const child = startChild('worker', process.execPath, [...WORKER_NODE_ARGS, WORKER_MAIN], {
    ...environment.sharedEnv,
    NODE_ENV: 'production',
    JWT_SECRET: environment.jwtSecret,
    WORKER_PORT: String(port),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_RATE_PER_SECOND,
    DIGEST_CONCURRENCY: String(CONCURRENCY),
    DIGEST_TICK_SECONDS,
    PUBLIC_URL: 'https://agora.bench.localhost',
  });
  resources.defer('stop worker', () => stopChild(child));
  await waitForHealth(child, `http://127.0.0.1:${port}/health`);
  const queue = new Queue('digests', { connection: queueConnection(), prefix: `${environment.redisPrefix}-bull` });
  resources.defer('close digests queue', () => queue.close());
  // BullMQ runs an `every` job scheduler's first job at once: let that tick (over the seeded users only) finish first.
  await waitForIdleQueue(queue);
  await sleep(500);
  const startupMails = sink.received;
  sink.reset();
  log(`worker ready on 127.0.0.1:${port} (pid ${String(child.process.pid)}); its start-up tick sent ${startupMails} digests`);
  return { child, queue, sink, startupMails };
}

async function runDigests(environment: BenchEnvironment, worker: AgoraWorker, users: number): Promise<DigestRun> {
  const { child, queue, sink } = worker;
  const admin = quietClient(ADMIN_DATABASE_URL);
  await admin.connect();
  const db = new CountingClient(environment.databaseUrl);
  await db.connect();
  try {
    await sleep(STATS_SETTLE_MS); // the worker's start-up statements reach pg_stat_database
    const before = await databaseStats(admin, environment.databaseName);
    db.statements = 0;
    const tablesBefore = await tableStats((sql) => db.query(sql));
    const statusesBefore = await statusCounts(db);
    const sentBefore = statusesBefore.sent ?? 0;

    log(`agora: forced weekly run over ${fmt(users)} users, DIGEST_CONCURRENCY ${CONCURRENCY}`);
    const workerCpu = cpuSeconds(child.process.pid);
    const pgCpu = await backendCpu(admin, environment.databaseName);
    const benchCpu = process.cpuUsage();
    const started = performance.now();
    await queue.add('digest-tick', { force: 'weekly' }, { jobId: BENCH_RUN_JOB_ID });
    const deadline = started + TIMEOUT_MS;
    let plan: PlanResult | null = null;
    let planMs: number | null = null;
    let sinkCompleteMs: number | null = null;
    let doneMs: number | null = null;
    let statuses = statusesBefore;
    let peakBackends = before.backends;
    while (doneMs === null && performance.now() < deadline) {
      await sleep(POLL_MS);
      if (!isRunning(child)) throw new Error(`the worker exited during the run (code ${String(child.process.exitCode)})`);
      peakBackends = Math.max(peakBackends, (await databaseStats(admin, environment.databaseName)).backends);
      if (!plan) {
        const job = await queue.getJob(BENCH_RUN_JOB_ID);
        if (job?.failedReason) {
          log(`agora: the digest tick failed: ${job.failedReason}`);
          break;
        }
        if (job?.finishedOn && job.processedOn) {
          plan = job.returnvalue as PlanResult;
          planMs = job.finishedOn - job.processedOn;
          log(`agora: tick done in ${seconds(planMs)} s: ${JSON.stringify(plan)}`);
        }
      }
      if (!plan) continue;
      if (sinkCompleteMs === null && sink.received >= plan.enqueued) sinkCompleteMs = (sink.lastAt || performance.now()) - started;
      if (sinkCompleteMs === null) continue;
      // Only once the sink has them all: every poll of the digest table is a statement of ours.
      statuses = await statusCounts(db);
      const pending = (statuses.ready ?? 0) + (statuses.sending ?? 0);
      if (pending === 0 && (statuses.sent ?? 0) - sentBefore >= plan.digests) doneMs = performance.now() - started;
    }
    const ms = doneMs ?? performance.now() - started;
    if (doneMs === null) {
      statuses = await statusCounts(db);
      log(`agora: gave up after ${seconds(ms)} s: ${sink.received} mails received, digests ${JSON.stringify(statuses)}`);
    }
    const rss = peakRssMb(child.process.pid);
    const workerCpuS = cpuSeconds(child.process.pid) - workerCpu;
    const benchCpuS = cpuMicros(process.cpuUsage(benchCpu)) / 1e6;
    const tickJob = await queue.getJob(BENCH_RUN_JOB_ID);
    const tick = tickJob
      ? `${await tickJob.getState()}, started ${tickJob.attemptsStarted} time(s), stalled ${tickJob.stalledCounter} time(s)`
      : 'gone';
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const queueCounts = Object.entries(counts)
      .map(([state, n]) => `${state} ${fmt(n)}`)
      .join(', ');
    const recorded = Object.values(statuses).reduce((sum, n) => sum + n, 0) - Object.values(statusesBefore).reduce((sum, n) => sum + n, 0);
    const pgCpuS = backendCpuDelta(pgCpu, await backendCpu(admin, environment.databaseName));
    const ownStatements = db.statements;
    // Closing the connections makes their backends flush their statistics.
    await db.end();
    await stopChild(child);
    await sleep(STATS_SETTLE_MS);
    const after = await databaseStats(admin, environment.databaseName);

    // Read after the second snapshot: not counted.
    const { tablesAfter, matchingMessageIds, periods } = await withPg(environment.databaseUrl, async (pg) => {
      const tables = await tableStats(async (sql) => (await pg.query<Record<string, unknown>>(sql)).rows);
      const ids = [...sink.messageIds.keys()];
      const { rows } = await pg.query<{ n: string }>('select count(*) as n from digest where message_id = any($1::text[])', [ids]);
      const byPeriod = await pg.query<{ period: string; status: string; n: string }>(
        'select period_key as period, status, count(*) as n from digest group by 1, 2 order by 1, 2',
      );
      return {
        tablesAfter: tables,
        matchingMessageIds: int(rows[0]?.n),
        periods: byPeriod.rows.map((row) => `${row.period} ${row.status} ${fmt(int(row.n))}`).join(', '),
      };
    });
    const tables = [...tablesAfter.entries()]
      .map(([name, stats]): [string, TableStats] => {
        const old = tablesBefore.get(name) ?? { scans: 0, inserted: 0, updated: 0, maintenance: 0 };
        return [
          name,
          {
            scans: stats.scans - old.scans,
            inserted: stats.inserted - old.inserted,
            updated: stats.updated - old.updated,
            maintenance: stats.maintenance - old.maintenance,
          },
        ];
      })
      .filter(([, d]) => d.scans || d.inserted || d.updated || d.maintenance)
      .sort((a, b) => b[1].scans - a[1].scans);
    const statements = after.transactions - before.transactions - ownStatements;
    return {
      label: 'agora: weekly digests',
      jobs: sink.received,
      ms,
      finished: doneMs !== null,
      statementsPerUser: statements / users,
      peakRssMb: rss,
      mails: sink.received,
      distinct: sink.distinct,
      duplicates: sink.duplicates,
      workerCpuS,
      benchCpuS,
      pgCpuS,
      plan,
      planMs,
      firstMailMs: sink.firstAt ? sink.firstAt - started : null,
      sinkCompleteMs,
      statements,
      ownStatements,
      tupReturned: after.tupReturned - before.tupReturned,
      tupFetched: after.tupFetched - before.tupFetched,
      peakBackends,
      tables,
      matchingMessageIds,
      periods,
      tick,
      queueCounts,
      recorded,
    };
  } finally {
    await admin.end();
    await db.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

/** The built worker, built from the current sources when missing (a BENCH_DIST build must have it). */
async function ensureWorkerBuild(): Promise<void> {
  await ensureBuild();
  if (!existsSync(WORKER_MAIN)) {
    if (process.env.BENCH_DIST) throw new Error(`BENCH_DIST=${process.env.BENCH_DIST} holds no built worker (${WORKER_MAIN})`);
    log('no worker build found: running nest build');
    await runToCompletion('nest build', 'npx', ['nest', 'build']);
  }
  const sources = path.join(ROOT, 'libs/digests/src');
  const newest = Math.max(...readdirSync(sources, { recursive: true }).map((file) => statSync(path.join(sources, String(file))).mtimeMs));
  if (!process.env.BENCH_DIST && newest > statSync(WORKER_MAIN).mtimeMs) {
    log(`warning: ${path.relative(ROOT, WORKER_MAIN)} is older than libs/digests/src: run npx nest build to measure the current code`);
  }
}

async function main(resources: Resources): Promise<number> {
  await ensureWorkerBuild();
  const environment = await createBenchEnvironment(resources);

  const baseline = await runBaseline(resources, environment, USERS);
  log(`baseline: ${fmt(baseline.jobs)} jobs in ${seconds(baseline.ms)} s`);

  const sink = new SmtpCounter();
  const smtpPort = await sink.start();
  resources.defer('stop smtp sink', () => sink.stop());
  const worker = await startAgoraWorker(resources, environment, sink, smtpPort);

  log(`inserting ${fmt(USERS)} users, ${fmt(THREADS)} threads, ~${fmt(MESSAGES)} messages`);
  const data = await generateData(environment.databaseUrl);
  log(`data set ready in ${seconds(data.generateMs)} s`);

  const agora = await runDigests(environment, worker, data.users);

  const cpus = os.cpus();
  const plan = agora.plan;
  const rounds = Math.ceil(data.users / 500);
  const tableLine = (name: string, d: TableStats) =>
    `${name} ${fmt(d.scans)} scans` + (d.inserted ? `, ${fmt(d.inserted)} ins` : '') + (d.updated ? `, ${fmt(d.updated)} upd` : '');
  const maintenance = agora.tables.reduce((sum, [, d]) => sum + d.maintenance, 0);
  const usersPerSecond = plan ? plan.users / (agora.ms / 1000) : 0;
  const rows = [
    ['run', 'jobs', 'seconds', 'jobs/s', 'queries/user', 'peak RSS MB', 'mails received', 'distinct Message-IDs', 'duplicates'],
    ...[baseline, agora].map((r) => [
      r.label,
      fmt(r.jobs),
      `${seconds(r.ms)}${r.finished ? '' : ' (gave up)'}`,
      (r.jobs / (r.ms / 1000)).toFixed(0),
      r.statementsPerUser === null ? '-' : `${r.statementsPerUser.toFixed(2)}${r.finished ? '' : ' (partial)'}`,
      r.peakRssMb.toFixed(0),
      r.mails === null ? '-' : fmt(r.mails),
      r.distinct === null ? '-' : fmt(r.distinct),
      r.duplicates === null ? '-' : fmt(r.duplicates),
    ]),
  ];
  const expected = plan?.enqueued ?? null;
  const delivered = agora.finished && agora.mails === expected && agora.distinct === expected && agora.duplicates === 0;
  const timeMet = agora.finished && agora.ms < TARGET_SECONDS * 1000 && delivered;
  // Statements per user only mean something for a run that planned and sent everyone's digest.
  const queriesMet = agora.finished && agora.statementsPerUser !== null && agora.statementsPerUser < TARGET_QUERIES_PER_USER;
  const unfinished = agora.finished ? '' : ' (the run did not finish)';
  process.stdout.write(
    [
      '',
      `Agora digest benchmark: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}`,
      `One worker process (${path.relative(ROOT, WORKER_MAIN)}), DIGEST_CONCURRENCY=${CONCURRENCY}, MAIL_RATE_PER_SECOND=${MAIL_RATE_PER_SECOND}, ` +
        `SMTP sink (smtp-server) in the bench process on 127.0.0.1; baseline: no-op processor, same concurrency, limiter and job options`,
      '',
      `Data set (inserted in ${seconds(data.generateMs)} s): ${fmt(data.users)} users (${fmt(data.benchUsers)} bench + ${fmt(data.users - data.benchUsers)} seeded) ` +
        `in ${data.cities} cities and ${data.zones} time zones; ${fmt(data.follows)} forum follows (${(data.follows / data.benchUsers).toFixed(1)} per user); ` +
        `${fmt(data.preferences)} digest preferences, ${fmt(data.levels)} per-forum levels;`,
      `  ${data.groups} working groups with ${fmt(data.memberships)} memberships; last 7 days: ${fmt(data.threads)} threads (${fmt(data.groupThreads)} in groups), ` +
        `${fmt(data.messages)} messages, ${fmt(data.mentions)} mentions; ${fmt(data.readPositions)} read positions`,
      plan
        ? `Forced weekly run: ${fmt(plan.users)} users planned in ${rounds} round${rounds === 1 ? '' : 's'} of 500, ${fmt(plan.digests)} digests + ${fmt(plan.empty)} empty, ` +
          `${fmt(plan.enqueued)} jobs enqueued; planner tick ${agora.planMs === null ? '?' : `${seconds(agora.planMs)} s (${seconds(agora.planMs / rounds)} s a round)`}, ` +
          `first mail at ${agora.firstMailMs === null ? '-' : seconds(agora.firstMailMs)} s, ` +
          `last mail at ${agora.sinkCompleteMs === null ? '-' : seconds(agora.sinkCompleteMs)} s, all rows sent at ${seconds(agora.ms)} s`
        : `Forced weekly run: the planner tick did not finish in ${seconds(agora.ms)} s; by then ${fmt(agora.recorded)} digest rows of ${fmt(data.users)} users recorded, ` +
          `${fmt(agora.mails ?? 0)} mails received (first at ${agora.firstMailMs === null ? '-' : seconds(agora.firstMailMs)} s)`,
      `  the tick job at the end: ${agora.tick}; the digests queue at the end: ${agora.queueCounts}`,
      '',
      formatTable(rows, 1),
      '',
      `agora: ${usersPerSecond.toFixed(0)} users/s; ${fmt(agora.statements)} SQL statements = ${agora.statementsPerUser?.toFixed(2) ?? '-'} per user ` +
        `(xact_commit + xact_rollback of the bench database in pg_stat_database, minus the bench's own ${agora.ownStatements} polls: ` +
        `runSql and em.find outside a transaction autocommit, so one transaction is one statement)`,
      `  rows: tup_returned ${fmt(agora.tupReturned)} (${fmt(agora.tupReturned / (data.users || 1))} per user), tup_fetched ${fmt(agora.tupFetched)}; ` +
        `peak PostgreSQL connections to the bench database: ${agora.peakBackends}` +
        (maintenance ? `; ${maintenance} autovacuum/autoanalyze runs during the run (each adds a transaction or two)` : ''),
      `  scans by table (seq_scan + idx_scan of pg_stat_user_tables): ${agora.tables.map(([name, d]) => tableLine(name, d)).join('; ')}`,
      `  digest rows: ${agora.periods}; ${fmt(agora.matchingMessageIds)} of the ${fmt(agora.distinct ?? 0)} Message-IDs received are recorded on digest rows; ` +
        `${fmt(agora.mails ?? 0)} mails, ${(sink.bytes / 1024 / 1024).toFixed(1)} MB (the worker's scheduler ticked once at start-up, before the bench users existed: ${worker.startupMails} mails, not counted; its rows are above)`,
      `  CPU during the run (${cpus.length} CPUs shared with whatever else runs here): worker ${agora.workerCpuS.toFixed(1)} s, ` +
        `PostgreSQL backends ${agora.pgCpuS.toFixed(1)} s, bench process (SMTP sink, polling) ${agora.benchCpuS.toFixed(1)} s; ` +
        `baseline: worker ${baseline.workerCpuS.toFixed(1)} s, bench process (addBulk) ${baseline.benchCpuS.toFixed(1)} s`,
      `agora / baseline: ${(agora.ms / baseline.ms).toFixed(1)}x the time for ${fmt(agora.jobs)} vs ${fmt(baseline.jobs)} jobs`,
      '',
      `Targets for agora (${fmt(USERS)} bench users):`,
      `  every digest delivered once (${expected === null ? 'how many is unknown: the planner did not finish' : `${fmt(expected)} expected`}; ` +
        `${fmt(agora.mails ?? 0)} received, ${fmt(agora.duplicates ?? 0)} duplicates): ${delivered ? 'met' : 'NOT met'}`,
      `  all digests sent in < ${TARGET_SECONDS} s: ${seconds(agora.ms)} s${unfinished}, ${timeMet ? 'met' : 'NOT met'}`,
      `  < ${TARGET_QUERIES_PER_USER} query per user: ${agora.statementsPerUser?.toFixed(2) ?? '-'}${unfinished}, ${queriesMet ? 'met' : 'NOT met'}`,
      `  => ${timeMet && queriesMet && delivered ? 'all targets met' : 'targets NOT met'}`,
      '',
    ].join('\n'),
  );
  return baseline.finished && agora.finished ? 0 : 1;
}

runBench(main);
