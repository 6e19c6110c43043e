import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '@agora/platform';
import { ThreadFeed } from '../libs/discussions/src/live/live.events';
import type { MessageView } from '../libs/discussions/src/dto/discussions.dto';
import { ApiClient, SEEDED } from './support/api-client';
import { connectLive, dropConnection, eventually, LiveClient, nextConnect, pause, request } from './support/live-client';
import { RedisServer } from './support/redis-server';
import { newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/** How many messages the writer sends before, during and after the outage. */
const PER_PHASE = 4;
/**
 * How long Redis stays down: longer than the socket.io adapter's heartbeat timeout (6 s), so the
 * two api instances have given each other up for dead before Redis comes back.
 */
const OUTAGE_MS = 7_000;

/**
 * Redis is SIGKILLed in the middle of a live conversation between two api instances and comes back
 * empty (it keeps nothing). The clients behave as real ones: the writer resends with the same
 * clientMsgId until acknowledged, the reader orders by seq and fetches what it misses with
 * `thread:join { afterSeq }`.
 */
describe('Redis killed and restarted empty during live chat', () => {
  let redis: RedisServer;
  let env: TestEnv;
  let a: ApiClient;
  let b: ApiClient;
  let worker: INestApplicationContext;
  let writer: LiveClient;
  let reader: LiveClient;
  let threadId: string;
  const delivered: MessageView[] = [];
  const acknowledged: MessageView[] = [];

  /** The writer's loop: the same clientMsgId until the server acknowledges it. */
  const send = async (body: string) => {
    const clientMsgId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const ack = await request(writer, 'message:send', { threadId, body, clientMsgId }).catch(() => null);
      if (ack?.ok) return acknowledged.push(ack.message as MessageView);
      if (attempt === 20) throw new Error(`"${body}" was never acknowledged: ${JSON.stringify(ack)}`);
      await pause(250);
    }
  };
  const sendPhase = async (phase: string) => {
    for (let i = 1; i <= PER_PHASE; i++) await send(`${phase} ${i}`);
  };
  const health = async (api: ApiClient) => (await api.get('/health')).status;

  /** The reader: live messages through a ThreadFeed, and a catch-up whenever it sees a gap or starts afresh. */
  const follow = (socket: LiveClient) => {
    const feed = new ThreadFeed(0, (message) => delivered.push(message));
    const catchUp = async () => {
      const ack = await request(socket, 'thread:join', { threadId, afterSeq: delivered.at(-1)?.seq ?? 0 }).catch(() => null);
      (ack?.messages as MessageView[] | undefined)?.forEach((message) => feed.push(message));
    };
    socket.on('message:new', (message) => {
      feed.push(message);
      if (feed.waitingAfter !== null) void catchUp();
    });
    socket.on('connect', () => {
      if (!socket.recovered) void catchUp();
    });
    return catchUp();
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    env = await TestEnv.create({ REDIS_URL: redis.url });
    [a, b] = [await env.startApi(), await env.startApi()];
    worker = await env.startWorker();
    const [bologna, leipzig] = [await a.tokenFor(SEEDED.bologna), await b.tokenFor(SEEDED.leipzig)];
    threadId = await newThread(a, bologna, { forum: 'mobility' }, { title: 'Outage drill', body: 'Opening' });
    writer = await connectLive(a.baseUrl, bologna, { reconnection: true });
    reader = await connectLive(b.baseUrl, leipzig, { reconnection: true });
    await follow(reader);
    expect((await request(writer, 'thread:join', { threadId })).ok).toBe(true);
  });
  afterAll(async () => {
    writer?.close();
    reader?.close();
    // The apps close their Redis connections gracefully, which needs a Redis (after a failed test too).
    if (redis && !redis.running) await redis.restart();
    await env?.close();
    await redis?.kill();
  });

  it('every acknowledged message reaches the reader in seq order, /health is 503 during the outage, the digest scheduler is back', async () => {
    const stderr = jest.spyOn(console, 'error');
    await sendPhase('before');
    expect(await health(a)).toBe(200);

    await redis.kill();
    await eventually(async () => (await health(a)) === 503 && (await health(b)) === 503, 10_000, '/health to report the outage');
    await sendPhase('during');
    // The reader's own network fails too; it reconnects while Redis is still down.
    const { networkBack } = await dropConnection(reader);
    const reconnectedAt = Date.now();
    const reconnected = nextConnect(reader);
    networkBack();
    await Promise.race([reconnected, pause(OUTAGE_MS).then(() => Promise.reject(new Error('the reader could not reconnect')))]);
    expect(reader.recovered).toBe(false);
    await pause(OUTAGE_MS - (Date.now() - reconnectedAt));

    await redis.restart();
    await eventually(async () => (await health(a)) === 200 && (await health(b)) === 200, 20_000, '/health to recover');
    await sendPhase('after');

    const seqs = () => delivered.map((message) => message.seq);
    const last = acknowledged.at(-1)!.seq;
    await eventually(() => delivered.at(-1)?.seq === last, 20_000, `the reader to reach seq ${last}`);
    expect(seqs()).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(acknowledged).toHaveLength(3 * PER_PHASE);
    expect(delivered.filter((message) => acknowledged.some((acked) => acked.id === message.id)).map((m) => m.body)).toEqual(
      acknowledged.map((message) => message.body),
    );

    const digests = worker.get<Queue>(getQueueToken(QueueName.Digests));
    await eventually(
      async () => (await digests.getJobScheduler('digest-tick')) !== undefined,
      20_000,
      'the digest scheduler to exist again',
    );
    // The queues' reconnection errors go to the log, a line now and then, not each with its stack to stderr.
    expect(stderr.mock.calls.filter((args) => /ECONNREFUSED/.test(String(args[0])))).toEqual([]);
    stderr.mockRestore();
  });
});
