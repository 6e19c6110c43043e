import { io, Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../../libs/discussions/src/live/live.events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../libs/discussions/src/live/live.events';
import { clock, decodeClientMsgId, Histogram, ReceiverCommand, ReceiverReport } from './live-protocol';

/**
 * One receiver process of live.bench.ts (run with `node --import tsx`, an IPC channel to the
 * parent): on `connect` it opens `count` socket.io connections to /live and joins each to the
 * thread, then it records, per step tag, how many `message:new` it got and their end-to-end
 * latency (now - the send time carried in the clientMsgId). The parent asks for the figures.
 */

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_TIMEOUT_MS = 30_000;
const JOIN_TIMEOUT_MS = 60_000;

interface StepStats {
  received: number;
  lastAt: number;
  histogram: Histogram;
}

let sockets: LiveSocket[] = [];
const steps = new Map<string, StepStats>();

function report(message: ReceiverReport): void {
  process.send?.(message);
}

/** The bare relay sends back what was sent, the API the stored message: both have the clientMsgId. */
function onMessage(message: { clientMsgId: string }): void {
  const at = clock();
  const sent = decodeClientMsgId(message.clientMsgId);
  if (!sent) return; // the thread's opening message
  let step = steps.get(sent.tag);
  if (!step) {
    step = { received: 0, lastAt: 0, histogram: new Histogram() };
    steps.set(sent.tag, step);
  }
  step.received++;
  step.lastAt = Math.max(step.lastAt, at);
  step.histogram.record(at - sent.sentAt);
}

async function connectOne(url: string, token: string, threadId: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${url}${LIVE_NAMESPACE}`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('message:new', onMessage);
    const ack = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('thread:join', { threadId });
    if (!ack.ok) throw new Error(`thread:join refused: ${ack.error.status} ${ack.error.detail}`);
    return socket;
  } catch (error) {
    socket.close();
    throw error;
  }
}

async function connectAll(command: Extract<ReceiverCommand, { type: 'connect' }>): Promise<ReceiverReport> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < command.count) {
      next++;
      try {
        sockets.push(await connectOne(command.url, command.token, command.threadId));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(command.concurrency, command.count)) }, worker));
  return { type: 'connected', joined: sockets.length, failed, firstError };
}

async function handle(command: ReceiverCommand): Promise<ReceiverReport> {
  switch (command.type) {
    case 'connect':
      return connectAll(command);
    case 'stats': {
      const step = steps.get(command.tag);
      return {
        type: 'stats',
        tag: command.tag,
        withHistogram: command.withHistogram,
        received: step?.received ?? 0,
        lastAt: step?.lastAt ?? 0,
        histogram: command.withHistogram && step ? step.histogram.toPairs() : [],
        connected: sockets.filter((socket) => socket.connected).length,
      };
    }
    case 'disconnect':
      sockets.forEach((socket) => socket.disconnect());
      sockets = [];
      steps.clear();
      return { type: 'disconnected' };
  }
}

if (!process.send) {
  process.stderr.write('live-receiver: run me from live.bench.ts (I need an IPC channel)\n');
  process.exit(1);
}
process.on('message', (command: ReceiverCommand) => {
  handle(command).then(report, (error: unknown) => {
    process.stderr.write(`live-receiver: ${command.type} failed: ${String(error)}\n`);
    process.exit(1);
  });
});
// The parent is gone (finished or crashed): so are we.
process.on('disconnect', () => process.exit(0));
