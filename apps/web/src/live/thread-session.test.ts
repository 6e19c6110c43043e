import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveMessage, Person } from '@agora/contract';
import type { LiveSocket } from './socket';

/** The thread's messages on the "server"; GET /messages pages over them. */
const server: { messages: LiveMessage[] } = { messages: [] };
const fetched: number[] = [];

vi.mock('../api/client', () => ({
  api: {
    GET: (_path: string, init: { params: { query: { afterSeq: number; limit: number } } }) => {
      const { afterSeq, limit } = init.params.query;
      fetched.push(afterSeq);
      const after = server.messages.filter((message) => message.seq > afterSeq);
      return Promise.resolve({ data: { items: after.slice(0, limit), nextCursor: after.length > limit ? 'more' : null } });
    },
    PUT: () => Promise.resolve({ data: {} }),
  },
}));

const { ThreadSession } = await import('./thread-session');

const giulia: Person = { id: 'u-giulia', name: 'Giulia Rossi', city: null };
const jonas: Person = { id: 'u-jonas', name: 'Jonas Weber', city: null };
const message = (seq: number, author = jonas, clientMsgId = `c${seq}`): LiveMessage => ({
  id: `m${seq}`,
  threadId: 't',
  seq,
  clientMsgId,
  author,
  body: `message ${seq}`,
  html: `<p>message ${seq}</p>`,
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
  deletedAt: null,
});

/** Just enough of a socket.io client: events in, emits recorded, acks answered by `reply`. */
class FakeSocket {
  connected = false;
  readonly emitted: { event: string; payload: Record<string, unknown> }[] = [];
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();

  constructor(private readonly reply: (event: string, payload: Record<string, unknown>) => unknown) {}

  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, (this.handlers.get(event) ?? new Set()).add(handler));
    return this;
  }
  off(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  connect() {
    return this;
  }
  emit(event: string, payload: Record<string, unknown>, ack?: (response: unknown) => void) {
    this.emitted.push({ event, payload });
    ack?.(this.reply(event, payload));
    return this;
  }
  timeout() {
    return {
      emitWithAck: (event: string, payload: Record<string, unknown>) => {
        this.emitted.push({ event, payload });
        return Promise.resolve(this.reply(event, payload));
      },
    };
  }
  fire(event: string, ...args: unknown[]) {
    this.handlers.get(event)?.forEach((handler) => handler(...args));
  }
  setConnected(connected: boolean) {
    this.connected = connected;
    this.fire(connected ? 'connect' : 'disconnect', connected ? undefined : 'transport close');
  }
  sent(event: string) {
    return this.emitted.filter((entry) => entry.event === event).map((entry) => entry.payload);
  }
}

/** A server that answers joins with what follows afterSeq and stores sends (idempotent by clientMsgId). */
function fakeServer() {
  return (event: string, payload: Record<string, unknown>) => {
    if (event === 'thread:join') {
      return { ok: true, messages: server.messages.filter((m) => m.seq > (payload.afterSeq as number)), hasMore: false };
    }
    if (event === 'message:send') {
      const existing = server.messages.find((m) => m.clientMsgId === payload.clientMsgId && m.author.id === giulia.id);
      const stored = existing ?? message(server.messages.length + 1, giulia, payload.clientMsgId as string);
      if (!existing) server.messages.push(stored);
      return { ok: true, message: stored };
    }
    return { ok: true };
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const seqs = (session: InstanceType<typeof ThreadSession>) => session.getSnapshot().store.messages.map((m) => m.seq);

describe('thread session on the tab socket', () => {
  beforeEach(() => {
    server.messages = Array.from({ length: 60 }, (_, index) => message(index + 1));
    fetched.length = 0;
  });

  it('opens at the newest messages and rejoins after every reconnect with afterSeq = the last seq held', async () => {
    const socket = new FakeSocket(fakeServer());
    const session = new ThreadSession(socket as unknown as LiveSocket, 't', giulia, 60);
    session.open();
    socket.setConnected(true);
    await settle();
    expect(socket.sent('thread:join')).toEqual([{ threadId: 't', afterSeq: 10 }]);
    expect(seqs(session)).toEqual(Array.from({ length: 50 }, (_, index) => index + 11));

    socket.setConnected(false);
    server.messages.push(message(61), message(62)); // posted while the laptop slept
    socket.setConnected(true);
    await settle();
    expect(socket.sent('thread:join')[1]).toEqual({ threadId: 't', afterSeq: 60 });
    expect(seqs(session).slice(-3)).toEqual([60, 61, 62]);
    session.close();
  });

  it('queues a message written while disconnected and sends it, once, after the rejoin', async () => {
    const socket = new FakeSocket(fakeServer());
    const session = new ThreadSession(socket as unknown as LiveSocket, 't', giulia, 60);
    session.open();
    session.send('written offline', 'draft-1');
    session.send('written offline', 'draft-1'); // a double click
    expect(session.getSnapshot().store.outbox.map((m) => [m.clientMsgId, m.status])).toEqual([['draft-1', 'queued']]);
    expect(socket.sent('message:send')).toEqual([]);

    socket.setConnected(true);
    await settle();
    await settle();
    expect(socket.sent('message:send')).toEqual([{ threadId: 't', body: 'written offline', clientMsgId: 'draft-1' }]);
    expect(session.getSnapshot().store.outbox).toEqual([]);
    expect(session.getSnapshot().store.messages.at(-1)).toMatchObject({ seq: 61, clientMsgId: 'draft-1' });
    session.close();
  });

  it('fetches the gap when a broadcast skips a seq, and announces only live messages by others', async () => {
    const socket = new FakeSocket(fakeServer());
    const session = new ThreadSession(socket as unknown as LiveSocket, 't', giulia, 60);
    const announced: number[] = [];
    session.onArrival((m) => announced.push(m.seq));
    session.open();
    socket.setConnected(true);
    await settle();
    server.messages.push(message(61), message(62));
    socket.fire('message:new', message(62)); // 61 has not arrived (yet)
    await settle();
    expect(fetched).toContain(60);
    expect(seqs(session).slice(-3)).toEqual([60, 61, 62]);
    socket.fire('message:new', message(63, giulia)); // one's own message from another tab
    expect(announced).toEqual([62]);
    session.close();
  });

  it('keeps a refused message with its error, and retries it under the same clientMsgId', async () => {
    let refuse = true;
    const serve = fakeServer();
    const socket = new FakeSocket((event, payload) =>
      event === 'message:send' && refuse
        ? { ok: false, error: { status: 429, title: 'Too Many Requests', detail: 'slow down', code: 'rate-limited' } }
        : serve(event, payload),
    );
    const session = new ThreadSession(socket as unknown as LiveSocket, 't', giulia, 60);
    session.open();
    socket.setConnected(true);
    await settle();
    session.send('hello', 'draft-2');
    await settle();
    expect(session.getSnapshot().store.outbox).toMatchObject([{ clientMsgId: 'draft-2', status: 'failed', error: { status: 429 } }]);
    refuse = false;
    session.retry('draft-2');
    await settle();
    expect(socket.sent('message:send').map((payload) => payload.clientMsgId)).toEqual(['draft-2', 'draft-2']);
    expect(session.getSnapshot().store.outbox).toEqual([]);
    session.close();
  });
});
