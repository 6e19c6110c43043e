/**
 * The state of one open thread, as pure functions over an immutable value: the messages held
 * (by seq), the ones held back behind a gap, and the user's own messages not yet confirmed.
 * The socket, HTTP and React live elsewhere (thread-session.ts, hooks.ts); this is what the
 * unit tests pin down: order by seq whatever the arrival order, never a message twice.
 */
import type { AckError, LiveMessage, Person } from '@agora/contract';

export type OutboxStatus = 'sending' | 'queued' | 'failed';

/** One of the user's own messages, shown at once, until the server's copy replaces it. */
export interface OutboxMessage {
  clientMsgId: string;
  threadId: string;
  body: string;
  author: Person;
  createdAt: string;
  status: OutboxStatus;
  error?: AckError;
}

export interface ThreadState {
  /** Contiguous by seq, ascending: firstSeq .. lastSeq (deleted ones included, as the server keeps them). */
  messages: LiveMessage[];
  /** Arrived after a gap: released once the gap is filled. */
  held: LiveMessage[];
  /** Not yet confirmed, in the order they were written. */
  outbox: OutboxMessage[];
  /** The seq of the newest contiguous message held (0: none). */
  lastSeq: number;
  /** True once the oldest message (seq 1) is held, so there is nothing earlier to load. */
  complete: boolean;
}

/** A thread opened at its newest messages: the ones up to `afterSeq` are loaded later, on request. */
export const emptyThread = (afterSeq = 0): ThreadState => ({
  messages: [],
  held: [],
  outbox: [],
  lastSeq: afterSeq,
  complete: afterSeq === 0,
});

const firstSeq = (state: ThreadState) => state.messages[0]?.seq ?? state.lastSeq + 1;

/** Messages leave the outbox when the server's copy of them (same author and clientMsgId) is held. */
function settle(outbox: OutboxMessage[], confirmed: LiveMessage[]): OutboxMessage[] {
  if (!outbox.length || !confirmed.length) return outbox;
  const keys = new Set(confirmed.map((message) => `${message.author.id}:${message.clientMsgId}`));
  const left = outbox.filter((pending) => !keys.has(`${pending.author.id}:${pending.clientMsgId}`));
  return left.length === outbox.length ? outbox : left;
}

/**
 * Merges messages from any source (a broadcast, an ack, a catch-up page), in any order, any
 * number of times: each seq is held once, in order; a seq beyond a gap waits in `held` until
 * the gap is filled (see `gapAfter`). A copy of a seq already held replaces it only when it is
 * newer (an edit or a deletion that overtook the original).
 */
export function receive(state: ThreadState, incoming: LiveMessage[]): ThreadState {
  if (!incoming.length) return state;
  const bySeq = new Map(state.held.map((message) => [message.seq, message]));
  let messages = state.messages;
  for (const message of incoming) {
    if (message.seq <= state.lastSeq && message.seq >= firstSeq(state)) messages = replaceIfNewer(messages, message, firstSeq(state));
    else if (message.seq > state.lastSeq) bySeq.set(message.seq, newer(bySeq.get(message.seq), message));
  }
  let lastSeq = state.lastSeq;
  const released: LiveMessage[] = [];
  for (let next = bySeq.get(lastSeq + 1); next; next = bySeq.get(lastSeq + 1)) {
    bySeq.delete(next.seq);
    released.push(next);
    lastSeq = next.seq;
  }
  if (released.length) messages = [...messages, ...released];
  const held = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const outbox = settle(state.outbox, [...released, ...held]);
  return { ...state, messages, held, lastSeq, outbox, complete: state.complete || messages[0]?.seq === 1 };
}

/** Older messages loaded on request (seqs just before the first held), prepended in order. */
export function prepend(state: ThreadState, older: LiveMessage[]): ThreadState {
  const first = firstSeq(state);
  const fresh = older.filter((message) => message.seq < first).sort((a, b) => a.seq - b.seq);
  const contiguous: LiveMessage[] = [];
  for (let index = fresh.length - 1, want = first - 1; index >= 0 && fresh[index].seq === want; index--, want--)
    contiguous.unshift(fresh[index]);
  if (!contiguous.length) return state.complete || first !== 1 ? state : { ...state, complete: true };
  return { ...state, messages: [...contiguous, ...state.messages], complete: contiguous[0].seq === 1 };
}

/** An edit or a deletion, in place; one for a message not held (older than the window) changes nothing. */
export function update(state: ThreadState, message: LiveMessage): ThreadState {
  if (message.seq > state.lastSeq) return receive(state, [message]);
  if (message.seq < firstSeq(state)) return state;
  const messages = replaceIfNewer(state.messages, message, firstSeq(state));
  return messages === state.messages ? state : { ...state, messages };
}

/** The seq after which messages are missing (fetch `afterSeq` = this), or null when none are. */
export function gapAfter(state: ThreadState): number | null {
  return state.held.length ? state.lastSeq : null;
}

/** A message the user just wrote. Writing the same clientMsgId again (a double click, a resend) changes nothing. */
export function enqueue(state: ThreadState, pending: Omit<OutboxMessage, 'status'>, status: OutboxStatus): ThreadState {
  if (state.outbox.some((message) => message.clientMsgId === pending.clientMsgId)) return state;
  if (state.messages.some((message) => message.clientMsgId === pending.clientMsgId && message.author.id === pending.author.id))
    return state;
  return { ...state, outbox: [...state.outbox, { ...pending, status }] };
}

/** The send of one outbox message moved on: sending again, queued for the connection, or failed (it stays, with retry). */
export function markOutbox(state: ThreadState, clientMsgId: string, status: OutboxStatus, error?: AckError): ThreadState {
  const index = state.outbox.findIndex((message) => message.clientMsgId === clientMsgId);
  if (index < 0) return state;
  const outbox = [...state.outbox];
  outbox[index] = { ...outbox[index], status, error };
  return { ...state, outbox };
}

/** The user gave up on a failed message. */
export function discard(state: ThreadState, clientMsgId: string): ThreadState {
  return { ...state, outbox: state.outbox.filter((message) => message.clientMsgId !== clientMsgId) };
}

export type ThreadItem = { kind: 'message'; message: LiveMessage } | { kind: 'outbox'; message: OutboxMessage };

/** What the page shows, top to bottom: the held messages by seq, then the user's unconfirmed ones. */
export function items(state: ThreadState): ThreadItem[] {
  return [
    ...state.messages.map((message): ThreadItem => ({ kind: 'message', message })),
    ...state.outbox.map((message): ThreadItem => ({ kind: 'outbox', message })),
  ];
}

const version = (message: LiveMessage) => Math.max(Date.parse(message.editedAt ?? '') || 0, Date.parse(message.deletedAt ?? '') || 0);

/** Of two copies of one seq, the later state: a deletion wins, then the latest edit. */
function newer(current: LiveMessage | undefined, candidate: LiveMessage): LiveMessage {
  if (!current) return candidate;
  if (current.deletedAt && !candidate.deletedAt) return current;
  if (candidate.deletedAt && !current.deletedAt) return candidate;
  return version(candidate) > version(current) ? candidate : current;
}

function replaceIfNewer(messages: LiveMessage[], message: LiveMessage, first: number): LiveMessage[] {
  const index = message.seq - first;
  const current = messages[index];
  if (!current || newer(current, message) === current) return messages;
  const next = [...messages];
  next[index] = message;
  return next;
}
