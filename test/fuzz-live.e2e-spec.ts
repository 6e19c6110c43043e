import fc from 'fast-check';
import type { ClientToServerEvents } from '../libs/discussions/src/live/live.events';
import { ApiClient, SEEDED } from './support/api-client';
import { changedTables, DatabaseWatch } from './support/fuzz/db-fingerprint';
import { HOSTILE_STRINGS } from './support/fuzz/hostile';
import { payloadArbitrary, Schema, ValuePool } from './support/fuzz/openapi-arbitraries';
import { Finding, firstOfEachKind, FUZZ_SEED, fuzzRuns, report } from './support/fuzz/run';
import { connectLive, eventually, request } from './support/live-client';
import { TestEnv } from './support/test-env';

type Event = keyof ClientToServerEvents;

const uuid: Schema = { type: 'string', example: '3f1c2b9e-5d1a-4f7e-9d7c-0a1b2c3d4e5f' };
const seq: Schema = { type: 'integer', minimum: 0 };
/** The payload of every client-to-server event, as `live.payloads.ts` validates it. */
const EVENTS: Record<Event, Schema> = {
  'thread:join': { type: 'object', properties: { threadId: uuid, afterSeq: seq }, required: ['threadId'] },
  'thread:leave': { type: 'object', properties: { threadId: uuid }, required: ['threadId'] },
  'message:send': {
    type: 'object',
    properties: { threadId: uuid, body: { type: 'string' }, clientMsgId: { type: 'string' } },
    required: ['threadId', 'body', 'clientMsgId'],
  },
  'message:edit': { type: 'object', properties: { messageId: uuid, body: { type: 'string' } }, required: ['messageId', 'body'] },
  'message:delete': { type: 'object', properties: { messageId: uuid }, required: ['messageId'] },
  typing: { type: 'object', properties: { threadId: uuid }, required: ['threadId'] },
  'thread:read': { type: 'object', properties: { threadId: uuid, seq }, required: ['threadId', 'seq'] },
};
const WRITING_EVENTS = new Set<Event>(['message:send', 'message:edit', 'message:delete', 'thread:read']);

/** Under the per-socket burst (30), so that the payloads reach the handlers instead of the 429. */
const PER_SOCKET = 25;
/** Comfortably under the 64 KB frame limit; bigger frames are checked on their own below. */
const MAX_FRAME = 60 * 1024;

/**
 * Every client-to-server event of `/live`, fuzzed like the HTTP operations: each ack is ok or
 * an error below 500, the socket stays connected, events that were all refused write nothing.
 */
describe('fuzzing every socket event of /live', () => {
  let env: TestEnv;
  let api: ApiClient;
  let pool: ValuePool;
  const tokens: Record<'member' | 'staff', string> = { member: '', staff: '' };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    tokens.member = await api.tokenFor(SEEDED.bologna);
    tokens.staff = await api.tokenFor(SEEDED.secretariat);
    const thread = (await api.post('/api/forums/mobility/threads', { title: 'Live fuzz', body: 'First' }, tokens.member)).body;
    const message = (await api.post(`/api/threads/${thread.id}/messages`, { body: 'Second', clientMsgId: 'live-1' }, tokens.member)).body;
    pool = { threadId: [thread.id], messageId: [message.id], ids: [thread.id, message.id] };
  }, 120_000); // a new database, migrated and seeded, and the processes: slow on a loaded machine
  afterAll(() => env.close(), 60_000);

  it('acknowledges every generated payload with ok or an error below 500, keeps the socket, writes nothing when refused', async () => {
    const started = Date.now();
    const events = Object.keys(EVENTS) as Event[];
    const callers = Object.keys(tokens) as (keyof typeof tokens)[];
    // A seventh of the HTTP count: a socket takes 25 events at most before its rate limit answers instead.
    const perGroup = Math.ceil(fuzzRuns(10_000) / 7 / (events.length * callers.length));
    const watch = await DatabaseWatch.open(env.databaseUrl);
    const findings: Finding[] = [];
    let sent = 0;
    let before = await watch.fingerprint();
    try {
      for (const [g, [event, caller]] of events.flatMap((e) => callers.map((c) => [e, c] as const)).entries()) {
        const arbitrary = payloadArbitrary(EVENTS[event], pool).filter((payload) => frameSize(payload) <= MAX_FRAME);
        const payloads = fc.sample(arbitrary, { seed: FUZZ_SEED + g, numRuns: perGroup });
        for (let start = 0; start < payloads.length; start += PER_SOCKET) {
          const batch = payloads.slice(start, start + PER_SOCKET);
          const socket = await connectLive(api.baseUrl, tokens[caller]);
          try {
            const acks = await Promise.all(batch.map((payload) => request(socket, event, payload).catch((error: Error) => error)));
            sent += batch.length;
            acks.forEach((ack, i) => {
              const reason = ackVerdict(ack);
              if (reason)
                findings.push({ op: event, caller, status: statusOf(ack), reason, request: JSON.stringify(batch[i]).slice(0, 300) });
            });
            if (!socket.connected) findings.push({ op: event, caller, status: 'closed', reason: 'socket dropped', request: '' });
            const after = await watch.fingerprint();
            const wrote = WRITING_EVENTS.has(event) && acks.some((ack) => !(ack instanceof Error) && ack.ok);
            const changed = changedTables(before, after);
            if (!wrote && changed.length)
              findings.push({ op: event, caller, status: 'write', reason: `refused events wrote to ${changed.join(', ')}`, request: '' });
            before = after;
          } finally {
            socket.close();
          }
        }
      }
    } finally {
      await watch.close();
    }
    report(
      `live fuzz: ${sent} events over ${events.length} events x ${callers.length} callers in ${((Date.now() - started) / 1000).toFixed(1)} s; FUZZ_SEED=${FUZZ_SEED}`,
    );
    expect(firstOfEachKind(findings)).toEqual([]);
    expect((await api.get('/health')).status).toBe(200);
  }, 600_000);

  it('closes only the socket that sends a frame over 64 KB; the others and the api carry on', async () => {
    const bystander = await connectLive(api.baseUrl, tokens.member);
    const sender = await connectLive(api.baseUrl, tokens.member);
    sender.emit('message:send', { threadId: pool.threadId[0], body: 'x'.repeat(70 * 1024), clientMsgId: 'too-big' }, () => undefined);
    await eventually(() => !sender.connected, 5000, 'the oversized frame to close its socket');
    expect(bystander.connected).toBe(true);
    expect(await request(bystander, 'thread:join', { threadId: pool.threadId[0] })).toMatchObject({ ok: true });
    bystander.close();
    expect((await api.get('/health')).status).toBe(200);
  });

  it('refuses a handshake with a hostile token with a status below 500', async () => {
    for (const token of [...HOSTILE_STRINGS.filter((value) => value.length < 50_000), 'Bearer x', `${tokens.member}\u0000`]) {
      const refusal = await connectLive(api.baseUrl, token).then(
        (socket) => {
          socket.close();
          return { data: { status: 200 } };
        },
        (error: { data?: { status?: number } }) => error,
      );
      expect(refusal.data?.status).toBeLessThan(500);
      expect(refusal.data?.status).not.toBe(200);
    }
  });
});

function frameSize(payload: unknown): number {
  return Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(JSON.stringify(payload) ?? '');
}

function statusOf(ack: unknown): number | string {
  if (ack instanceof Error) return 'no ack';
  return (ack as { error?: { status?: number } }).error?.status ?? 'ok';
}

function ackVerdict(ack: unknown): string | undefined {
  if (ack instanceof Error) return `no acknowledgement: ${ack.message}`;
  const { ok, error } = ack as { ok?: unknown; error?: { status?: unknown; title?: unknown; detail?: unknown } };
  if (ok === true) return undefined;
  if (ok !== false || !error) return `malformed ack ${JSON.stringify(ack).slice(0, 200)}`;
  if (typeof error.status !== 'number' || error.status >= 500) return `error ${String(error.status)}: ${String(error.detail)}`;
  if (typeof error.title !== 'string' || typeof error.detail !== 'string') return 'error without title or detail';
  return undefined;
}
